using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Myna.Insurance;
using Myna.Registry.Residents;
using Myna.Server.Ui;
using Myna.Storage;
using Myna.Window;

namespace Myna.Server.Pages.Insurer;

/// <summary>A person as the insurer's pages name them: the registry id, the name and the date of birth (never the My Number).</summary>
public sealed record InsuredPerson(Guid Id, string Name, DateOnly BirthDate);

/// <summary>One of an insurer's enrolments with the person it covers.</summary>
public sealed record EnrolmentLine(Enrolment Enrolment, InsuredPerson? Person);

/// <summary>
/// The base of the insurer's pages about one insurer (<c>/Insurer/{id}</c> …): the insurer, its enrolments with the
/// people they cover, and the changes carried out as <see cref="InsuranceOffice"/>'s audited procedures.
/// </summary>
public abstract class InsurerPageModel(InsuranceOffice office, IDbContextFactory<MynaDbContext> contexts) : StaffPageModel
{
    protected InsuranceOffice Office => office;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Myna.Insurance.Insurer? Insurer { get; private set; }

    public IReadOnlyList<EnrolmentLine> Enrolments { get; private set; } = [];

    /// <summary>Today in Japan (what "covered today" means on the page).</summary>
    public DateOnly Today => office.Today;

    /// <summary>Loads the insurer and its enrolments; false when there is no such insurer.</summary>
    protected async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Insurer = await office.InsurerAsync(Id, cancellationToken);
        if (Insurer is null)
            return false;
        var enrolments = await office.EnrolmentsWithAsync(Id, cancellationToken);
        var people = await PeopleAsync([.. enrolments.Select(e => e.HolderReference)], cancellationToken);
        Enrolments = [.. enrolments.Select(e => new EnrolmentLine(e, people.GetValueOrDefault(e.HolderReference)))];
        return true;
    }

    /// <summary>
    /// Records that the page showed these people (name, date of birth, enrolment) to the staff member: a look-up of
    /// registry data, in the audit trail under each resident (docs/security.md, "Look-ups are recorded").
    /// </summary>
    protected Task AuditShownAsync(IEnumerable<InsuredPerson?> people, CancellationToken cancellationToken) =>
        office.AuditShownOnInsurerPagesAsync([.. people.OfType<InsuredPerson>().Select(p => p.Id).Distinct()], Actor, cancellationToken);

    /// <summary>The people with registry ids <paramref name="ids"/>: name and date of birth.</summary>
    protected async Task<IReadOnlyDictionary<Guid, InsuredPerson>> PeopleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return new Dictionary<Guid, InsuredPerson>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var residents = await db.Set<Resident>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        return residents.ToDictionary(r => r.Id, r => new InsuredPerson(r.Id, r.Name.OnCard, r.BirthDate));
    }
}
