using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Server.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary><c>/portal</c>: what the portal is and how to log in; a logged-in holder goes on to their page.</summary>
public sealed class IndexModel : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var holder = await HttpContext.AuthenticateAsync(PortalAuthentication.Scheme);
        return holder.Succeeded ? Redirect("/portal/home") : Page();
    }
}
