using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Server.Ui;
using Myna.Storage;

namespace Myna.Server.Pages.Admin;

/// <summary>
/// <c>/Admin/Audit</c>: the audit trail, newest first, <see cref="AuditSearch.PageSize"/> a page, filtered by Japan
/// date range, actor, action (or its beginning), subject kind and id. The filter is in the query string (GET): it
/// names no secret, since the trail holds no My Number or PIN.
/// </summary>
public sealed class AuditModel(IDbContextFactory<MynaDbContext> contexts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Until { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? SubjectKind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? SubjectId { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public AuditPage Result { get; private set; } = new([], 0, 1, AuditSearch.PageSize);

    public IReadOnlyList<string> KnownActions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var search = new AuditSearch(contexts);
        KnownActions = await search.ActionsAsync(cancellationToken);
        var outOfRange = false;
        foreach (var (name, date) in new[] { (nameof(From), From), (nameof(Until), Until) })
        {
            if (date is { } given && !CivilDates.Contains(given))
            {
                outOfRange = true;
                ModelState.AddModelError(name, Bilingual.T(
                    $"{Bilingual.Date(CivilDates.Earliest)}から{Bilingual.Date(CivilDates.Latest)}までの日付を指定してください。",
                    $"Give a date between {Bilingual.Date(CivilDates.Earliest)} and {Bilingual.Date(CivilDates.Latest)}."));
            }
        }
        if (outOfRange)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Result = await search.FindAsync(new AuditFilter(From, Until, Actor, ActionName, SubjectKind, SubjectId), PageNumber, cancellationToken);
    }

    /// <summary>The query string of this filter on page <paramref name="page"/>.</summary>
    public Dictionary<string, string?> RouteFor(int page) => new()
    {
        ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["until"] = Until?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["actor"] = Actor,
        ["action"] = ActionName,
        ["subjectKind"] = SubjectKind,
        ["subjectId"] = SubjectId,
        ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
