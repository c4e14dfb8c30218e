using Myna.Pki;
using Myna.Primitives;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Documents;
using Myna.Registry.Fees;
using Myna.Registry.Moves;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>A resident as the API shows it: the My Number masked (<c>********1234</c>); the full number only through the audited reveal.</summary>
public sealed record ResidentView(
    Guid Id, string Municipality, string RecordCode, string MyNumberMasked, string Name, string FamilyName, string GivenName,
    string FamilyNameKana, string GivenNameKana, string? FormerSurname, DateOnly BirthDate, Sex Sex, string Address, string? Residence,
    string? Domicile, string? Nationality, ResidenceCategory? ResidenceCategory, DateOnly? ResidenceDate, bool IsAdultWard,
    bool HasSupportMeasure, DateOnly RegisteredOn, ResidentStatus Status, string? PreviousAddress, DateOnly? AddressSince,
    string? HouseholdHead, string? RelationshipToHead)
{
    public static ResidentView Of(Resident r) => new(
        r.Id, r.Municipality.Value, r.RecordCode.Value, r.MyNumber.Masked(), r.Name.OnCard, r.Name.FamilyName, r.Name.GivenName,
        r.Name.FamilyNameKana, r.Name.GivenNameKana, r.Name.FormerSurname, r.BirthDate, r.Sex, r.Address, r.Residence, r.Domicile,
        r.Nationality, r.ResidenceCategory, r.ResidenceDate, r.IsAdultWard, r.HasSupportMeasure, r.RegisteredOn, r.Status,
        r.PreviousAddress, r.AddressSince, r.HouseholdHead, r.RelationshipToHead);
}

/// <summary>A certificate on a card.</summary>
public sealed record CertificateView(JpkiHierarchy Hierarchy, string SerialNumber, DateOnly IssuedOn, DateOnly ExpiresOn)
{
    public static CertificateView? Of(CardCertificate? c) => c is null ? null : new(c.Hierarchy, c.SerialNumber, c.IssuedOn, c.ExpiresOn);
}

/// <summary>A card record: its state (as of today), dates, certificates and endorsement area.</summary>
public sealed record CardView(
    Guid Id, Guid ResidentId, string SerialLast4, string IssuedBy, DateOnly IssuedOn, DateOnly ExpiresOn, CardState State,
    DateOnly StateChangedOn, string? StateReason, CertificateView? SignatureCertificate, CertificateView? AuthenticationCertificate,
    IReadOnlyList<Endorsement> Endorsements, int EndorsementCapacity, Guid? ReplacedBy)
{
    public static CardView Of(CardRecord c, DateOnly today) => new(
        c.Id, c.ResidentId, c.SerialNumber[^4..], c.IssuedBy.Value, c.IssuedOn, c.ExpiresOn, c.StateOn(today), c.StateChangedOn,
        c.StateReason, CertificateView.Of(c.SignatureCertificate), CertificateView.Of(c.AuthenticationCertificate),
        c.Endorsements, CardRecord.EndorsementCapacity, c.ReplacedBy);
}

/// <summary>An application for a card.</summary>
public sealed record ApplicationView(
    Guid Id, Guid ResidentId, DateOnly ReceivedOn, CardIssueOccasion Occasion, ApplicantRole Applicant, string? RepresentativeName,
    bool WantsSignatureCertificate, bool WantsAuthenticationCertificate, DeliveryPlace DeliverTo, ApplicationStatus Status,
    Guid? CardId, DateOnly? DeliveredOn, int FeeYen)
{
    public static ApplicationView Of(CardApplication a) => new(
        a.Id, a.ResidentId, a.ReceivedOn, a.Reason, a.Applicant, a.RepresentativeName, a.WantsSignatureCertificate,
        a.WantsAuthenticationCertificate, a.DeliverTo, a.Status, a.CardId, a.DeliveredOn, a.FeeYen);
}

/// <summary>Everything about one resident.</summary>
public sealed record ResidentFileView(
    ResidentView Resident, IReadOnlyList<CardView> Cards, IReadOnlyList<ApplicationView> Applications,
    IReadOnlyList<DocumentView> Documents, IReadOnlyList<MoveView> Moves, IReadOnlyList<FeeView> Fees,
    IReadOnlyList<DocumentProofView> CardProofs)
{
    public static ResidentFileView Of(ResidentFile f, DateOnly today)
    {
        var proofs = MunicipalWindow.ProofsOn(f, today).ToDictionary(p => p.Id, p => p.Proof);
        return new(
            ResidentView.Of(f.Resident), [.. f.Cards.Select(c => CardView.Of(c, today))], [.. f.Applications.Select(ApplicationView.Of)],
            [.. f.Documents.Select(d => DocumentView.Of(d, proofs[d.Id]))], [.. f.Moves.Select(MoveView.Of)], [.. f.Fees.Select(FeeView.Of)],
            [.. f.Cards.Select(c => new DocumentProofView(c.Id, proofs[c.Id]))]);
    }
}

