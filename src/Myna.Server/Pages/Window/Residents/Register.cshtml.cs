using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Myna.Primitives;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;
using Myna.Server.Ui;
using Myna.Window;
using Myna.Window.Demo;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>
/// <c>/Window/Residents/Register</c>: a new resident record; the window assigns the My Number and the resident
/// record code and sends the number notice (D3). Each field says what is wrong with it; the window's own checks
/// (V3, M3 …) come back as a refusal naming the rule.
/// </summary>
public sealed partial class RegisterModel(MunicipalWindow window) : StaffPageModel
{
    [BindProperty]
    public string Municipality { get; set; } = Registry.Municipalities.Municipality.Koriyama().Code.Value;

    [BindProperty]
    public string? FamilyName { get; set; }

    [BindProperty]
    public string? GivenName { get; set; }

    [BindProperty]
    public string? FamilyNameKana { get; set; }

    [BindProperty]
    public string? GivenNameKana { get; set; }

    [BindProperty]
    public string? FormerSurname { get; set; }

    [BindProperty]
    public DateOnly? BirthDate { get; set; }

    [BindProperty]
    public Sex? Sex { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Domicile { get; set; }

    [BindProperty]
    public string? HouseholdHead { get; set; }

    [BindProperty]
    public string? RelationshipToHead { get; set; }

    [BindProperty]
    public bool IsAdultWard { get; set; }

    /// <summary>Whether the resident is a foreign national (V3): then nationality and residence status are asked.</summary>
    [BindProperty]
    public bool IsForeignResident { get; set; }

    [BindProperty]
    public string? Nationality { get; set; }

    [BindProperty]
    public ResidenceCategory? ResidenceCategory { get; set; }

    [BindProperty]
    public DateOnly? ResidenceDate { get; set; }

    /// <summary>The sandbox's municipalities, the demo one (Koriyama) first.</summary>
    public static IReadOnlyList<Municipality> Municipalities => DemoRegistry.Municipalities;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var residence = Validate();
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var form = new ResidentRegistration(
            Municipality, FamilyName!.Trim(), GivenName!.Trim(), FamilyNameKana!.Trim(), GivenNameKana!.Trim(), BirthDate!.Value, Sex!.Value,
            Address!.Trim(), FormerSurname: Blank(FormerSurname), Domicile: IsForeignResident ? null : Blank(Domicile),
            Nationality: IsForeignResident ? Nationality!.Trim() : null, ForeignResidence: residence, IsAdultWard: IsAdultWard,
            HouseholdHead: Blank(HouseholdHead), RelationshipToHead: Blank(RelationshipToHead));
        var outcome = await window.RegisterResidentAsync(form, Actor, cancellationToken);
        if (!outcome.Succeeded)
            return Refused(outcome.Refusal!);
        var notice = MyNumberDocumentRule.SentOnNumbering(window.Today) == MyNumberDocument.NumberNotice
            ? T("個人番号を指定しました。個人番号通知書を送付します（D3）。", "A My Number was assigned; the number notice is sent to the resident (D3).")
            : T("個人番号を指定しました。通知カードを送付します（D2）。", "A My Number was assigned; the notification card is sent to the resident (D2).");
        return Done(T("住民を登録しました。", "The resident is registered. ") + notice, "/Window/Residents/Details", new { id = outcome.Value.Id });
    }

    /// <summary>Field by field, in the page's language; the foreign residence (V3) when one was given.</summary>
    private ForeignResidence? Validate()
    {
        Required(nameof(FamilyName), FamilyName, 60);
        Required(nameof(GivenName), GivenName, 60);
        RequiredKana(nameof(FamilyNameKana), FamilyNameKana);
        RequiredKana(nameof(GivenNameKana), GivenNameKana);
        if (FormerSurname is { Length: > 60 })
            ModelState.AddModelError(nameof(FormerSurname), T("旧氏は60文字以内で入力してください。", "A former surname has at most 60 characters."));
        if (BirthDate is null)
            ModelState.AddModelError(nameof(BirthDate), T("生年月日を入力してください。", "Enter the date of birth."));
        else if (BirthDate > window.Today)
            ModelState.AddModelError(nameof(BirthDate), T("生年月日に未来の日付は入力できません。", "A date of birth is not in the future."));
        if (Sex is null || !Enum.IsDefined(Sex.Value))
            ModelState.AddModelError(nameof(Sex), T("性別を選んでください。", "Choose the sex."));
        Required(nameof(Address), Address, 200);
        if (!IsForeignResident)
            return null;
        // V3: a foreign resident has a nationality and a residence status; the status decides the card's expiry.
        Required(nameof(Nationality), Nationality, 60);
        if (ResidenceCategory is not { } category)
        {
            ModelState.AddModelError(nameof(ResidenceCategory), T("在留資格の区分を選んでください（V3）。", "Choose the residence category (V3)."));
            return null;
        }
        try
        {
            return ForeignResidence.Of(category, ResidenceDate);
        }
        catch (ArgumentException)
        {
            ModelState.AddModelError(nameof(ResidenceDate), ResidenceDate is null
                ? T("この在留資格には日付（在留期間の満了日など）が必要です（V3）。", "This residence status needs its date (end of the period of stay …) (V3).")
                : T("この在留資格には日付がありません。空欄にしてください（V3）。", "This residence status has no date: leave it empty (V3)."));
            return null;
        }
    }

    private void Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            ModelState.AddModelError(field, T("入力してください。", "Required."));
        else if (value.Trim().Length > maxLength)
            ModelState.AddModelError(field, T($"{maxLength}文字以内で入力してください。", $"At most {maxLength} characters."));
    }

    private void RequiredKana(string field, string? value)
    {
        Required(field, value, 60);
        if (!string.IsNullOrWhiteSpace(value) && !Katakana().IsMatch(value.Trim()))
            ModelState.AddModelError(field, T("カタカナで入力してください。", "Write the reading in katakana."));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string T(string japanese, string english) => Bilingual.T(japanese, english);

    // As the window accepts it: katakana, the prolonged sound mark, the middle dot, spaces (ジョン・スミス).
    [GeneratedRegex(@"^[\p{IsKatakana}ー・ 　]+$")]
    private static partial Regex Katakana();
}
