using Myna.ConvenienceIssuance.Stores;
using Myna.Primitives;

namespace Myna.Server.Kiosk;

/// <summary>
/// Closes the kiosk's daily settlements of the days that are over whenever the Japan date of the clock changes — after
/// midnight in production, soon after an administrator moves the sandbox clock. Checks once a minute; closing is
/// idempotent, so a failed or repeated run only closes what is left.
/// </summary>
internal sealed class KioskSettlementService(DailySettlement settlement, TimeProvider clock, ILogger<KioskSettlementService> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateOnly? closed = null;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            var today = JapanClock.Today(clock);
            if (closed == today)
                continue;
            try
            {
                var days = await settlement.CloseFinishedDaysAsync(stoppingToken);
                closed = today;
                if (days > 0)
                    log.LogInformation("Closed {Days} daily kiosk settlements before {Day}", days, today);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Closing the kiosk's daily settlements failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