/// <summary>D: what a card proves today (identity from the front, My Number from the back), and why (in English, as the API speaks).</summary>
public sealed record DocumentProofView(Guid CardId, bool ProvesIdentity, bool ProvesMyNumber, bool CertificatesUsable, string Reason)
{
    public DocumentProofView(Guid cardId, DocumentProof proof)
        : this(cardId, proof.ProvesIdentity, proof.ProvesMyNumber, proof.CertificatesUsable, proof.Reason.English)
    {
    }
}

/// <summary>
/// A notification card or number notice, and what it proves today (D2, D3, D4): as a card's proof, whether it proves
/// identity (never, for these two) and the My Number, in English.
/// </summary>
public sealed record DocumentView(
    Guid Id, MyNumberDocument Kind, DateOnly IssuedOn, DateOnly? HandedBackOn, bool ProvesIdentity, bool ProvesMyNumber, string Proof)
{
    public static DocumentView Of(NumberDocument d, DocumentProof proof) =>
        new(d.Id, d.Kind, d.IssuedOn, d.HandedBackOn, proof.ProvesIdentity, proof.ProvesMyNumber, proof.Reason.English);
}

/// <summary>A municipality and its local government code (6 digits with the check digit), in Japanese and romaji.</summary>
public sealed record MunicipalityView(string Code, string Prefecture, string Name, string PrefectureRomaji, string NameRomaji)
{
    public static MunicipalityView Of(Registry.Municipalities.Municipality m) =>
        new(m.Code.Value, m.Prefecture, m.Name, m.PrefectureRomaji, m.NameRomaji);
}

/// <summary>A move between municipalities (V5).</summary>
public sealed record MoveView(
    Guid Id, string From, string? To, DateOnly MoveOutNotifiedOn, DateOnly PlannedMoveDate, string Destination, DateOnly? MovedOn,
    DateOnly? MoveInNotifiedOn, bool CardPresentedAtMoveIn, DateOnly? ContinuedOn)
{
    public static MoveView Of(ResidentMove m) => new(
        m.Id, m.From.Value, m.To?.Value, m.MoveOutNotifiedOn, m.PlannedMoveDate, m.Destination, m.MovedOn, m.MoveInNotifiedOn,
        m.CardPresentedAtMoveIn, m.ContinuedOn);
}

/// <summary>A fee taken at the window (L3, V6).</summary>
public sealed record FeeView(Guid Id, Guid? CardId, DateOnly TakenOn, int AmountYen, string Reason)
{
    public static FeeView Of(FeeEntry f) => new(f.Id, f.CardId, f.TakenOn, f.AmountYen, f.Reason);
}

/// <summary>The outcome of a change of written details (M1, M2).</summary>
public sealed record DetailsChangeView(ResidentView Resident, CardView? Card, Endorsement? Endorsement, string? Notice)
{
    public static DetailsChangeView Of(DetailsChange c, DateOnly today) =>
        new(ResidentView.Of(c.Resident), c.Card is null ? null : CardView.Of(c.Card, today), c.Endorsement, c.Notice?.Current);
}

/// <summary>The outcome of a move-in or continuation (V5).</summary>
public sealed record MoveOutcomeView(ResidentView Resident, CardView? Card, bool Lapsed, DateOnly? LapsedOn, DateOnly? NextDeadline, string? Notice)
{
    public static MoveOutcomeView Of(MoveOutcome m, DateOnly today) => new(
        ResidentView.Of(m.Resident), m.Card is null ? null : CardView.Of(m.Card, today), m.Lapse?.IsLapsed ?? false,
        m.Lapse?.LapsedOn, m.Lapse?.NextDeadline, m.Notice?.Current);
}

/// <summary>A certificate issued to a resident's card, with its status now (found by serial, card and holder).</summary>
public sealed record CertificateEntryView(
    JpkiHierarchy Hierarchy, string SerialNumber, DateTimeOffset NotBefore, DateTimeOffset NotAfter, Guid? CardId, Guid? ResidentId,
    string Status, DateTimeOffset? RevokedAt, string? RevocationReason)
{
    public static CertificateEntryView Of(CertificateEntry e) => new(
        e.Hierarchy, e.SerialNumber, e.NotBefore, e.NotAfter, e.CardId, e.ResidentId, e.Status.Kind.ToString(), e.Status.RevokedAt,
        e.Status.Reason?.ToString());
}
