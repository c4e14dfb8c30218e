using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.OnlineEligibility.Records;
using Myna.Portal.Information;
using Myna.Server.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary><c>/portal/home</c>: the logged-in holder's page, わたしの情報 (U3.4) with the health records (U1.4, U1.5).</summary>
public sealed class HomeModel(MyInformation information, HolderRecords records) : PageModel
{
    public IReadOnlyList<InformationItem> Items { get; private set; } = [];

    /// <summary>Medication, health checks and medical expenses from the claims and the insurers.</summary>
    public HolderHealthRecords Health { get; private set; } = new([], [], [], []);

    public async Task OnGetAsync()
    {
        Items = await PortalEndpoints.ShowInformationAsync(HttpContext, information);
        Health = await HealthRecordsEndpoints.ShowAsync(HttpContext, records);
    }
}
