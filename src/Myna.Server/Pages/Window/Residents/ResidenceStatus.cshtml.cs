using Microsoft.AspNetCore.Mvc;
using Myna.Registry.Rules;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>V4: a foreign resident's new status or period of stay, which moves the card's expiry.</summary>
public sealed class ResidenceStatusModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    [BindProperty]
    public ResidenceCategory Category { get; set; } = ResidenceCategory.MidToLongTerm;

    /// <summary>The end of the period of stay (or the day the category counts from, V3); empty for the V2 categories.</summary>
    [BindProperty]
    public DateOnly? PeriodDate { get; set; }

    public override async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        Category = Resident.ResidenceCategory ?? ResidenceCategory.MidToLongTerm;
        PeriodDate = Resident.ResidenceDate;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ForeignResidence residence;
        try
        {
            residence = ForeignResidence.Of(Category, PeriodDate);
        }
        catch (ArgumentException)
        {
            // The factory is the validator: a category with a date, or without one (V3).
            return await RefusedAsync(Refusal.Invalid(T("この在留資格には日付が必要です（永住者・高度専門職2号・特別永住者には不要）（V3）。",
                "This status needs its date; permanent residents, highly skilled professionals (ii) and special permanent residents have none (V3).")), cancellationToken);
        }
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        var before = Card?.ExpiresOn;
        var outcome = await Window.ChangeResidenceStatusAsync(Id, residence, Actor, cancellationToken);
        return await AfterAsync(outcome, change => change.Card is { } card && before is { } was
            ? T($"在留資格を変更しました。カードの有効期限: {Date(was)} → {Date(card.ExpiresOn)}（V4）。", $"The status of residence was changed. Card expiry: {Date(was)} → {Date(card.ExpiresOn)} (V4). ")
              + (change.Notice is null ? "" : T("追記欄がいっぱいです。カードを無料で再交付します（M2）。", change.Notice))
            : T("在留資格を変更しました。", "The status of residence was changed."), cancellationToken);
    }

    /// <summary>A category in words.</summary>
    public static string CategoryWords(ResidenceCategory category) => category switch
    {
        ResidenceCategory.PermanentResident => T("永住者", "Permanent resident"),
        ResidenceCategory.HighlySkilledProfessionalII => T("高度専門職2号", "Highly skilled professional (ii)"),
        ResidenceCategory.SpecialPermanentResident => T("特別永住者", "Special permanent resident"),
        ResidenceCategory.MidToLongTerm => T("中長期在留者（在留期間の満了日）", "Mid- to long-term resident (end of the period of stay)"),
        ResidenceCategory.TemporaryRefuge => T("一時庇護許可者（上陸期間の満了日）", "Temporary refuge (end of the landing period)"),
        ResidenceCategory.ProvisionalStay => T("仮滞在許可者（仮滞在期間の満了日）", "Provisional stay (end of the period)"),
        ResidenceCategory.TransitionalStayAfterBirth => T("出生による経過滞在者（出生日）", "Transitional stay after birth (date of birth)"),
        ResidenceCategory.TransitionalStayAfterLossOfNationality => T("国籍喪失による経過滞在者（喪失日）", "Transitional stay after loss of nationality (date of loss)"),
        _ => category.ToString(),
    };
}
