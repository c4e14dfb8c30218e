using Microsoft.AspNetCore.Mvc;
using Myna.Registry.Moves;
using Myna.Registry.Rules;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>V5: the continuation procedure (継続利用) after a move-in without the card, within 90 days of the notice.</summary>
public sealed class ContinuationModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    [BindProperty]
    public string? NewSignaturePin { get; set; }

    /// <summary>The move-in awaiting the card's continuation, or null.</summary>
    public ResidentMove? OpenMove => ResidentFile.Moves.FirstOrDefault(m => m.MoveInNotifiedOn is not null && m.ContinuedOn is null);

    /// <summary>Where the card stands under V5 today for <see cref="OpenMove"/> (with its deadline), or null.</summary>
    public LapseStatus? Standing => OpenMove is { } m
        ? CardLapseRule.Evaluate(new MoveFacts(m.PlannedMoveDate, m.MovedOn, m.MoveInNotifiedOn, m.CardPresentedAtMoveIn), Today)
        : null;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await Window.ContinueCardAsync(Id, string.IsNullOrEmpty(NewSignaturePin) ? null : NewSignaturePin, Actor, cancellationToken);
        return await AfterAsync(outcome, done => T("カードの継続利用を記録しました（V5）。", "The card's continued use is recorded (V5). ")
            + (done.Notice is { } notice ? T("", " ") + CardNoticeWords(notice) : ""), cancellationToken);
    }

    protected override void ForgetSecrets() => NewSignaturePin = null;
}
