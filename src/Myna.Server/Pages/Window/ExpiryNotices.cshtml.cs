using Microsoft.AspNetCore.Mvc;
using Myna.Primitives;
using Myna.Server.Ui;
using Myna.Window;

namespace Myna.Server.Pages.Window;

/// <summary><c>/Window/ExpiryNotices</c>: the expiry notices due (V1) whose notice date lies in a range of days, both ends included.</summary>
public sealed class ExpiryNoticesModel(MunicipalWindow window) : StaffPageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Until { get; set; }

    public IReadOnlyList<ExpiryNotice> Notices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Default: the notices of the coming month, from today.
        From ??= window.Today;
        Until ??= CivilDates.Contains(From.Value) ? From.Value.AddMonths(1) : From;
        if (MunicipalWindow.NoticeRangeProblem(From.Value, Until.Value) is { } problem)
        {
            ModelState.AddModelError(problem.Field == InputField.From ? nameof(From) : nameof(Until), problem.Text.Current);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Notices = await window.ExpiryNoticesAsync(From.Value, Until.Value, cancellationToken);
        return Page();
    }
}
