using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Registry.Rules;

namespace Myna.Server.Pages;

/// <summary>A telephone or fax line of the contact page (K).</summary>
public sealed record ContactLine(string Japanese, string English, string Number, bool IsFax = false);

/// <summary>
/// <c>/Help</c>, open to anyone: whom to call and when (K, L1), the kiosk hours (U2.1, U2.11), the expiry and renewal
/// rules in short with their ids, and the API page. The hours come from the rule types, so the page says what the
/// system enforces.
/// </summary>
public sealed class HelpModel(TimeProvider clock) : PageModel
{
    /// <summary>
    /// K: the other lines on the guidebook's back cover, under "マイナンバー総合フリーダイヤル"; docs/rules.md names
    /// them without their numbers, so they are quoted from the guidebook here.
    /// </summary>
    public static IReadOnlyList<ContactLine> OtherLines { get; } =
    [
        new("IP電話等でつながらない場合：マイナンバー制度・マイナポータル", "If an IP phone cannot reach the free dial: the My Number system, the portal", "050-3816-9405"),
        new("IP電話等でつながらない場合：カード・電子証明書・通知カード", "If an IP phone cannot reach the free dial: the card, e-certificates, notification cards", "050-3818-1250"),
        new("外国語（英語・中国語・韓国語・スペイン語・ポルトガル語）：制度・マイナポータル", "Foreign languages (English, Chinese, Korean, Spanish, Portuguese): the system, the portal", "0120-0178-26"),
        new("外国語（英語・中国語・韓国語・スペイン語・ポルトガル語）：カード・電子証明書・通知カード", "Foreign languages (English, Chinese, Korean, Spanish, Portuguese): the card, e-certificates, notification cards", "0120-0178-27"),
        new("聴覚障がい者専用（FAX）", "For the hearing impaired (fax)", "0120-601-785", IsFax: true),
        new("郡山市 マイナンバーカードセンター（電話）", "Koriyama City My Number Card Centre (telephone)", "024-955-6221"),
        new("郡山市 マイナンバーカードセンター（FAX）", "Koriyama City My Number Card Centre (fax)", "024-924-2971", IsFax: true),
    ];

    /// <summary>K: whether the general line answers now, by the system clock.</summary>
    public RuleDecision GeneralLine => CallCentreHours.IsOpen(CallCentreLine.General, clock);

    /// <summary>The API reference page.</summary>
    public static string ApiPage => ApiDescription.ApiDescriptionExtensions.PagePath + "/";

    public void OnGet()
    {
    }
}
