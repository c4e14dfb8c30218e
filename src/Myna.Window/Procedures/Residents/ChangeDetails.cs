using Myna.Issuance.Personalization;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using static Myna.Primitives.Text.TextFormat;

namespace Myna.Window.Procedures.Residents;

/// <summary>
/// M1 (and M3): a change of address within the municipality (転居) or of name: the record changes; on the card in use the
/// endorsement is written, the chip rewritten, the signature certificate (which carries the four details) revoked and a
/// new one issued if a password was given. A full endorsement area (M2) leaves the card as it is, revokes its signature
/// certificate all the same, and says that the card is reissued free of charge.
/// </summary>
internal static class ChangeDetails
{
    public const string AddressAction = "resident.address-changed";

    public const string NameAction = "resident.name-changed";

    /// <summary>M1: the new address.</summary>
    public static async Task<WindowOutcome<DetailsChange>> ChangeAddressAsync(WindowWork work, Guid residentId, string newAddress, string? newSignaturePin)
    {
        if (Checks.Address(newAddress, Refusals.AddressRequired) is { } bad)
            return bad;
        return await RunAsync(work, residentId, newSignaturePin, AddressAction,
            (resident, today) => resident.ChangeAddress(newAddress, today) ? $"{JapaneseDate(today)} 住所変更 {resident.Address}" : null);
    }

    /// <summary>M1, M3: the new name, with the former surname written alongside if asked.</summary>
    public static async Task<WindowOutcome<DetailsChange>> ChangeNameAsync(WindowWork work, Guid residentId, NameChange change, string? newSignaturePin)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Checks.Name(change.FamilyName, change.GivenName, change.FamilyNameKana, change.GivenNameKana, change.FormerSurname) is { } bad)
            return bad;
        return await RunAsync(work, residentId, newSignaturePin, NameAction,
            (resident, today) => resident.ChangeName(
                new PersonName(change.FamilyName, change.GivenName, change.FamilyNameKana, change.GivenNameKana, change.FormerSurname), today)
                ? $"{JapaneseDate(today)} 氏名変更 {resident.Name.OnCard}"
                : null);
    }

    private static async Task<WindowOutcome<DetailsChange>> RunAsync(
        WindowWork work, Guid residentId, string? newSignaturePin, string action, Func<Resident, DateOnly, string?> change)
    {
        var today = work.Today;
        var (signaturePin, badPin) = Checks.OptionalPin(PinKind.Signature, newSignaturePin);
        if (badPin is not null)
            return badPin;
        if (await work.ResidentAsync(residentId) is not { } resident)
            return Refusals.NoSuchResident;
        if (signaturePin is not null &&
            CertificateEligibilityRule.MayLoad(JpkiHierarchy.Signature, new HolderFacts(resident.BirthDate, resident.IsAdultWard), today) is { IsAllowed: false } p4)
            return Refusal.Of(p4);
        if (change(resident, today) is not { } endorsementText)
            return WindowOutcome<DetailsChange>.Success(new DetailsChange(resident, null, null, new("変更はありません。", "Nothing changed.")));

        var card = await work.CurrentCardAsync(resident.Id);
        if (CardDetails.Check(work, resident, card) is { } unwritable)
            return unwritable;
        if (await work.ClaimAsync(resident, card) is { } conflict)
            return conflict;
        var (endorsement, notice) = await CardDetails.UpdateAsync(work, resident, card, endorsementText, signaturePin);
        work.Audit(action, Checks.ResidentSubject(resident.Id), endorsement is null
            ? new LocalizedText("住民の記録を変更しました。", "record changed")
            : new LocalizedText("住民の記録を変更し、カードの追記欄に記載してICチップを書き換えました。（M1）", "record changed; card endorsed and rewritten (M1)"));
        return WindowOutcome<DetailsChange>.Success(new DetailsChange(resident, card, endorsement, notice));
    }
}

/// <summary>M1/M2 on the resident's card in use, after the record changed (address, name, move-in, continuation).</summary>
internal static class CardDetails
{
    /// <summary>Whether the card face can carry the resident's new details (checked before any effect); null for no card in use.</summary>
    public static Refusal? Check(WindowWork work, Resident resident, CardRecord? card) =>
        card is null || card.StateOn(work.Today) != CardState.Active ? null : Checks.CardFace(work, resident);

    /// <summary>Endorses and rewrites the card in use (<paramref name="card"/>, claimed); the notice for the holder, or null.</summary>
    public static async Task<(Endorsement? Endorsement, LocalizedText? Notice)> UpdateAsync(
        WindowWork work, Resident resident, CardRecord? card, string endorsementText, Pin? signaturePin)
    {
        var today = work.Today;
        if (card is null || card.StateOn(today) != CardState.Active)
            return (null, null);
        var municipality = await work.MunicipalityAsync(card.IssuedBy);
        ChipWork? chip = null;
        // The signature certificate records name, address, birth date and sex (E1): after a change it is wrong.
        if (card.RemoveCertificate(JpkiHierarchy.Signature) is { } stale)
        {
            work.Revoke([stale], RevocationReasons.ForDetailsChanged);
            chip = await work.OpenChipAsync(card, municipality);
            work.Issuing.RemoveCertificate(chip.Chip, chip.Details!, CertificateKind.Signature);
        }
        if (!card.HasRoomForEndorsement)
        {
            return (null, new LocalizedText(
                $"追記欄に余白がありません（{CardRecord.EndorsementCapacity}件）。カードを無料で再交付します。（M2）署名用電子証明書は、変更前の記載事項を含むため失効しました。（M1）",
                $"The endorsement area is full ({CardRecord.EndorsementCapacity} entries): the card is reissued free of charge (M2). " +
                "The signature certificate was revoked, since it carried the old details (M1)."));
        }
        var endorsement = card.Endorse(today, endorsementText);
        chip ??= await work.OpenChipAsync(card, municipality);
        work.Issuing.RewriteCardFace(chip.Chip, chip.Details!, resident.MyNumber, resident.FourDetails, card.ExpiresOn);
        if (signaturePin is not null)
            await Cards.CertificateLoading.LoadAsync(work, card, resident, [(JpkiHierarchy.Signature, signaturePin)], chip);
        return (endorsement, null);
    }
}
