using Myna.Pki;
using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Registry.Cards;

/// <summary>
/// The registry's record of a My Number card (個人番号カード): holder, dates, state, the certificates loaded on
/// its chip, and the endorsement area. The chip itself is a card image in the data directory.
/// </summary>
/// <remarks>
/// State changes only through the transition methods, which refuse what <see cref="CardStates.Allows"/>
/// forbids with a <see cref="RuleViolationException"/> naming the rule, and hand back the certificates that
/// the caller must revoke (the card forgets them at once, so nothing can use them afterwards).
/// </remarks>
public sealed class CardRecord
{
    /// <summary>
    /// Lines in the endorsement area (追記欄). The guidebook gives no number; the front of the real card has
    /// room for a few lines, and we take four, so M2 (full area → free reissue) is reachable in a demo.
    /// </summary>
    public const int EndorsementCapacity = 4;

    private readonly List<Endorsement> _endorsements = [];

    /// <summary>For EF Core.</summary>
    private CardRecord()
    {
        SerialNumber = null!;
        SecurityCode = null!;
        CardPublicKey = null!;
    }

    public CardRecord(
        Guid id, Guid residentId, string serialNumber, LocalGovernmentCode issuedBy, DateOnly issuedOn, DateOnly expiresOn,
        string securityCode, byte[] cardPublicKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serialNumber);
        if (securityCode is null || securityCode.Length != 4 || !securityCode.All(char.IsAsciiDigit))
            throw new ArgumentException("A security code is 4 digits.", nameof(securityCode));
        ArgumentNullException.ThrowIfNull(cardPublicKey);
        if (expiresOn < issuedOn)
            throw new ArgumentException("A card does not expire before it is issued.", nameof(expiresOn));
        Id = id;
        ResidentId = residentId;
        SerialNumber = serialNumber;
        IssuedBy = issuedBy;
        IssuedOn = issuedOn;
        ExpiresOn = expiresOn;
        State = CardState.Active;
        StateChangedOn = issuedOn;
        SecurityCode = securityCode;
        CardPublicKey = cardPublicKey;
    }

    public Guid Id { get; private set; }

    public Guid ResidentId { get; private set; }

    /// <summary>The chip's serial number (16 digits), as the common AP records it.</summary>
    public string SerialNumber { get; private set; }

    /// <summary>The 4-digit security code printed on the card face (part of the chip's collation number B).</summary>
    public string SecurityCode { get; private set; }

    /// <summary>The chip's card key (SubjectPublicKeyInfo DER); rewriting the card face (M1) needs it.</summary>
    public byte[] CardPublicKey { get; private set; }

    /// <summary>The municipality whose window delivered the card.</summary>
    public LocalGovernmentCode IssuedBy { get; private set; }

    /// <summary>The day of issue (delivery at the window).</summary>
    public DateOnly IssuedOn { get; private set; }

    /// <summary>The last valid day (V2–V4); the card is still valid on it.</summary>
    public DateOnly ExpiresOn { get; private set; }

    public CardState State { get; private set; }

    /// <summary>The Japan date of the last state change.</summary>
    public DateOnly StateChangedOn { get; private set; }

    /// <summary>
    /// Why the card is in its state, in English words that name the rule (e.g. the V5 clause that lapsed it), as stored;
    /// <see cref="StateReasonText"/> has it in both languages.
    /// </summary>
    public string? StateReason { get; private set; }

    /// <summary><see cref="StateReason"/> in both languages (<see cref="StoredSentences.Read"/>), or null.</summary>
    public LocalizedText? StateReasonText => StateReason is { } reason ? StoredSentences.Read(reason) : null;

    /// <summary>The signature certificate on the chip, or null (none wanted, under 15, revoked, E5).</summary>
    public CardCertificate? SignatureCertificate { get; private set; }

    /// <summary>The user-authentication certificate on the chip, or null.</summary>
    public CardCertificate? AuthenticationCertificate { get; private set; }

    /// <summary>The card that replaced this one, once <see cref="CardState.Replaced"/>.</summary>
    public Guid? ReplacedBy { get; private set; }

    /// <summary>The endorsement area, in the order written.</summary>
    public IReadOnlyList<Endorsement> Endorsements => _endorsements;

    /// <summary>Whether the endorsement area has room for another entry (M2 when not).</summary>
    public bool HasRoomForEndorsement => _endorsements.Count < EndorsementCapacity;

    /// <summary>The certificates on the chip.</summary>
    public IEnumerable<CardCertificate> Certificates =>
        new[] { SignatureCertificate, AuthenticationCertificate }.OfType<CardCertificate>();

    /// <summary>
    /// What on the card expires, each on its own date (V1): the card, and each certificate on the chip. The window's
    /// list of expiry notices and the holder's notices in the portal both count from these.
    /// </summary>
    public IEnumerable<(ExpiringItem Item, DateOnly Expiry)> ExpiringItems()
    {
        yield return (ExpiringItem.Card, ExpiresOn);
        if (SignatureCertificate is { } signature)
            yield return (ExpiringItem.SignatureCertificate, signature.ExpiresOn);
        if (AuthenticationCertificate is { } authentication)
            yield return (ExpiringItem.UserAuthenticationCertificate, authentication.ExpiresOn);
    }

    /// <summary>
    /// The state on <paramref name="date"/>: a usable or suspended card past its expiry is expired (V7) even
    /// before the registry's daily sweep has recorded it.
    /// </summary>
    public CardState StateOn(DateOnly date) =>
        State is CardState.Active or CardState.Suspended && date > ExpiresOn ? CardState.Expired : State;

    /// <summary>L1: suspends the card (24/365, the call centre). Both certificates are to be revoked (keyCompromise).</summary>
    public IReadOnlyList<CardCertificate> Suspend(DateOnly on) =>
        MoveTo(CardState.Suspended, on, StoredSentences.Suspended, RuleIds.L1);

    /// <summary>L2: lifts a suspension at the window; new certificates are loaded afterwards.</summary>
    public void LiftSuspension(DateOnly on)
    {
        if (StateOn(on) == CardState.Expired)
        {
            throw new RuleViolationException(RuleIds.V7, new LocalizedText(
                $"カードの有効期限（{RuleText.JapaneseDate(ExpiresOn)}）が過ぎているため、一時停止は解除できません。（{RuleIds.V7}）",
                $"The card expired on {RuleText.Date(ExpiresOn)}; a suspension of an expired card is not lifted ({RuleIds.V7})."));
        }
        MoveTo(CardState.Active, on, null, RuleIds.L2);
    }

    /// <summary>
    /// V5: the card lapses; its certificates are to be revoked (cessationOfOperation). <paramref name="reason"/> is the
    /// lapse's sentence (<see cref="LapseStatus.Reason"/>); its English is stored.
    /// </summary>
    public IReadOnlyList<CardCertificate> Lapse(DateOnly on, LocalizedText reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason.English);
        return MoveTo(CardState.Lapsed, on, reason, RuleIds.V5);
    }

    /// <summary>V7: records the expiry; the certificates are to be revoked (cessationOfOperation).</summary>
    public IReadOnlyList<CardCertificate> Expire(DateOnly on)
    {
        if (on <= ExpiresOn)
        {
            throw new RuleViolationException(RuleIds.V7, new LocalizedText(
                $"カードは{RuleText.JapaneseDate(ExpiresOn)}まで有効です。有効期限はまだ過ぎていません。",
                $"The card is valid until {RuleText.Date(ExpiresOn)}; it has not expired."));
        }
        return MoveTo(CardState.Expired, on, StoredSentences.Expired.With(ExpiresOn), RuleIds.V7);
    }

    /// <summary>The holder hands the card back (返納); its certificates are to be revoked.</summary>
    public IReadOnlyList<CardCertificate> Return(DateOnly on) => MoveTo(CardState.Returned, on, StoredSentences.Returned, RuleIds.State);

    /// <summary>L3, V1, V6, M2: a new card replaces this one; its certificates are to be revoked (superseded).</summary>
    public IReadOnlyList<CardCertificate> ReplaceBy(Guid newCard, DateOnly on, CardIssueOccasion occasion) =>
        ReplaceBy(newCard, on, StoredSentences.Replaced(occasion));

    /// <summary>
    /// L3, V1, V6, M2: a new card replaces this one, for <paramref name="reason"/> in English (stored as it is; a Japanese
    /// page shows it in Japanese when it is one of the registry's sentences, e.g. <see cref="StoredSentences.Replaced"/>).
    /// </summary>
    public IReadOnlyList<CardCertificate> ReplaceBy(Guid newCard, DateOnly on, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return ReplaceBy(newCard, on, StoredSentences.Read(reason));
    }

    private IReadOnlyList<CardCertificate> ReplaceBy(Guid newCard, DateOnly on, LocalizedText reason)
    {
        var revoked = MoveTo(CardState.Replaced, on, reason, RuleIds.L3);
        ReplacedBy = newCard;
        return revoked;
    }

    /// <summary>
    /// Loads a certificate on the card (delivery, lifted suspension, M1 re-issue, E5 later loading). Returns the
    /// certificate it replaces, which the caller revokes, or null.
    /// </summary>
    public CardCertificate? LoadCertificate(CardCertificate certificate, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        RequireUsable(on, RuleIds.E5);
        if (certificate.ExpiresOn > ExpiresOn)
        {
            throw new RuleViolationException(RuleIds.E2, new LocalizedText(
                $"電子証明書の有効期限は、カードの有効期限より後にはできません。（{RuleIds.E2}）",
                $"An e-certificate never outlives the card ({RuleIds.E2})."));
        }
        CardCertificate? previous;
        if (certificate.Hierarchy == JpkiHierarchy.Signature)
        {
            previous = SignatureCertificate;
            SignatureCertificate = certificate;
        }
        else
        {
            previous = AuthenticationCertificate;
            AuthenticationCertificate = certificate;
        }
        return previous;
    }

    /// <summary>Takes a certificate off the card's record (revoked by M1, say). Returns it, or null.</summary>
    public CardCertificate? RemoveCertificate(JpkiHierarchy hierarchy)
    {
        var previous = hierarchy == JpkiHierarchy.Signature ? SignatureCertificate : AuthenticationCertificate;
        if (hierarchy == JpkiHierarchy.Signature)
            SignatureCertificate = null;
        else
            AuthenticationCertificate = null;
        return previous;
    }

    /// <summary>M1: writes an entry into the endorsement area (追記欄).</summary>
    /// <exception cref="RuleViolationException">The area is full: the card is reissued free instead (M2).</exception>
    public Endorsement Endorse(DateOnly on, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        RequireUsable(on, RuleIds.M1);
        if (!HasRoomForEndorsement)
        {
            throw new RuleViolationException(RuleIds.M2, new LocalizedText(
                $"追記欄に余白がありません（{EndorsementCapacity}件）。カードを無料で再交付します。（{RuleIds.M2}）",
                $"The endorsement area is full ({EndorsementCapacity} entries): the card is reissued free of charge ({RuleIds.M2})."));
        }
        var entry = new Endorsement(_endorsements.Count + 1, on, text.Trim());
        _endorsements.Add(entry);
        return entry;
    }

    /// <summary>V4: a foreign resident's new expiry after a change of status or period of stay, written in the endorsement area.</summary>
    public void ChangeExpiry(DateOnly newExpiry, DateOnly on)
    {
        if (StateOn(on) == CardState.Expired)
        {
            throw new RuleViolationException(RuleIds.V4, new LocalizedText(
                $"カードの有効期限（{RuleText.JapaneseDate(ExpiresOn)}）が過ぎているため、有効期限の変更はできません。再交付（有料）の申請が必要です。（{RuleIds.V4}）",
                $"The card expired on {RuleText.Date(ExpiresOn)}; its expiry can no longer be changed, only a paid reissue helps ({RuleIds.V4})."));
        }
        RequireUsable(on, RuleIds.V4);
        if (newExpiry < on)
        {
            throw new RuleViolationException(RuleIds.V4, new LocalizedText(
                $"新しい有効期限は、本日以降の日にしてください。（{RuleIds.V4}）",
                $"A new expiry lies on or after today ({RuleIds.V4})."));
        }
        ExpiresOn = newExpiry;
    }

    private void RequireUsable(DateOnly on, string rule)
    {
        var state = StateOn(on);
        if (state != CardState.Active)
        {
            throw new RuleViolationException(rule, new LocalizedText(
                $"カードは{state.Term().Japanese}です。この手続は、利用中のカードでのみできます。（{rule}）",
                $"The card is {state.Describe()}; this procedure needs a card in use ({rule})."));
        }
    }

    /// <summary>The checked transition; the reason's English is what is stored (<see cref="StoredSentences"/> reads it back).</summary>
    private IReadOnlyList<CardCertificate> MoveTo(CardState target, DateOnly on, LocalizedText? reason, string rule)
    {
        if (on < StateChangedOn)
            throw new ArgumentException("A state change does not go back in time.", nameof(on));
        if (!CardStates.Allows(State, target))
        {
            throw new RuleViolationException(rule, new LocalizedText(
                $"カードは{State.Term().Japanese}のため、{target.JapaneseVerb()}ことはできません。（{rule}）",
                $"A card that is {State.Describe()} cannot become {target.Describe()} ({rule})."));
        }
        State = target;
        StateChangedOn = on;
        StateReason = reason?.English;
        if (target == CardState.Active)
            return [];
        // Leaving Active (or going final) ends both certificates: L1, V5, V7, L3 — the card forgets them now.
        var ending = Certificates.ToArray();
        SignatureCertificate = null;
        AuthenticationCertificate = null;
        return ending;
    }

    public override string ToString() => $"card {SerialNumber[^4..]} ({State.Describe()})";
}
