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
              + (change.Notice is null ? "" : T("追記欄がいっぱいです。新しい有効期限を記載するため、カードを無料で再交付します（M2）。", change.Notice))
            : T("在留資格を変更しました。", "The status of residence was changed."), cancellationToken);
    }

}
