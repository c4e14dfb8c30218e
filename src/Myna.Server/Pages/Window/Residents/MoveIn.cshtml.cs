using Myna.Primitives.Text;
using Microsoft.AspNetCore.Mvc;
using Myna.Registry.Moves;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>
/// V5: the move-in notice (転入届) at the new municipality. A late one is recorded all the same, and the page says in
/// words that the card lapsed, when, and by which rule; with the card presented in time, its continued use is recorded.
/// </summary>
public sealed class MoveInModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    [BindProperty]
    public string? Municipality { get; set; }

    [BindProperty]
    public string? NewAddress { get; set; }

    /// <summary>The day the holder started living at the new address (V5 counts 14 days from it).</summary>
    [BindProperty]
    public DateOnly? MovedOn { get; set; }

    [BindProperty]
    public bool CardPresented { get; set; } = true;

    [BindProperty]
    public string? NewSignaturePin { get; set; }

    public IReadOnlyList<Municipality> Municipalities { get; private set; } = [];

    /// <summary>The move-out notice awaiting this move-in, or null.</summary>
    public ResidentMove? PendingMove => ResidentFile.Moves.FirstOrDefault(m => m.MoveInNotifiedOn is null);

    /// <summary>After a late move-in: why and when the card lapsed (V5); the move-in itself was recorded.</summary>
    public LapseStatus? Lapsed { get; private set; }

    public override async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Municipalities = await Window.MunicipalitiesAsync(cancellationToken);
        MovedOn = Today;
        return await base.OnGetAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Municipalities = await Window.MunicipalitiesAsync(cancellationToken);
        if (MovedOn is not { } movedOn)
            return await RefusedAsync(Refusal.Invalid(new LocalizedText("転入した日を入力してください。", "Enter the day of the move.")), cancellationToken);
        var form = new MoveInForm(Municipality ?? "", NewAddress ?? "", movedOn, CardPresented, string.IsNullOrEmpty(NewSignaturePin) ? null : NewSignaturePin);
        var outcome = await Window.MoveInAsync(Id, form, Actor, cancellationToken);
        if (outcome.Succeeded && outcome.Value.Lapse is { IsLapsed: true } lapse)
        {
            // The notice is recorded, but the card is gone for good (V6: only a reissue helps): the page says so
            // instead of a "done" that would hide it.
            ForgetSecrets();
            Lapsed = lapse;
            await LoadAsync(cancellationToken);
            return Page();
        }
        return await AfterAsync(outcome, moved => T("転入届を受け付けました。", "Move-in notice recorded. ") + (CardPresented
            ? T("カードの継続利用を記録しました（V5）。", "The card's continued use is recorded (V5). ")
            // The V5 sentence says by when the continuation is due.
            : T("", "The card's continuation is still due (V5): ") + (moved.Lapse?.Reason.Current ?? ""))
            + (moved.Notice is { } notice && CardPresented ? T("", " ") + CardNoticeWords(notice) : ""), cancellationToken);
    }

    protected override void ForgetSecrets() => NewSignaturePin = null;
}
