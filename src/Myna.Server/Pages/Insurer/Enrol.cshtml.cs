using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Primitives.Text;
using Myna.Storage;
using Myna.Window;
using Myna.Window.Procedures.Insurance;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Insurer;

/// <summary>
/// <c>/Insurer/{id}/Enrol/{residentId}</c>: enrols the person found by the search with the insurer (資格取得, U1.1) —
/// the symbol, number and branch of the insurance card, 本人 or 家族 (with the insured person, one of the insurer's own
/// insured), the day of joining and the income class. One audited procedure; from then on a card registered for insurance
/// use confirms the enrolment at a clinic's reception.
/// </summary>
public sealed class EnrolModel(InsuranceOffice office, IDbContextFactory<MynaDbContext> contexts) : InsurerPageModel(office, contexts)
{
    [BindProperty(SupportsGet = true)]
    public Guid ResidentId { get; set; }

    [BindProperty]
    public string? Symbol { get; set; }

    [BindProperty]
    public string? Number { get; set; }

    [BindProperty]
    public string? Branch { get; set; } = "00";

    [BindProperty]
    public EnrolmentRole Role { get; set; } = EnrolmentRole.Insured;

    [BindProperty]
    public Guid? InsuredReference { get; set; }

    [BindProperty]
    public DateOnly? From { get; set; }

    [BindProperty]
    public IncomeClass IncomeClass { get; set; } = IncomeClass.General;

    public InsuredPerson? Person { get; private set; }

    /// <summary>Whom a dependant may be enrolled under: the insurer's insured persons covered today.</summary>
    public IReadOnlyList<InsuredPerson> InsuredPersons { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadPersonAsync(cancellationToken))
            return NotFound();
        From = Today;
        await AuditShownAsync([Person, .. InsuredPersons], cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadPersonAsync(cancellationToken))
            return NotFound();
        if (From is not { } from)
            return await RefusedAsync(Refusal.Invalid(new LocalizedText("資格取得日を入力してください。", "Enter the day of joining."), InputField.EnrolmentFrom), cancellationToken);
        if (Role == EnrolmentRole.Dependant && InsuredReference is null)
            return await RefusedAsync(Refusal.Invalid(new LocalizedText("家族の資格には、被保険者（本人）を選んでください。", "Choose the insured person a dependant is enrolled under."),
                InputField.InsuredReference), cancellationToken);
        var form = new EnrolmentForm(ResidentId, Symbol, Number, Branch, Role, Role == EnrolmentRole.Dependant ? InsuredReference : null, from, IncomeClass);
        var outcome = await Office.EnrolAsync(Id, form, Actor, cancellationToken);
        if (!outcome.Succeeded)
            return await RefusedAsync(outcome.Refusal!, cancellationToken);
        return Done(T($"{Person!.Name}さんの資格（{Date(from)}から）を記録しました。", $"{Person!.Name} is enrolled from {Date(from)}."),
            "/Insurer/Details", new { id = Id });
    }

    /// <summary>The form again with the refusal, the people on it shown (and so recorded).</summary>
    private async Task<IActionResult> RefusedAsync(Refusal refusal, CancellationToken cancellationToken)
    {
        await AuditShownAsync([Person, .. InsuredPersons], cancellationToken);
        return Refused(refusal);
    }

    private async Task<bool> LoadPersonAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return false;
        Person = (await PeopleAsync([ResidentId], cancellationToken)).GetValueOrDefault(ResidentId);
        InsuredPersons = [.. Enrolments.Where(e => e.Enrolment.Role == EnrolmentRole.Insured && e.Enrolment.Covers(Today) && e.Person is not null
                && e.Person.Id != ResidentId)
            .Select(e => e.Person!).DistinctBy(p => p.Id)];
        return Person is not null;
    }
}
