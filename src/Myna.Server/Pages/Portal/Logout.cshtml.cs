using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Server.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary><c>POST /portal/logout</c>: the header's log-out button.</summary>
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/portal/home");

    public async Task<IActionResult> OnPostAsync()
    {
        await PortalLogin.LogOutAsync(HttpContext);
        return Redirect("/portal");
    }
}
