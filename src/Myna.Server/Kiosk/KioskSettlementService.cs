using Myna.ConvenienceIssuance.Stores;
using Myna.Server.Hosting;
using Myna.Storage.Coordination;

namespace Myna.Server.Kiosk;

/// <summary>Closes the kiosk's daily settlements of the days that are over, once each day (<see cref="DailyJob"/>).</summary>
internal sealed class KioskSettlementService(
    DailySettlement settlement, TimeProvider clock, WorkLeases leases, ILogger<KioskSettlementService> log) : DailyJob(clock, leases, log)
{
    protected override string Name => "Closing the kiosk's daily settlements";

    protected override string LeaseName => "kiosk-settlement";

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var days = await settlement.CloseFinishedDaysAsync(cancellationToken);
        if (days > 0)
            log.LogInformation("Closed {Days} daily kiosk settlements", days);
    }
}
