using Microsoft.EntityFrameworkCore;
using Myna.Documents;
using Myna.Kiosk;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;
using Myna.Storage;

namespace Myna.ConvenienceIssuance.Municipal;

/// <summary>A document ready to print: the PDF, the seal its QR code carries, and the canonical content the seal signs.</summary>
public sealed record PressedDocument(byte[] Pdf, string Seal, byte[] Canonical);

/// <summary>
/// Turns a municipality's records into the certificate it issues at the kiosk: composes the content from the registry
/// (<see cref="CertificateComposer"/>), seals it with the municipality's key, renders the PDF. Thread-safe.
/// </summary>
public sealed class DocumentPress(SealKeyring seals, CertificatePdf renderer)
{
    /// <summary>The keys that seal, and whose certificates verify.</summary>
    public SealKeyring Seals => seals;

    /// <summary>The fiscal year's tax certificate and the first day it is issued (U2.6⑤); null when the holder has no assessment for it.</summary>
    public Task<TaxCertificateYear?> TaxYearAsync(MynaDbContext db, Guid resident, int fiscalYear, CancellationToken cancellationToken) =>
        CertificateComposer.TaxYearAsync(db, resident, fiscalYear, cancellationToken);

    /// <summary>Whether the holder has a seal registration in force (what ③ certifies).</summary>
    public Task<bool> HasLiveSealAsync(MynaDbContext db, Guid resident, CancellationToken cancellationToken) =>
        CertificateComposer.HasLiveSealAsync(db, resident, cancellationToken);

    /// <summary>Composes, seals and renders <paramref name="order"/>'s certificate for holder <paramref name="holder"/>.</summary>
    public async Task<KioskAnswer<PressedDocument>> PressAsync(
        MynaDbContext db, KioskSettings settings, Guid holder, CertificateOrder order, string issueNumber, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(order);
        var municipality = await db.Set<Municipality>().AsNoTracking().SingleAsync(m => m.Code == settings.Municipality, cancellationToken);
        var issuer = new IssuingMunicipality(municipality.Code.Value, municipality.Prefecture + municipality.Name);
        var composed = await CertificateComposer.ComposeAsync(db, issuer, municipality.Name + "長", holder, order, issueNumber, day, cancellationToken);
        if (composed.Refusal is { } refusal)
            return refusal;
        var content = composed.Value!;
        string seal;
        try
        {
            seal = seals.SealerOf(issuer.Code).Seal(content);
        }
        catch (SealCapacityExceededException)
        {
            return KioskRefusals.TooLongForKiosk;
        }
        return KioskAnswer<PressedDocument>.Of(new PressedDocument(renderer.Render(content, seal), seal, content.ToCanonicalBytes()));
    }
}
