using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Server.Kiosk;

namespace Myna.Server.Pages.Kiosk;

/// <summary>
/// <c>/kiosk/verify</c>: anyone pastes the text of a printed certificate's QR code (<c>MYNADOC1:…</c>) and sees whether
/// it is genuine — the seal checked offline and the municipality's record of the issue number — with what the
/// certificate says, to compare with the paper. The same check as <c>POST /api/kiosk/verify</c>
/// (<see cref="IssuedCertificateCheck"/>).
/// </summary>
public sealed class VerifyModel(IssuedCertificateCheck certificates) : PageModel
{
    /// <summary>The QR code's text; posted, never in the address.</summary>
    [BindProperty]
    public string? Seal { get; set; }

    /// <summary>The check's answer, after a post.</summary>
    public IssuedCertificateCheckResult? Result { get; private set; }

    /// <summary>Nothing was pasted (or more than a QR code holds).</summary>
    public bool Missing { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!IssuedCertificateCheck.IsPlausible(Seal))
        {
            Missing = true;
            return Page();
        }
        Result = await certificates.CheckAsync(Seal!, HttpContext.RequestAborted);
        return Page();
    }
}
