using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Server.Staff;
using Myna.Storage.Audit;
using Myna.Window;

namespace Myna.Server.Ui;

/// <summary>
/// The base of the staff pages that carry out a procedure: who acts (for the audit trail), the refusal to show
/// when a rule says no (the page is shown again with what was typed, nothing changed), and the message of a
/// procedure done, carried over the redirect that follows every successful POST.
/// </summary>
public abstract class StaffPageModel : PageModel
{
    /// <summary>The TempData key of the "done" message that the layout shows once.</summary>
    public const string DoneKey = "myna.done";

    /// <summary>Why the last attempt was refused; shown by <c>_Refusal</c>.</summary>
    public Refusal? Refusal { get; protected set; }

    /// <summary>The signed-in staff member, as the audit trail names them.</summary>
    protected AuditActor Actor => StaffClaims.Actor(User);

    /// <summary>Shows the page again with the refusal, with the API's status for it (<see cref="Window.RefusalStatus"/>).</summary>
    protected IActionResult Refused(Refusal refusal)
    {
        Refusal = refusal;
        Response.StatusCode = Window.RefusalStatus.Of(refusal.Kind);
        return Page();
    }

    /// <summary>After a procedure: to <paramref name="pageName"/>, which shows <paramref name="message"/> once.</summary>
    protected IActionResult Done(string message, string pageName, object? routeValues = null)
    {
        TempData[DoneKey] = message;
        return RedirectToPage(pageName, routeValues);
    }
}
