using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Portal.Sessions;
using Myna.Server.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary><c>/portal/sessions</c>: where the holder is logged in, and ending a session they do not recognise.</summary>
public sealed class SessionsModel(HolderSessions sessions) : PageModel
{
    public IReadOnlyList<HolderSessionView> Open { get; private set; } = [];

    public Guid? Current => PortalAuthentication.SessionId(User);

    public async Task OnGetAsync()
    {
        Open = await sessions.OpenAsync(PortalAuthentication.AccountId(User)!.Value, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id)
    {
        if (id == Current)
        {
            await PortalLogin.LogOutAsync(HttpContext);
            return Redirect("/portal");
        }
        await sessions.EndAsync(PortalAuthentication.AccountId(User)!.Value, id, HolderSessionEnd.EndedByHolder, HttpContext.RequestAborted);
        return RedirectToPage();
    }
}
