using Myna.Primitives;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>
/// Runs the window's sweep (V5 lapses, V7 expiries) whenever the Japan date of the clock changes — at midnight
/// in production, and soon after an administrator moves the sandbox clock. Checks once a minute.
/// </summary>
internal sealed class DailySweepService(MunicipalWindow window, TimeProvider clock, ILogger<DailySweepService> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateOnly? swept = null;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            var today = JapanClock.Today(clock);
            if (swept == today)
                continue;
            try
            {
                var report = await window.SweepAsync(stoppingToken);
                swept = today;
                if (report.Lapsed + report.Expired > 0)
                    log.LogInformation("Sweep of {Day}: {Lapsed} cards lapsed (V5), {Expired} expired (V7)", report.Day, report.Lapsed, report.Expired);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; a sweep is idempotent.
                log.LogError(e, "The daily sweep failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
