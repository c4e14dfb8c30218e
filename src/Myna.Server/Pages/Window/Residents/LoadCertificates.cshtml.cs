using Microsoft.AspNetCore.Mvc;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>E5: certificates not wanted at the application (or revoked since) loaded onto the card in use; P4 shown.</summary>
public sealed class LoadCertificatesModel(MunicipalWindow window) : CertificatePinsPageModel(window)
{
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        if (Card is not { } card)
            return await RefusedAsync(NoCard, cancellationToken);
        var outcome = await Window.LoadCertificatesAsync(card.Id, Pins, Actor, cancellationToken);
        return await AfterAsync(outcome, loaded => T("電子証明書を搭載しました（E5）。カードの証明書: ", "Certificates loaded (E5). On the card now: ")
            + string.Join(T("、", ", "), loaded.Certificates.Select(c => CertificateWords(c.Hierarchy))), cancellationToken);
    }
}
