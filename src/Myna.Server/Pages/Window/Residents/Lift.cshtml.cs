using Microsoft.AspNetCore.Mvc;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>L2: the holder found the card again; the window lifts the suspension and issues new certificates.</summary>
public sealed class LiftModel(MunicipalWindow window) : CertificatePinsPageModel(window)
{
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        if (Card is not { } card)
            return await RefusedAsync(NoCard, cancellationToken);
        var outcome = await Window.LiftSuspensionAsync(card.Id, Pins, Actor, cancellationToken);
        return await AfterAsync(outcome, lifted => T("一時停止を解除しました（L2）。新しい電子証明書: ", "The suspension was lifted (L2). New certificates: ")
            + (lifted.Certificates.Any() ? string.Join(T("、", ", "), lifted.Certificates.Select(c => CertificateWords(c.Hierarchy))) : T("なし", "none")), cancellationToken);
    }
}
