using Myna.Primitives.Text;
using Microsoft.AspNetCore.Mvc;
using Myna.Primitives;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>P3: a blocked or forgotten PIN set anew at the window of the municipality of residence; typed twice.</summary>
public sealed class ResetPinModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    [BindProperty]
    public PinKind Kind { get; set; } = PinKind.UserAuthentication;

    [BindProperty]
    public string? NewPin { get; set; }

    [BindProperty]
    public string? ConfirmPin { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        if (Card is not { } card)
            return await RefusedAsync(NoCard, cancellationToken);
        // Typed twice so that a slip of the finger does not lock the holder out again.
        if (!string.Equals(NewPin, ConfirmPin, StringComparison.Ordinal))
            return await RefusedAsync(Refusal.Invalid(new LocalizedText("確認のために入力した暗証番号が一致しません。", "The two entries of the new PIN differ.")), cancellationToken);
        var outcome = await Window.ResetPinAsync(card.Id, Kind, NewPin ?? "", Actor, cancellationToken);
        return await AfterAsync(outcome, _ => T($"{PinWords(Kind)}を再設定しました（P3）。", $"{PinWords(Kind)}: set anew (P3)."), cancellationToken);
    }

    protected override void ForgetSecrets() => (NewPin, ConfirmPin) = (null, null);
}
