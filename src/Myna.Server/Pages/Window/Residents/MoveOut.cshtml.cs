using Myna.Primitives.Text;
using Microsoft.AspNetCore.Mvc;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>V5: the move-out notice (転出届) with the planned move date and the destination.</summary>
public sealed class MoveOutModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    [BindProperty]
    public DateOnly? PlannedMoveDate { get; set; }

    [BindProperty]
    public string? Destination { get; set; }

    public override async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        PlannedMoveDate = Today;
        return await base.OnGetAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (PlannedMoveDate is not { } planned)
            return await RefusedAsync(Refusal.Invalid(new LocalizedText("転出予定日を入力してください。", "Enter the planned move date.")), cancellationToken);
        var outcome = await Window.NoteMoveOutAsync(Id, planned, Destination ?? "", Actor, cancellationToken);
        return await AfterAsync(outcome, move => T($"転出届を受け付けました（転出予定日 {Date(move.PlannedMoveDate)}、転出先 {move.Destination}）。転入先で転入届とカードの継続利用の手続をしてください（V5）。",
            $"Move-out notice recorded (planned move {Date(move.PlannedMoveDate)}, to {move.Destination}). The move-in notice and the card's continuation follow at the new municipality (V5)."), cancellationToken);
    }
}
