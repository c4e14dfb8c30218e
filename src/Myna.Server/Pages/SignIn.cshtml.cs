using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Myna.Server.Hosting;
using Myna.Server.Staff;

namespace Myna.Server.Pages;

/// <summary><c>/signin</c>: the staff sign-in form; the same checks and audit as <c>POST /api/session</c>.</summary>
public sealed class SignInModel(StaffSignIn signIn, IOptions<ServerOptions> server) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    /// <summary>Seconds to wait when the throttle refused the attempt (too many failures), else 0.</summary>
    public int RetryAfterSeconds { get; private set; }

    /// <summary>The demo accounts are listed on the page in sandbox mode, where they exist.</summary>
    public bool ShowSandboxAccounts => server.Value.Mode == ServerMode.Sandbox;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await signIn.SignInAsync(HttpContext, UserName, Password, cancellationToken);
        if (outcome.Account is not { } account)
        {
            Failed = true;
            RetryAfterSeconds = outcome.RetryAfterSeconds;
            Password = null;
            if (outcome.RetryAfter is not null)
            {
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return Page();
        }
        return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl) : RedirectToPage(IndexModel.HomeOf(account.Role));
    }
}
