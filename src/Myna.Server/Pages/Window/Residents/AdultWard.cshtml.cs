using Microsoft.AspNetCore.Mvc;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>P4: an adult-ward ruling (成年後見開始の審判) recorded or cleared; it decides which certificates may be loaded.</summary>
public sealed class AdultWardModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    /// <summary>Whether the resident is an adult ward (成年被後見人).</summary>
    [BindProperty]
    public bool IsAdultWard { get; set; }

    public override async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        IsAdultWard = Resident.IsAdultWard;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await Window.SetAdultWardAsync(Id, IsAdultWard, Actor, cancellationToken);
        return await AfterAsync(outcome, resident => resident.IsAdultWard
            ? T("成年被後見人として記録しました。署名用電子証明書は発行できません（P4）。",
                "Recorded as an adult ward: no signature certificate is issued (P4).")
            : T("成年被後見人の記録を消去しました。", "The adult-ward ruling was cleared."), cancellationToken);
    }
}
