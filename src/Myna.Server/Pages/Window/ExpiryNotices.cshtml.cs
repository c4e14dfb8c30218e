using Microsoft.AspNetCore.Mvc;
using Myna.Server.Ui;
using Myna.Window;

namespace Myna.Server.Pages.Window;

/// <summary><c>/Window/ExpiryNotices</c>: the expiry notices due (V1) whose notice date lies in a range of days, both ends included.</summary>
public sealed class ExpiryNoticesModel(MunicipalWindow window) : StaffPageModel
{
    /// <summary>The longest range shown at once, as the API allows.</summary>
    public const int MaxDays = 366;

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Until { get; set; }

    public IReadOnlyList<ExpiryNotice> Notices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Default: the notices of the coming month, from today.
        From ??= window.Today;
        Until ??= From.Value.AddMonths(1);
        if (Until < From || Until.Value.DayNumber - From.Value.DayNumber > MaxDays)
        {
            ModelState.AddModelError(nameof(Until), Bilingual.T($"期間は開始日以降で、{MaxDays}日以内です。", $"The range runs forwards and spans at most {MaxDays} days."));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Notices = await window.ExpiryNoticesAsync(From.Value, Until.Value, cancellationToken);
        return Page();
    }
}
