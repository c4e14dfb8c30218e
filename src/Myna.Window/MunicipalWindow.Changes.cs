using System.Globalization;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Audit;

namespace Myna.Window;

/// <summary>What a change of written details did to the resident's card (M1, M2).</summary>
/// <param name="Resident">The resident after the change.</param>
/// <param name="Card">The card in use, or null when the resident holds none.</param>
/// <param name="Endorsement">The entry written into the endorsement area, or null.</param>
/// <param name="Notice">What the holder must be told (endorsement area full → free reissue, M2), or null.</param>
public sealed record DetailsChange(Resident Resident, CardRecord? Card, Endorsement? Endorsement, string? Notice);

// Changes of written details (M1–M3) and of a foreign resident's expiry (V4).
public sealed partial class MunicipalWindow
{
    /// <summary>M1: a move within the municipality (転居): new address on the record, the card's endorsement area and chip.</summary>
    /// <param name="residentId">Whose address.</param>
    /// <param name="newAddress">The new address.</param>
    /// <param name="newSignaturePin">The signature certificate carries the address, so it is revoked; a new one is issued for this password, or none when null.</param>
    /// <param name="actor">Who records it.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    public async Task<WindowOutcome<DetailsChange>> ChangeAddressAsync(
        Guid residentId, string newAddress, string? newSignaturePin, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(newAddress) || newAddress.Length > 200)
            return Refusal.Invalid("An address is required (at most 200 characters).");
        return await ChangeDetailsAsync(residentId, newSignaturePin, actor, "resident.address-changed",
            (resident, today) => resident.ChangeAddress(newAddress, today)
                ? $"{Japanese(today)} 住所変更 {resident.Address}"
                : null,
            cancellationToken);
    }

    /// <summary>M1, M3: a change of name (by marriage, adoption …), with the former surname written alongside if asked.</summary>
    public async Task<WindowOutcome<DetailsChange>> ChangeNameAsync(
        Guid residentId, NameChange change, string? newSignaturePin, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (ValidateName(change.FamilyName, change.GivenName, change.FamilyNameKana, change.GivenNameKana, change.FormerSurname) is { } bad)
            return bad;
        return await ChangeDetailsAsync(residentId, newSignaturePin, actor, "resident.name-changed",
            (resident, today) => resident.ChangeName(
                new PersonName(change.FamilyName, change.GivenName, change.FamilyNameKana, change.GivenNameKana, change.FormerSurname), today)
                ? $"{Japanese(today)} 氏名変更 {resident.Name.OnCard}"
                : null,
            cancellationToken);
    }

    /// <summary>
    /// The shared path of M1: change the record; then on the card in use write the endorsement, rewrite the chip,
    /// revoke the signature certificate (it carries the four details) and issue a new one if a password was given.
    /// A full endorsement area (M2) leaves the card as it is, revokes its signature certificate all the same, and
    /// says that the card is reissued free of charge.
    /// </summary>
    private async Task<WindowOutcome<DetailsChange>> ChangeDetailsAsync(
        Guid residentId, string? newSignaturePin, AuditActor actor, string action,
        Func<Resident, DateOnly, string?> change, CancellationToken cancellationToken)
    {
        var today = Today;
        var signaturePin = ParseOptionalPin(PinKind.Signature, newSignaturePin);
        if (signaturePin is { Success: false } badPin)
            return Refusal.Invalid(badPin.Error!);
        await using var db = _contexts.CreateDbContext();
        var resident = await FindResidentAsync(db, residentId, cancellationToken);
        if (resident is null)
            return Refusal.NotFound("No such resident.");
        if (signaturePin is not null &&
            CertificateEligibilityRule.MayLoad(JpkiHierarchy.Signature, new HolderFacts(resident.BirthDate, resident.IsAdultWard), today) is { IsAllowed: false } p4)
            return Refusal.ByRule(p4.Rule, p4.Reason.English); // bilingual refusal: lead

        string? endorsementText = null;
        if (Guard(() => endorsementText = change(resident, today)) is { } refused)
            return refused;
        if (endorsementText is null)
            return WindowOutcome<DetailsChange>.Success(new DetailsChange(resident, null, null, "Nothing changed."));

        var card = await CurrentCardAsync(db, resident.Id, cancellationToken);
        if (await ClaimAsync(db, cancellationToken, resident, card) is { } conflict)
            return conflict;
        var (endorsement, notice) = await UpdateCardDetailsAsync(db, resident, card, endorsementText, signaturePin?.Value, today, cancellationToken);
        Audit(db, actor, action, ResidentSubject(resident.Id), endorsement is null ? "record changed" : "record changed; card endorsed and rewritten (M1)");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<DetailsChange>.Success(new DetailsChange(resident, card, endorsement, notice));
    }

    /// <summary>M1/M2 on the resident's card in use (<paramref name="card"/>, claimed), after the record changed.</summary>
    private async Task<(Endorsement? Endorsement, string? Notice)> UpdateCardDetailsAsync(
        MynaDbContext db, Resident resident, CardRecord? card, string endorsementText, Pin? signaturePin, DateOnly today, CancellationToken cancellationToken)
    {
        if (card is null || card.StateOn(today) != CardState.Active)
            return (null, null);
        var municipality = await MunicipalityAsync(db, card.IssuedBy, cancellationToken);
        var onFile = OnFile(CardPath(card.Id), card, municipality);
        // The signature certificate records name, address, birth date and sex (E1): after a change it is wrong.
        if (card.RemoveCertificate(JpkiHierarchy.Signature) is { } stale)
        {
            Revoke([stale], RevocationReasons.ForDetailsChanged);
            _issuing.RemoveCertificate(onFile, Reader.Issuer.CertificateKind.Signature);
        }
        if (!card.HasRoomForEndorsement)
        {
            return (null, $"The endorsement area is full ({CardRecord.EndorsementCapacity} entries): the card is reissued free of charge (M2). " +
                "The signature certificate was revoked, since it carried the old details (M1).");
        }
        var endorsement = card.Endorse(today, endorsementText);
        _issuing.RewriteCardFace(onFile, resident.MyNumber, resident.FourDetails, card.ExpiresOn);
        if (signaturePin is not null)
            IssueCertificates(db, card, resident, municipality, [(JpkiHierarchy.Signature, signaturePin)], today);
        return (endorsement, null);
    }

    /// <summary>The date as the endorsement area writes it (2026年4月1日).</summary>
    private static string Japanese(DateOnly date) =>
        date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}

/// <summary>A new name (M1), with the former surname to show alongside (M3) or null.</summary>
public sealed record NameChange(string FamilyName, string GivenName, string FamilyNameKana, string GivenNameKana, string? FormerSurname = null);
