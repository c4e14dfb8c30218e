using Myna.Primitives;

namespace Myna.Server.Hosting;

/// <summary>
/// A job that runs once each day of the clock in Japan: whenever the date changes — after midnight in production, soon
/// after an administrator moves the sandbox clock. Checks once a minute; a failed run is tried again at the next check,
/// so the job must be idempotent.
/// </summary>
internal abstract class DailyJob(TimeProvider clock, ILogger log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>What the log calls the job when it fails.</summary>
    protected abstract string Name { get; }

    /// <summary>Runs the job for the day it is now.</summary>
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateOnly? done = null;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            var today = JapanClock.Today(clock);
            if (done == today)
                continue;
            try
            {
                await RunAsync(stoppingToken);
                done = today;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "{Job} failed; it runs again at the next check", Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
