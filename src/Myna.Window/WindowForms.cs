using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Registry.Applications;
using Myna.Registry.Rules;

namespace Myna.Window;

/// <summary>A new resident record (転入 from abroad, birth): what the window types in.</summary>
/// <param name="Municipality">The local government code of the municipality keeping the record.</param>
/// <param name="FamilyName">Family name (氏).</param>
/// <param name="GivenName">Given name (名).</param>
/// <param name="FamilyNameKana">Reading of the family name, katakana.</param>
/// <param name="GivenNameKana">Reading of the given name, katakana.</param>
/// <param name="BirthDate">Date of birth; not in the future.</param>
/// <param name="Sex">Sex.</param>
/// <param name="Address">The registered address.</param>
/// <param name="RegisteredOn">The day the record was first made (birth or first registration); null: today.</param>
/// <param name="FormerSurname">M3: former surname, or null.</param>
/// <param name="Domicile">本籍 of a Japanese national, or null.</param>
/// <param name="Nationality">A foreign resident's nationality, or null for a Japanese national.</param>
/// <param name="ForeignResidence">A foreign resident's residence status (V3), or null.</param>
/// <param name="IsAdultWard">成年被後見人 (P4).</param>
/// <param name="HouseholdHead">世帯主, or null.</param>
/// <param name="RelationshipToHead">続柄, or null.</param>
public sealed record ResidentRegistration(
    string Municipality,
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    DateOnly BirthDate,
    Sex Sex,
    string Address,
    DateOnly? RegisteredOn = null,
    string? FormerSurname = null,
    string? Domicile = null,
    string? Nationality = null,
    ForeignResidence? ForeignResidence = null,
    bool IsAdultWard = false,
    string? HouseholdHead = null,
    string? RelationshipToHead = null);

/// <summary>An application for a card (Q6, P4, E5, Q7).</summary>
/// <param name="ResidentId">Whose card.</param>
/// <param name="Applicant">Who applies (Q6).</param>
/// <param name="RepresentativeName">The representative's name, when one applies.</param>
/// <param name="MayorAcceptedSpecialReasons">Q6: a voluntary representative needs the mayor's acceptance.</param>
/// <param name="WantsSignatureCertificate">P4: not for under-15s and adult wards.</param>
/// <param name="WantsAuthenticationCertificate">P4: for under-15s and adult wards, the legal representative decides.</param>
/// <param name="DeliverTo">Q7: the registered address or the 居所.</param>
/// <param name="Occasion">First issue, renewal, or a reissue (and why); decides the fee.</param>
public sealed record CardApplicationForm(
    Guid ResidentId,
    ApplicantRole Applicant = ApplicantRole.Holder,
    string? RepresentativeName = null,
    bool MayorAcceptedSpecialReasons = false,
    bool WantsSignatureCertificate = true,
    bool WantsAuthenticationCertificate = true,
    DeliveryPlace DeliverTo = DeliveryPlace.RegisteredAddress,
    CardIssueOccasion Occasion = CardIssueOccasion.FirstIssue);

/// <summary>
/// The PINs the applicant enters at delivery (P), as typed. Validated by the procedure; never logged, never
/// kept (ToString hides them).
/// </summary>
/// <param name="Signature">6–16 digits and upper-case letters, when a signature certificate is loaded.</param>
/// <param name="UserAuthentication">4 digits, when an authentication certificate is loaded.</param>
/// <param name="ResidentRegistry">4 digits (住民基本台帳).</param>
/// <param name="TextInputAssist">4 digits (券面事項入力補助).</param>
public sealed record DeliveryPins(string? Signature, string? UserAuthentication, string ResidentRegistry, string TextInputAssist)
{
    public override string ToString() => "DeliveryPins (hidden)";
}

/// <summary>PINs for certificates loaded after delivery (L2, E5, M1): null for a certificate not loaded now.</summary>
public sealed record CertificatePins(string? Signature, string? UserAuthentication)
{
    public override string ToString() => "CertificatePins (hidden)";
}

/// <summary>A new name (M1), with the former surname to show alongside (M3) or null.</summary>
public sealed record NameChange(string FamilyName, string GivenName, string FamilyNameKana, string GivenNameKana, string? FormerSurname = null);

/// <summary>What a change of written details did to the resident's card (M1, M2, V4).</summary>
/// <param name="Resident">The resident after the change.</param>
/// <param name="Card">The card whose chip was changed, or null when none was.</param>
/// <param name="Endorsement">The entry written into the endorsement area, or null.</param>
/// <param name="Notice">What the holder must be told (endorsement area full → free reissue, M2; expired card → paid reissue, V4), or null.</param>
public sealed record DetailsChange(Resident Resident, CardRecord? Card, Endorsement? Endorsement, LocalizedText? Notice);

/// <summary>What a move-in or continuation did (V5).</summary>
/// <param name="Resident">The resident after it.</param>
/// <param name="Card">The resident's card, or null.</param>
/// <param name="Lapse">Where the card stands under V5 now: lapsed (when, why), or the next deadline.</param>
/// <param name="Notice">What the holder must be told, or null.</param>
public sealed record MoveOutcome(Resident Resident, CardRecord? Card, LapseStatus? Lapse, LocalizedText? Notice);

/// <summary>A move-in notice (転入届) at the new municipality.</summary>
/// <param name="Municipality">The new municipality's code.</param>
/// <param name="NewAddress">The new address.</param>
/// <param name="MovedOn">The day the holder started living there (V5: 14 days from it).</param>
/// <param name="CardPresented">Whether the card is brought along: then its continued use is recorded at once.</param>
/// <param name="NewSignaturePin">A password for a new signature certificate (the old one carried the old address), or null.</param>
public sealed record MoveInForm(string Municipality, string NewAddress, DateOnly MovedOn, bool CardPresented, string? NewSignaturePin = null)
{
    public override string ToString() => $"MoveInForm ({Municipality})";
}

/// <summary>Why a card comes back to the municipality (返納), as the window's return form records it.</summary>
public enum CardReturnReason
{
    /// <summary>The holder no longer wants the card (自主返納).</summary>
    HolderRequest,

    /// <summary>The holder died; a relative hands the card in (死亡).</summary>
    Death,

    /// <summary>The holder moves abroad (国外転出).</summary>
    EmigrationAbroad,

    /// <summary>A lapsed or expired card is collected (失効・有効期限切れ).</summary>
    LapsedOrExpired,
}
