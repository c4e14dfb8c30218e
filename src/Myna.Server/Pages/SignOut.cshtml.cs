using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Server.Staff;

namespace Myna.Server.Pages;

/// <summary><c>POST /signout</c>: ends the session (a GET would let any link sign a person out).</summary>
public sealed class SignOutModel(StaffSignIn signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await signIn.SignOutAsync(HttpContext, cancellationToken);
        return RedirectToPage("/SignIn");
    }
}
