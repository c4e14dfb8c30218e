using System.Security.Cryptography.X509Certificates;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Rules;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window;

/// <summary>The window's codes in words, in the page's language (each pair written where it is defined, as elsewhere).</summary>
public static class WindowWords
{
    public static string Of(CardState state) => state switch
    {
        CardState.Active => T("交付済み（利用可）", "In use"),
        CardState.Suspended => T("一時停止中", "Suspended"),
        CardState.Lapsed => T("失効", "Lapsed"),
        CardState.Expired => T("有効期限切れ", "Expired"),
        CardState.Returned => T("返納済み", "Returned"),
        CardState.Replaced => T("再交付・更新済み", "Replaced"),
        _ => state.ToString(),
    };

    /// <summary>The CSS class of a state badge (site.css: .state.active …).</summary>
    public static string CssOf(CardState state) => "state " + state.ToString().ToLowerInvariant();

    public static string Of(Sex sex) => sex switch
    {
        Sex.Male => T("男", "Male"),
        Sex.Female => T("女", "Female"),
        Sex.NotApplicable => T("適用不能", "Not applicable"),
        _ => T("不明", "Unknown"),
    };

    public static string Of(ApplicantRole role) => Label(ProcedureWords.Of(role));

    public static string Of(CardIssueOccasion occasion) => Label(ProcedureWords.Of(occasion));

    public static string Of(DeliveryPlace place) => place switch
    {
        DeliveryPlace.RegisteredAddress => T("住民票の住所", "The registered address"),
        DeliveryPlace.Residence => T("居所（支援措置）", "The 居所 (support measure)"),
        _ => place.ToString(),
    };

    public static string Of(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Received => T("受付済み（交付待ち）", "Received (awaiting delivery)"),
        ApplicationStatus.Delivered => T("交付済み", "Delivered"),
        ApplicationStatus.Withdrawn => T("取下げ", "Withdrawn"),
        _ => status.ToString(),
    };

    public static string Of(ResidenceCategory category) => category switch
    {
        ResidenceCategory.PermanentResident => T("永住者", "Permanent resident"),
        ResidenceCategory.HighlySkilledProfessionalII => T("高度専門職2号", "Highly skilled professional (ii)"),
        ResidenceCategory.SpecialPermanentResident => T("特別永住者", "Special permanent resident"),
        ResidenceCategory.MidToLongTerm => T("中長期在留者（在留期間の満了日）", "Mid- to long-term resident (end of the period of stay)"),
        ResidenceCategory.TemporaryRefuge => T("一時庇護許可者（上陸期間の満了日）", "Temporary refuge (end of the landing period)"),
        ResidenceCategory.ProvisionalStay => T("仮滞在許可者（仮滞在期間の満了日）", "Provisional stay (end of the period)"),
        ResidenceCategory.TransitionalStayAfterBirth => T("出生による経過滞在者（出生日）", "Transitional stay after birth (date of birth)"),
        ResidenceCategory.TransitionalStayAfterLossOfNationality => T("国籍喪失による経過滞在者（喪失日）", "Transitional stay after losing nationality (date of loss)"),
        _ => category.ToString(),
    };

    public static string Of(ExpiringItem item) => item switch
    {
        ExpiringItem.Card => T("マイナンバーカード", "The My Number Card"),
        ExpiringItem.SignatureCertificate => T("署名用電子証明書", "Signature certificate"),
        ExpiringItem.UserAuthenticationCertificate => T("利用者証明用電子証明書", "User-authentication certificate"),
        _ => item.ToString(),
    };

    public static string Of(JpkiHierarchy hierarchy) =>
        hierarchy == JpkiHierarchy.Signature ? Of(ExpiringItem.SignatureCertificate) : Of(ExpiringItem.UserAuthenticationCertificate);

    public static string Of(MyNumberDocument document) => document switch
    {
        MyNumberDocument.NotificationCard => T("通知カード", "Notification card"),
        MyNumberDocument.NumberNotice => T("個人番号通知書", "Number notice"),
        MyNumberDocument.Card => T("マイナンバーカード", "My Number Card"),
        _ => document.ToString(),
    };

    public static string Of(CertificateStatus status) => status.Kind switch
    {
        CertificateStatusKind.Good => T("有効", "Good"),
        CertificateStatusKind.Revoked => T("失効", "Revoked") + (status.Reason is { } reason ? T($"（{Of(reason)}）", $" ({Of(reason)})") : ""),
        _ => T("不明", "Unknown"),
    };

    /// <summary>
    /// Why a certificate was revoked (RFC 5280 §5.3.1), as a municipal office says it; the events behind the reasons the
    /// system uses are in <see cref="RevocationReasons"/> (lost card, changed details, new card, card ended).
    /// </summary>
    public static string Of(X509RevocationReason reason) => reason switch
    {
        X509RevocationReason.KeyCompromise => T("鍵の危殆化（カードの紛失・盗難）", "key compromise (card lost or stolen)"),
        X509RevocationReason.AffiliationChanged => T("記載事項の変更（氏名・住所など）", "affiliation changed (name, address …)"),
        X509RevocationReason.Superseded => T("新しい証明書への切替え（更新・再交付）", "superseded (renewal, reissue)"),
        X509RevocationReason.CessationOfOperation => T("利用の終了（カードの失効・有効期限切れ・返納）", "cessation of operation (card lapsed, expired or returned)"),
        X509RevocationReason.CACompromise => T("認証局の鍵の危殆化", "CA compromise"),
        X509RevocationReason.PrivilegeWithdrawn => T("資格の取消し", "privilege withdrawn"),
        X509RevocationReason.CertificateHold => T("一時保留", "certificate hold"),
        X509RevocationReason.RemoveFromCrl => T("失効リストからの削除", "removed from the CRL"),
        X509RevocationReason.AACompromise => T("属性認証局の鍵の危殆化", "AA compromise"),
        _ => T("理由の指定なし", "unspecified"),
    };

    public static string YesNo(bool value) => value ? T("はい", "Yes") : T("いいえ", "No");

    public static string Yen(int yen) => yen == 0 ? T("無料", "Free") : T($"{yen:N0}円", $"{yen:N0} yen");
}
