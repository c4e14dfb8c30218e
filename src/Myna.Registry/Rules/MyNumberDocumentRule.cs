using Myna.Primitives.Text;
using Myna.Registry.Cards;

namespace Myna.Registry.Rules;

/// <summary>The three documents that carry a My Number (D1 table).</summary>
public enum MyNumberDocument
{
    /// <summary>Notification card (通知カード), sent until 2020-05-24 (D2).</summary>
    NotificationCard,

    /// <summary>Number notice (個人番号通知書), sent from 2020-05-25 (D3).</summary>
    NumberNotice,

    /// <summary>The My Number Card (マイナンバーカード), on application only (D4).</summary>
    Card,
}

/// <summary>What a document proves on a day, with the sentence that names the rule.</summary>
/// <param name="ProvesIdentity">Whether it serves as an identity document (its front, C1, U4).</param>
/// <param name="ProvesMyNumber">Whether it proves the holder's My Number (the back, C2, U7).</param>
/// <param name="CertificatesUsable">Whether its e-certificates may be used (each still only until its own expiry, E2).</param>
/// <param name="Reason">The sentence, ending with the rule id, in both languages.</param>
public sealed record DocumentProof(bool ProvesIdentity, bool ProvesMyNumber, bool CertificatesUsable, LocalizedText Reason)
{
    /// <summary>The English sentence (logs).</summary>
    public override string ToString() => Reason.English;
}

/// <summary>D1–D4, V7: which My Number document a person gets, and what each proves on a given day.</summary>
public static class MyNumberDocumentRule
{
    /// <summary>The day notification cards were abolished and number notices began (D2, D3): 2020-05-25 (令和2年5月25日).</summary>
    public static readonly DateOnly NotificationCardAbolished = new(2020, 5, 25);

    /// <summary>The day My Numbers were first assigned (2015-10-05, the My Number Act's numbering day).</summary>
    public static readonly DateOnly NumberingBegan = new(2015, 10, 5);

    /// <summary>
    /// D1, D3: the document sent, unasked, to a person numbered on <paramref name="numberedOn"/> (the day of
    /// birth or of first registration in Japan; the numbering day for those registered before it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberedOn"/> is before numbering began.</exception>
    public static MyNumberDocument SentOnNumbering(DateOnly numberedOn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numberedOn, NumberingBegan);
        return numberedOn < NotificationCardAbolished ? MyNumberDocument.NotificationCard : MyNumberDocument.NumberNotice;
    }

    /// <summary>D4: whether the document is handed back when the card is delivered (the notification card is; the number notice is not).</summary>
    public static bool HandedBackAtCardDelivery(MyNumberDocument document) => document == MyNumberDocument.NotificationCard;

    /// <summary>
    /// D2: a notification card proves the My Number (never identity) only while none of its details has
    /// changed on or after 2020-05-25; changes before that were written on it and still count.
    /// </summary>
    /// <param name="detailsLastChangedOn">The latest change of name, address or other detail up to <paramref name="on"/>; <c>null</c> if none.</param>
    /// <param name="on">The day asked about.</param>
    /// <exception cref="ArgumentException">The change lies after <paramref name="on"/>.</exception>
    public static DocumentProof ForNotificationCard(DateOnly? detailsLastChangedOn, DateOnly on)
    {
        if (detailsLastChangedOn > on)
            throw new ArgumentException("The change of details lies after the day asked about.", nameof(detailsLastChangedOn));
        if (detailsLastChangedOn is { } changed && changed >= NotificationCardAbolished)
        {
            return new DocumentProof(false, false, false, RuleText.Cite(RuleIds.D2, new(
                $"通知カードの記載事項が{RuleText.JapaneseDate(changed)}に変わりました。通知カードの廃止（{RuleText.JapaneseDate(NotificationCardAbolished)}）より後の変更のため、個人番号を証明する書類としては使えません。",
                $"the notification card no longer proves the My Number: its details changed on {RuleText.Date(changed)}, after notification cards were abolished on {RuleText.Date(NotificationCardAbolished)}")));
        }
        return new DocumentProof(false, true, false, RuleText.Cite(RuleIds.D2, new(
            $"通知カードは、{RuleText.JapaneseDate(NotificationCardAbolished)}以降に記載事項の変更がない間は、個人番号を証明する書類として使えます。本人確認書類にはなりません。",
            $"the notification card proves the My Number while its details are unchanged since {RuleText.Date(NotificationCardAbolished)}; it is no identity document")));
    }

    /// <summary>D3: a number notice proves neither identity nor the My Number.</summary>
    public static DocumentProof ForNumberNotice() => new(false, false, false, RuleText.Cite(RuleIds.D3, new(
        "個人番号通知書は、個人番号をお知らせするものです。本人確認書類にも、個人番号を証明する書類にもなりません。",
        "a number notice only tells the My Number: it proves neither identity nor the My Number")));

    /// <summary>D4: a notification card handed back on <paramref name="handedBackOn"/>, when the card was delivered, proves nothing any more.</summary>
    public static DocumentProof ForHandedBack(DateOnly handedBackOn) => new(false, false, false, RuleText.Cite(RuleIds.D4, new(
        $"{RuleText.JapaneseDate(handedBackOn)}、カードの交付の際に返納されました。",
        $"handed back on {RuleText.Date(handedBackOn)} when the card was delivered")));

    /// <summary>
    /// D1, V7: a card proves identity (front) and the My Number (back) while it is in force and not past
    /// <paramref name="expiry"/> (its last valid day); otherwise nothing on it counts.
    /// </summary>
    public static DocumentProof ForCard(CardState standing, DateOnly expiry, DateOnly on)
    {
        // A suspended, lapsed or returned card says so first: that is what the holder must act on.
        var expired = new LocalizedText(
            $"カードの有効期限（{RuleText.JapaneseDate(expiry)}）が過ぎています。", $"the card expired on {RuleText.Date(expiry)}");
        var (rule, why) = standing switch
        {
            CardState.Suspended => (RuleIds.L1, new LocalizedText(
                "紛失・盗難の届出により、カードは一時停止中です。", "the card is suspended after a report of loss or theft")),
            CardState.Lapsed => (RuleIds.V5, new LocalizedText("カードは失効しています。", "the card has lapsed")),
            CardState.Returned or CardState.Replaced => (RuleIds.D1, new LocalizedText(
                "カードは返納されたか、新しいカードに切り替わっています。", "the card was handed back (返納) or replaced")),
            CardState.Expired => (RuleIds.V7, expired),
            CardState.Active when on > expiry => (RuleIds.V7, expired),
            CardState.Active => ((string?)null, default(LocalizedText)),
            _ => throw new ArgumentOutOfRangeException(nameof(standing), standing, "Unknown card standing."),
        };
        if (rule is null)
        {
            return new DocumentProof(true, true, true, RuleText.Cite(RuleIds.D1, new(
                $"カードは{RuleText.JapaneseDate(expiry)}まで有効です。表面で本人確認が、裏面で個人番号の確認ができます。",
                $"the card is valid until {RuleText.Date(expiry)}: its front proves identity, its back the My Number")));
        }
        return new DocumentProof(false, false, false, RuleText.Cite(rule, new(
            $"{why.Japanese}本人確認書類にも、個人番号を証明する書類にもならず、電子証明書も使えません。",
            $"{why.English}: it is no identity document, does not prove the My Number, and its e-certificates are invalid")));
    }
}
