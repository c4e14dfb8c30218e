using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Portal.Procedures;
using Myna.Server.Portal;
using Myna.Storage.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary><c>/portal/applications</c>: the holder's online applications, newest first, each with its state.</summary>
public sealed class ApplicationsModel(OnlineApplications applications) : PageModel
{
    public IReadOnlyList<OnlineApplication> Applications { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Applications = await applications.OfAccountAsync(PortalAuthentication.AccountId(User)!.Value, HttpContext.RequestAborted);
    }
}
