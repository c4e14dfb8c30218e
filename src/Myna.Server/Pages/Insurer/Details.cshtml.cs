using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Text;
using Myna.Storage;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Insurer;

/// <summary>
/// <c>/Insurer/{id}</c>: one insurer's enrolments (資格), the loss of one recorded on its day of loss (資格喪失日, the first
/// day no longer covered), and the search for a person to enrol — by name and date of birth as the window searches
/// (GET, audited as a search of the insurer's pages), never by My Number.
/// </summary>
public sealed class DetailsModel(InsuranceOffice office, MunicipalWindow window, IDbContextFactory<MynaDbContext> contexts)
    : InsurerPageModel(office, contexts)
{
    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? BirthDate { get; set; }

    /// <summary>The enrolment whose loss is recorded (POST).</summary>
    [BindProperty]
    public Guid EnrolmentId { get; set; }

    /// <summary>The day of loss (POST).</summary>
    [BindProperty]
    public DateOnly? LossDay { get; set; }

    public bool Searched { get; private set; }

    public IReadOnlyList<ResidentSummary> Results { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        await AuditShownAsync(Enrolments.Select(e => e.Person), cancellationToken);
        if (string.IsNullOrWhiteSpace(Name) && BirthDate is null)
            return Page();
        Results = await window.SearchResidentsAsync(new ResidentQuery(Name, BirthDate: BirthDate), Actor, LookupChannel.Insurer, cancellationToken: cancellationToken);
        Searched = true;
        return Page();
    }

    /// <summary>Records the loss of one of this insurer's enrolments.</summary>
    public async Task<IActionResult> OnPostEndAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        var line = Enrolments.FirstOrDefault(e => e.Enrolment.Id == EnrolmentId);
        if (line is null)
            return await RefusedAsync(Myna.Window.Procedures.Insurance.InsuranceRefusals.NoSuchEnrolment, cancellationToken);
        if (LossDay is not { } lossDay)
            return await RefusedAsync(Refusal.Invalid(new LocalizedText("資格喪失日を入力してください。", "Enter the day of loss.")), cancellationToken);
        var outcome = await Office.EndEnrolmentAsync(EnrolmentId, lossDay, Actor, cancellationToken);
        if (!outcome.Succeeded)
        {
            await LoadAsync(cancellationToken);
            return await RefusedAsync(outcome.Refusal!, cancellationToken);
        }
        var who = line.Person?.Name ?? "—";
        return Done(T($"{who}さんの資格喪失（資格喪失日 {Date(lossDay)}）を記録しました。",
            $"The loss of {who}'s enrolment is recorded (day of loss {Date(lossDay)})."), "/Insurer/Details", new { id = Id });
    }

    /// <summary>The page again with the refusal, its list shown (and so recorded).</summary>
    private async Task<IActionResult> RefusedAsync(Refusal refusal, CancellationToken cancellationToken)
    {
        await AuditShownAsync(Enrolments.Select(e => e.Person), cancellationToken);
        return Refused(refusal);
    }
}
