using Microsoft.AspNetCore.Mvc;
using Myna.Portal.Procedures;
using Myna.Server.Ui;
using Myna.Storage.Portal;

namespace Myna.Server.Pages.Window;

/// <summary>
/// <c>/Window/OnlineApplications</c>: the applications holders made online (ぴったりサービス) that are the municipality's
/// to look at — submitted, or decided — oldest first, filtered by state (GET, so a filter can be bookmarked).
/// </summary>
public sealed class OnlineApplicationsModel(OnlineApplications applications) : StaffPageModel
{
    /// <summary>The state shown; none shows every state.</summary>
    [BindProperty(SupportsGet = true)]
    public OnlineApplicationState? State { get; set; }

    public IReadOnlyList<OnlineApplication> Applications { get; private set; } = [];

    /// <summary>The states a municipality sees (a holder's unsigned draft is the holder's own).</summary>
    public static IReadOnlyList<OnlineApplicationState> States { get; } =
        [OnlineApplicationState.Submitted, OnlineApplicationState.Accepted, OnlineApplicationState.Rejected, OnlineApplicationState.Completed];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = await applications.ForMunicipalityAsync(null, cancellationToken);
        Applications = State is { } state ? [.. all.Where(a => a.State == state)] : all;
    }
}
