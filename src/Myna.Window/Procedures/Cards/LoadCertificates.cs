using Myna.Pki;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Rules;

namespace Myna.Window.Procedures.Cards;

/// <summary>E5: loads certificates not wanted at application (or revoked since) onto a card in use.</summary>
internal static class LoadCertificates
{
    public const string Action = "certificates.loaded";

    public static async Task<WindowOutcome<CardRecord>> RunAsync(WindowWork work, Guid cardId, CertificatePins pins)
    {
        ArgumentNullException.ThrowIfNull(pins);
        var (card, notInUse) = await CardInUse.FindAsync(work, cardId, RuleIds.E5,
            new("電子証明書を搭載できるのは利用中のカードだけです。", "certificates are loaded on a card in use"));
        if (card is null)
            return notInUse!;
        var resident = (await work.ResidentAsync(card.ResidentId))!;
        var (wanted, refused) = CertificateLoading.Parse(pins, resident, work.Today);
        if (refused is not null)
            return refused;
        if (wanted.Count == 0)
            return Refusals.CertificatePinsRequired;
        foreach (var (hierarchy, _) in wanted)
        {
            if (hierarchy == JpkiHierarchy.Signature ? card.SignatureCertificate is not null : card.AuthenticationCertificate is not null)
                return Refusals.CertificateLoadedAlready(hierarchy);
        }
        if (Checks.CardFace(work, resident) is { } unwritable)
            return unwritable;
        if (await work.ClaimAsync(card, resident) is { } conflict)
            return conflict;
        var loaded = await CertificateLoading.LoadAsync(work, card, resident, wanted);
        var described = CertificateLoading.Describe(loaded);
        work.Audit(Action, Checks.CardSubject(card.Id), new LocalizedText(
            $"電子証明書を搭載しました：{described.Japanese}。（E5）", $"loaded later (E5): {described.English}"));
        return WindowOutcome<CardRecord>.Success(card);
    }
}
