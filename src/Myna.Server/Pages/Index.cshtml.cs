using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Storage.Staff;

namespace Myna.Server.Pages;

/// <summary><c>/</c>: sends each staff member to the desk of their role.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage(HomeOf(User.IsInRole(nameof(StaffRole.CallCentre)) ? StaffRole.CallCentre
        : User.IsInRole(nameof(StaffRole.Administrator)) ? StaffRole.Administrator : StaffRole.WindowStaff));

    /// <summary>The first page of a role.</summary>
    public static string HomeOf(StaffRole role) => role switch
    {
        StaffRole.CallCentre => "/CallCentre/Index",
        StaffRole.Administrator => "/Admin/Index",
        _ => "/Window/Index",
    };
}
