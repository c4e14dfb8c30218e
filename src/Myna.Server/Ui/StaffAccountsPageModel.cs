using Microsoft.AspNetCore.Mvc;
using Myna.Server.Staff;

namespace Myna.Server.Ui;

/// <summary>
/// The base of the pages that change staff accounts (<c>/Admin/Staff</c>, <c>/Password</c>): a refusal of
/// <see cref="StaffAdministration"/> is shown on the page again with the API's status (400, 404, 409, 429), the field it
/// names marked.
/// </summary>
public abstract class StaffAccountsPageModel : StaffPageModel
{
    /// <summary>Why the last change was refused; shown by <c>_StaffRefusal</c>.</summary>
    public StaffRefusal? StaffRefusal { get; private set; }

    /// <summary><c>true</c> for the field the refusal names (for <c>aria-invalid</c>), else null.</summary>
    public string? Invalid(string field) => StaffRefusal?.Field == field ? "true" : null;

    protected IActionResult Refused(StaffRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        StaffRefusal = refusal;
        Response.StatusCode = refusal.Status;
        if (refusal.RetryAfter is not null)
            Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }
}
