using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Portal.Notices;
using Myna.Server.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary><c>/portal/notices</c>: お知らせ (U3.3), the notices addressed to the holder, and marking one read.</summary>
public sealed class NoticesModel(HolderNotices notices) : PageModel
{
    public IReadOnlyList<HolderNotice> Notices { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Notices = await notices.ListAsync(PortalAuthentication.AccountId(User)!.Value, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id)
    {
        if (!await notices.MarkReadAsync(PortalAuthentication.AccountId(User)!.Value, id, HttpContext.RequestAborted))
            return NotFound();
        return RedirectToPage();
    }
}
