using System.Collections.Frozen;
using Myna.Registry.Rules;
using Myna.Storage.Audit;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Ui;

/// <summary>The audit trail's entries in the page's language: each action's name, and the details.</summary>
public static class AuditWords
{
    /// <summary>Every action the system records (grep the action strings in src), with its name in both languages.</summary>
    public static readonly FrozenDictionary<string, (string Japanese, string English)> Actions =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["card.applied"] = ("カードの交付申請を受け付けました", "Card application received"),
            ["card.continued"] = ("転入後のカードの継続利用を記録しました", "Continued use after the move recorded"),
            ["card.delivered"] = ("カードを交付しました", "Card delivered"),
            ["card.expired"] = ("カードの有効期限が切れました", "Card expired"),
            ["card.lapsed"] = ("カードが失効しました", "Card lapsed"),
            ["card.loss-reported"] = ("カードの紛失・盗難の届出を受けました", "Loss or theft of the card reported"),
            ["card.reader-attached"] = ("カードを所持者のカードリーダーに接続しました", "Card attached to the holder's reader"),
            ["card.reader-detached"] = ("カードを所持者のカードリーダーから外しました", "Card detached from the holder's reader"),
            ["card.returned"] = ("カードの返納を受け付けました", "Card returned"),
            ["card.suspended"] = ("カードを一時停止しました", "Card suspended"),
            ["card.suspension-lifted"] = ("カードの一時停止を解除しました", "Suspension lifted"),
            ["certificates.loaded"] = ("電子証明書を搭載しました", "Certificates loaded"),
            ["clock.set"] = ("サンドボックスの日付を変更しました", "Sandbox date changed"),
            ["pin.reset"] = ("暗証番号を再設定しました", "PIN reset"),
            ["family-register.made"] = ("戸籍を編製しました", "Family register made"),
            ["family-register.member-entered"] = ("戸籍に記載しました", "Entered in a family register"),
            ["family-register.event-added"] = ("戸籍の身分事項を記載しました", "Family register event recorded"),
            ["family-register.attachment-added"] = ("戸籍の附票に住所を記載しました", "Address added to the attachment"),
            ["family-register.member-removed"] = ("戸籍から除籍しました", "Removed from a family register"),
            ["family-register.viewed"] = ("戸籍を表示しました", "Family register shown"),
            ["insurance.insurer-added"] = ("保険者を登録しました", "Insurer added"),
            ["insurance.enrolled"] = ("健康保険の資格を記録しました", "Enrolment recorded"),
            ["insurance.enrolment-ended"] = ("健康保険の資格喪失を記録しました", "Loss of enrolment recorded"),
            ["insurance.eligibility-checked"] = ("医療機関で保険資格を確認しました", "Insurance eligibility checked at a clinic"),
            ["insurance.claim-submitted"] = ("医療機関・薬局のレセプトを受け付けました", "Claim of a clinic or pharmacy received"),
            ["insurance.health-check-recorded"] = ("特定健診の結果を記録しました", "Health check results recorded"),
            ["insurance.records-shown"] = ("同意に基づき医療機関に診療・薬剤情報等を表示しました", "Records shown to a clinic with the patient's consent"),
            ["kiosk.issued"] = ("コンビニ交付で証明書を交付しました", "Certificate issued at a kiosk"),
            ["kiosk.settings-changed"] = ("コンビニ交付の設定を変更しました", "Kiosk settings changed"),
            ["resident.address-changed"] = ("住所の変更を記録しました", "Change of address recorded"),
            ["resident.adult-ward-changed"] = ("成年被後見人の記録を変更しました", "Adult-ward ruling changed"),
            ["resident.move-in"] = ("転入届を受け付けました", "Move-in notice recorded"),
            ["resident.move-out"] = ("転出届を受け付けました", "Move-out notice recorded"),
            ["resident.my-number-revealed"] = ("個人番号を職員の画面に表示しました", "My Number shown to staff"),
            ["resident.name-changed"] = ("氏名の変更を記録しました", "Change of name recorded"),
            ["resident.registered"] = ("住民を登録しました", "Resident registered"),
            ["resident.residence-status-changed"] = ("在留資格の変更を記録しました", "Change of residence status recorded"),
            ["resident.searched"] = ("住民を検索しました", "Residents searched"),
            ["resident.found"] = ("検索結果に表示しました", "Shown in a search result"),
            ["resident.household-changed"] = ("世帯主・続柄を記録しました", "Household recorded"),
            ["resident.previous-address-recorded"] = ("前住所を記録しました", "Previous address recorded"),
            ["resident.records-viewed"] = ("住民の証明書記録を表示しました", "Certificate records shown"),
            ["resident.viewed"] = ("住民の記録を表示しました", "Record shown"),
            ["resident.support-measure-lifted"] = ("支援措置を終了しました", "Support measure lifted"),
            ["resident.support-measure-set"] = ("支援措置を記録しました", "Support measure recorded"),
            ["seal.registered"] = ("印鑑登録をしました", "Seal registered"),
            ["seal.abolished"] = ("印鑑登録を廃止しました", "Seal registration abolished"),
            ["seal.certificate-issued"] = ("印鑑登録証明書を交付しました", "Seal registration certificate issued"),
            ["tax.recorded"] = ("所得・課税の情報を記録しました", "Tax assessment recorded"),
            ["tax.corrected"] = ("所得・課税の情報を訂正しました", "Tax assessment corrected"),
            ["staff.sign-in-failed"] = ("サインインに失敗しました", "Sign-in failed"),
            ["staff.signed-in"] = ("サインインしました", "Signed in"),
            ["staff.signed-out"] = ("サインアウトしました", "Signed out"),
            ["staff.created"] = ("職員アカウントを作成しました", "Staff account created"),
            ["staff.disabled"] = ("職員アカウントを無効にしました", "Staff account disabled"),
            ["staff.enabled"] = ("職員アカウントを有効にしました", "Staff account enabled"),
            ["staff.password-set"] = ("パスワードを再設定しました", "Password reset"),
            ["staff.password-changed"] = ("パスワードを変更しました", "Password changed"),
            ["staff.password-change-failed"] = ("パスワード変更に失敗しました", "Password change failed"),
            ["staff.role-changed"] = ("役割を変更しました", "Role changed"),
            ["staff.sessions-ended"] = ("セッションを終了しました", "Sessions ended"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The action's name in the page's language; an action without one as it is recorded.</summary>
    public static string Action(string action) =>
        Actions.TryGetValue(action, out var name) ? T(name.Japanese, name.English) : action;

    /// <summary>
    /// The entry's details in the page's language. On a Japanese page: the Japanese details; for an entry written
    /// before they were kept, the registry's sentence when the English is one (a lapse, an expiry), else the action's
    /// name — never the English sentence.
    /// </summary>
    public static string Details(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (IsEnglish || entry.Details.Length == 0)
            return entry.Details;
        if (!string.IsNullOrEmpty(entry.DetailsJapanese))
            return entry.DetailsJapanese;
        if (StoredSentences.TryRead(entry.Details, out var sentence))
            return sentence.Japanese;
        return Actions.TryGetValue(entry.Action, out var name) ? name.Japanese + "。" : "";
    }
}
