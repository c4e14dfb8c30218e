using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Portal.Information;
using Myna.Server.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary><c>/portal/home</c>: the logged-in holder's page, わたしの情報 (U3.4).</summary>
public sealed class HomeModel(MyInformation information) : PageModel
{
    public IReadOnlyList<InformationItem> Items { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Items = await PortalEndpoints.ShowInformationAsync(HttpContext, information);
    }
}
