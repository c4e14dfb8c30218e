using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Myna.OnlineEligibility;
using Myna.Server.Clinic;
using Myna.Server.Hosting;

namespace Myna.Server.Pages.Clinic.Visits;

/// <summary>
/// <c>/clinic/visits</c>: the reception terminal's recent checks, for the clinic's staff (sandbox). Who stands at the
/// terminal — the browser whose cookie acts as it (<see cref="ReceptionSessions"/>) — sees its checks; anyone else is
/// sent to choose a terminal first.
/// </summary>
public sealed class IndexModel(ReceptionSessions sessions, TerminalChecks checks, TimeProvider clock, IOptions<ServerOptions> server) : PageModel
{
    /// <summary>How many checks the list shows.</summary>
    public const int Shown = 50;

    public ReceptionSession? Session { get; private set; }

    public IReadOnlyList<CheckSummary> Checks { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (server.Value.Mode != ServerMode.Sandbox)
            return NotFound();
        Response.Headers.CacheControl = "no-store";
        Now = clock.GetUtcNow();
        Session = sessions.Find(HttpContext);
        if (Session is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var recent = await checks.RecentAsync(Session.Terminal.Credentials, Shown, HttpContext.RequestAborted);
        Checks = recent.Value ?? [];
        return Page();
    }
}
