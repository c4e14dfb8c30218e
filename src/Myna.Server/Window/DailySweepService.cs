using Myna.Server.Hosting;
using Myna.Storage.Coordination;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>Runs the window's sweep (V5 lapses, V7 expiries) once each day (<see cref="DailyJob"/>).</summary>
internal sealed class DailySweepService(MunicipalWindow window, TimeProvider clock, WorkLeases leases, ILogger<DailySweepService> log)
    : DailyJob(clock, leases, log)
{
    protected override string Name => "The daily sweep";

    protected override string LeaseName => "daily-sweep";

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var report = await window.SweepAsync(cancellationToken);
        if (report.Lapsed + report.Expired > 0)
            log.LogInformation("Sweep of {Day}: {Lapsed} cards lapsed (V5), {Expired} expired (V7)", report.Day, report.Lapsed, report.Expired);
    }
}
