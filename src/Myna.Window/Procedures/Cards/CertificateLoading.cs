using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Registry.Rules;

namespace Myna.Window.Procedures.Cards;

/// <summary>The certificates a procedure loads on an issued card (L2, E5, M1), and how it does it.</summary>
internal static class CertificateLoading
{
    /// <summary>The certificates to load with their PINs, checked against P4; none when no PIN was entered.</summary>
    public static (IReadOnlyList<(JpkiHierarchy Hierarchy, Pin Pin)> Wanted, Refusal? Refusal) Parse(CertificatePins pins, Resident resident, DateOnly today)
    {
        var holder = new HolderFacts(resident.BirthDate, resident.IsAdultWard);
        var wanted = new List<(JpkiHierarchy, Pin)>();
        foreach (var (hierarchy, kind, text) in new[]
                 {
                     (JpkiHierarchy.Signature, PinKind.Signature, pins.Signature),
                     (JpkiHierarchy.UserAuthentication, PinKind.UserAuthentication, pins.UserAuthentication),
                 })
        {
            var (pin, bad) = Checks.OptionalPin(kind, text);
            if (bad is not null)
                return ([], bad);
            if (pin is null)
                continue;
            // At the window the legal representative decides for an under-15 or adult ward (P4): entering the PIN is that decision.
            if (CertificateEligibilityRule.MayLoad(hierarchy, holder, today, legalRepresentativeWantsIt: true) is { IsAllowed: false } decision)
                return ([], Refusal.Of(decision));
            wanted.Add((hierarchy, pin));
        }
        return (wanted, null);
    }

    /// <summary>
    /// Issues each certificate on the chip (recorded under the procedure's request id) and records it on the card; a
    /// certificate it replaces is revoked (superseded) in the same unit of work.
    /// </summary>
    public static async Task<IReadOnlyList<CardCertificate>> LoadAsync(
        WindowWork work, CardRecord card, Resident resident, IReadOnlyList<(JpkiHierarchy Hierarchy, Pin Pin)> wanted, ChipWork? open = null)
    {
        if (wanted.Count == 0)
            return [];
        var municipality = await work.MunicipalityAsync(card.IssuedBy);
        var chip = open ?? await work.OpenChipAsync(card, municipality);
        var loaded = new List<CardCertificate>();
        foreach (var (hierarchy, pin) in wanted)
        {
            var der = work.Issuing.IssueCertificate(chip.Chip, chip.Details!, Certificates.KindOf(hierarchy), pin, resident.FourDetails,
                Romaji.Of(municipality), card.ExpiresOn, work.RequestId);
            var certificate = Certificates.ToCardCertificate(hierarchy, der);
            work.LinkCertificate(hierarchy, der, card.Id, resident.Id);
            if (card.LoadCertificate(certificate, work.Today) is { } previous)
                work.Revoke([previous], RevocationReasons.ForReissue);
            loaded.Add(certificate);
        }
        return loaded;
    }

    /// <summary>The certificates loaded, as an audit entry says them.</summary>
    public static LocalizedText Describe(IReadOnlyList<CardCertificate> certificates) => certificates.Count == 0
        ? new("なし", "none")
        : new(string.Join("・", certificates.Select(c => Refusals.CertificateWords(c.Hierarchy).Japanese)),
            string.Join(", ", certificates.Select(c => Refusals.CertificateWords(c.Hierarchy).English)));
}
