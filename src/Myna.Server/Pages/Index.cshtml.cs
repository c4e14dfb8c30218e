using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Storage.Staff;

namespace Myna.Server.Pages;

/// <summary><c>/</c>: sends each staff member to the desk of their role.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage(HomeOf(
        Enum.GetValues<StaffRole>().FirstOrDefault(role => role != StaffRole.WindowStaff && User.IsInRole(role.ToString()), StaffRole.WindowStaff)));

    /// <summary>The first page of a role.</summary>
    public static string HomeOf(StaffRole role) => role switch
    {
        StaffRole.CallCentre => "/CallCentre/Index",
        StaffRole.Administrator => "/Admin/Index",
        StaffRole.Insurer => "/Insurer/Index",
        // The bodies publish through the API (POST /api/bodies/information); they have no desk of their own yet.
        StaffRole.TaxOffice or StaffRole.PensionService or StaffRole.HealthCentre => "/Help",
        _ => "/Window/Index",
    };
}
