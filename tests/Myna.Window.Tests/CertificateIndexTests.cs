using System.Security.Cryptography.X509Certificates;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Storage.Audit;

namespace Myna.Window.Tests;

/// <summary>Every certificate issued can be found by serial, by card and by holder.</summary>
public class CertificateIndexTests : WindowTestBase
{
    [Fact]
    public async Task Certificates_AreFoundByHolderAndCardAndSerial_WithTheirStatus()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        await Window.SuspendCardAsync(card.Id, AuditActor.CallCentre);
        var lifted = (await Window.LiftSuspensionAsync(card.Id, new CertificatePins("AGAIN123", "4444"), WindowHarness.Staff)).Value;

        var all = await Window.CertificatesOfResidentAsync(resident.Id);
        Assert.Equal(4, all.Count);
        Assert.All(all, c => Assert.Equal(card.Id, c.CardId));
        Assert.Equal(2, all.Count(c => c.Status.Kind == CertificateStatusKind.Revoked && c.Status.Reason == X509RevocationReason.KeyCompromise));
        Assert.Equal(2, all.Count(c => c.Status.Kind == CertificateStatusKind.Good));

        var bySerial = await Window.CertificateAsync(JpkiHierarchy.Signature, lifted.SignatureCertificate!.SerialNumber.ToLowerInvariant());
        using var der = X509CertificateLoader.LoadCertificate(bySerial!.Der!);
        Assert.Equal(lifted.SignatureCertificate.SerialNumber, der.SerialNumber);
        Assert.Null(await Window.CertificateAsync(JpkiHierarchy.UserAuthentication, lifted.SignatureCertificate.SerialNumber + "00"));
    }
}
