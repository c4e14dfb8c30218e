using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Server.Staff;

namespace Myna.Server.Pages.Admin.Staff;

/// <summary><c>/Admin/Staff</c>: every staff account, its role, whether it may sign in and its open sessions.</summary>
public sealed class IndexModel(StaffAdministration staff) : PageModel
{
    public IReadOnlyList<StaffAccountView> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Accounts = await staff.ListAsync(cancellationToken);
}
