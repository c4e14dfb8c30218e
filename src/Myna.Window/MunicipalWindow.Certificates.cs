using Myna.Issuance;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Audit;

namespace Myna.Window;

// Loss and suspension (L1, L2), certificates loaded later (E5), PIN reset (P3), return of a card.
public sealed partial class MunicipalWindow
{
    /// <summary>L1: suspends a card at once, at any hour (the call centre); both certificates are revoked (keyCompromise).</summary>
    public async Task<WindowOutcome<CardRecord>> SuspendCardAsync(Guid cardId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var today = Today;
        await using var db = _contexts.CreateDbContext();
        var (card, refused) = await CardInUseAsync(db, cardId, today, "L1", "only a card in use is suspended", cancellationToken);
        if (card is null)
            return refused!;
        if (await ClaimAsync(db, cancellationToken, card) is { } conflict)
            return conflict;
        Revoke(card.Suspend(today), RevocationReasons.ForCardLost);
        Audit(db, actor, "card.suspended", CardSubject(card.Id), "suspended after a report of loss or theft (L1); certificates revoked (keyCompromise)");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<CardRecord>.Success(card);
    }

    /// <summary>
    /// L2: lifts a suspension at the window of the municipality of residence, when the card is found again; new
    /// certificates are issued for the PINs the holder enters (P4 still applies).
    /// </summary>
    public async Task<WindowOutcome<CardRecord>> LiftSuspensionAsync(
        Guid cardId, CertificatePins pins, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pins);
        var today = Today;
        await using var db = _contexts.CreateDbContext();
        var card = await FindCardAsync(db, cardId, cancellationToken);
        if (card is null)
            return Refusal.NotFound("No such card.");
        if (card.State != CardState.Suspended)
            return Refusal.ByRule("L2", $"The card is {card.State.Describe()}: there is no suspension to lift (L2).");
        var resident = (await FindResidentAsync(db, card.ResidentId, cancellationToken))!;
        if (resident.Status != ResidentStatus.Registered)
            return Refusal.ByRule("L2", "A suspension is lifted at the window of the municipality of residence, after the move-in notice (L2).");
        var wanted = ParseCertificatePins(pins, resident, today);
        if (wanted.Refusal is { } refused)
            return refused;
        if (Guard(() => card.LiftSuspension(today)) is { } expired)
            return expired;
        if (await ClaimAsync(db, cancellationToken, card, resident) is { } conflict)
            return conflict;
        var municipality = await MunicipalityAsync(db, card.IssuedBy, cancellationToken);
        var loaded = IssueCertificates(db, card, resident, municipality, wanted.Value, today);
        Audit(db, actor, "card.suspension-lifted", CardSubject(card.Id), $"suspension lifted (L2); new certificates: {Describe(loaded)}");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<CardRecord>.Success(card);
    }

    /// <summary>E5: loads certificates not wanted at application (or revoked since) onto a card in use.</summary>
    public async Task<WindowOutcome<CardRecord>> LoadCertificatesAsync(
        Guid cardId, CertificatePins pins, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pins);
        var today = Today;
        await using var db = _contexts.CreateDbContext();
        var (card, notInUse) = await CardInUseAsync(db, cardId, today, "E5", "certificates are loaded on a card in use", cancellationToken);
        if (card is null)
            return notInUse!;
        var resident = (await FindResidentAsync(db, card.ResidentId, cancellationToken))!;
        var wanted = ParseCertificatePins(pins, resident, today);
        if (wanted.Refusal is { } refused)
            return refused;
        if (wanted.Value.Count == 0)
            return Refusal.Invalid("Enter the PIN of each certificate to load.");
        foreach (var (hierarchy, _) in wanted.Value)
        {
            if (hierarchy == JpkiHierarchy.Signature ? card.SignatureCertificate is not null : card.AuthenticationCertificate is not null)
                return Refusal.ByRule("E5", $"The card holds a valid {Describe(hierarchy)} already, so there is nothing to load (E5); renewal is from 3 months before its expiry (V1).");
        }
        if (await ClaimAsync(db, cancellationToken, card, resident) is { } conflict)
            return conflict;
        var municipality = await MunicipalityAsync(db, card.IssuedBy, cancellationToken);
        var loaded = IssueCertificates(db, card, resident, municipality, wanted.Value, today);
        Audit(db, actor, "certificates.loaded", CardSubject(card.Id), $"loaded later (E5): {Describe(loaded)}");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<CardRecord>.Success(card);
    }

    /// <summary>P3: sets a new PIN for a blocked (or forgotten) one, only at the window of the municipality of residence.</summary>
    public async Task<WindowOutcome<CardRecord>> ResetPinAsync(
        Guid cardId, PinKind kind, string newPin, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var today = Today;
        var pin = Pin.Parse(kind, newPin);
        if (!pin.Success)
            return Refusal.Invalid(pin.Error!);
        await using var db = _contexts.CreateDbContext();
        var (card, notInUse) = await CardInUseAsync(db, cardId, today, "P3", "a PIN is reset on a card in use", cancellationToken);
        if (card is null)
            return notInUse!;
        var resident = (await FindResidentAsync(db, card.ResidentId, cancellationToken))!;
        if (resident.Status != ResidentStatus.Registered)
            return Refusal.ByRule("P3", "A PIN is reset at the window of the municipality of residence (P3).");
        if ((kind == PinKind.Signature && card.SignatureCertificate is null) || (kind == PinKind.UserAuthentication && card.AuthenticationCertificate is null))
            return Refusal.ByRule("P3", "That certificate is not on the card, so it has no PIN to reset (P3); E5 loads it.");
        if (await ClaimAsync(db, cancellationToken, card) is { } conflict)
            return conflict;
        var municipality = await MunicipalityAsync(db, card.IssuedBy, cancellationToken);
        _issuing.ResetPin(OnFile(CardPath(card.Id), card, municipality), pin.Value);
        Audit(db, actor, "pin.reset", CardSubject(card.Id), $"{kind} PIN set anew and its counter cleared at the window (P3)");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<CardRecord>.Success(card);
    }

    /// <summary>The holder hands the card back (返納): it ends, and its certificates are revoked (cessationOfOperation).</summary>
    public Task<WindowOutcome<CardRecord>> ReturnCardAsync(Guid cardId, AuditActor actor, CancellationToken cancellationToken = default) =>
        ReturnCardAsync(cardId, reason: null, actor, cancellationToken);

    /// <summary>The card, if it exists and is in use today; else the refusal (not found, or <paramref name="rule"/> with why).</summary>
    private static async Task<(CardRecord? Card, Refusal? Refusal)> CardInUseAsync(
        MynaDbContext db, Guid cardId, DateOnly today, string rule, string why, CancellationToken cancellationToken)
    {
        var card = await FindCardAsync(db, cardId, cancellationToken);
        if (card is null)
            return (null, Refusal.NotFound("No such card."));
        var state = card.StateOn(today);
        return state == CardState.Active
            ? (card, null)
            : (null, Refusal.ByRule(rule, $"The card is {state.Describe()}: {why} ({rule})."));
    }

    /// <summary>The certificates to load with their PINs, checked against P4; none when no PIN was entered.</summary>
    private static WindowOutcome<IReadOnlyList<(JpkiHierarchy Hierarchy, Pin Pin)>> ParseCertificatePins(
        CertificatePins pins, Resident resident, DateOnly today)
    {
        var holder = new HolderFacts(resident.BirthDate, resident.IsAdultWard);
        var wanted = new List<(JpkiHierarchy, Pin)>();
        foreach (var (hierarchy, kind, text) in new[]
                 {
                     (JpkiHierarchy.Signature, PinKind.Signature, pins.Signature),
                     (JpkiHierarchy.UserAuthentication, PinKind.UserAuthentication, pins.UserAuthentication),
                 })
        {
            if (ParseOptionalPin(kind, text) is not { } parsed)
                continue;
            if (!parsed.Success)
                return Refusal.Invalid(parsed.Error!);
            // At the window the legal representative decides for an under-15 or adult ward (P4): entering the PIN is that decision.
            var decision = CertificateEligibilityRule.MayLoad(hierarchy, holder, today, legalRepresentativeWantsIt: true);
            if (!decision.IsAllowed)
                return Refusal.ByRule(decision.Rule, decision.Reason.English); // bilingual refusal: lead
            wanted.Add((hierarchy, parsed.Value));
        }
        return WindowOutcome<IReadOnlyList<(JpkiHierarchy, Pin)>>.Success(wanted);
    }

    /// <summary>Issues each certificate on the chip and records it on the card; a certificate it replaces is revoked (superseded).</summary>
    private IReadOnlyList<CardCertificate> IssueCertificates(
        MynaDbContext db, CardRecord card, Resident resident, Municipality municipality, IReadOnlyList<(JpkiHierarchy Hierarchy, Pin Pin)> wanted, DateOnly today)
    {
        var onFile = OnFile(CardPath(card.Id), card, municipality);
        var loaded = new List<CardCertificate>();
        foreach (var (hierarchy, pin) in wanted)
        {
            var der = _issuing.IssueCertificate(onFile, KindOf(hierarchy), pin, resident.FourDetails, Romaji(municipality), card.ExpiresOn);
            var certificate = ToCardCertificate(hierarchy, der);
            LinkCertificate(db, hierarchy, der, card.Id, resident.Id);
            if (card.LoadCertificate(certificate, today) is { } previous)
                Revoke([previous], RevocationReasons.ForReissue);
            loaded.Add(certificate);
        }
        return loaded;
    }

    private static string Describe(IReadOnlyList<CardCertificate> certificates) =>
        certificates.Count == 0 ? "none" : string.Join(", ", certificates.Select(c => Describe(c.Hierarchy)));

    private static string Describe(JpkiHierarchy hierarchy) =>
        hierarchy == JpkiHierarchy.Signature ? "signature certificate" : "user-authentication certificate";
}
