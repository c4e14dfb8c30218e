using Myna.Primitives;
using Myna.Storage.Coordination;

namespace Myna.Server.Hosting;

/// <summary>
/// A job that runs once each day of the clock in Japan: whenever the date changes — after midnight in production, soon
/// after an administrator moves the sandbox clock. Checks every few seconds; a failed run is tried again at the next
/// check, so the job must be idempotent.
/// </summary>
/// <remarks>
/// Several processes on one database run the job once between them: only the process holding the job's lease
/// (<see cref="WorkLeases"/>) runs it, and a process that takes the lease over (its holder died) runs it at once for
/// the day, which is harmless since the job is idempotent. On SQLite the lease is always held.
/// </remarks>
internal abstract class DailyJob(TimeProvider clock, WorkLeases leases, ILogger log) : BackgroundService
{
    /// <summary>
    /// Time between checks: how soon a new date is noticed, and how soon a standby process takes the lease over from a
    /// holder that died (a check that finds the lease taken is one statement on the database).
    /// </summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>What the log calls the job when it fails.</summary>
    protected abstract string Name { get; }

    /// <summary>The job's lease, the same in every process.</summary>
    protected abstract string LeaseName { get; }

    /// <summary>Runs the job for the day it is now.</summary>
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateOnly? done = null;
        await using var runner = new SingleRunner(leases, LeaseName);
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var held = runner.Holding;
                if (!await runner.HoldsAsync(stoppingToken))
                {
                    if (held)
                        log.LogWarning("{Job}: this process lost the lease {Lease}; another process runs the job", Name, LeaseName);
                    continue;
                }
                if (!held)
                    log.LogInformation("{Job}: this process holds the lease {Lease} and runs the job", Name, LeaseName);
                var today = JapanClock.Today(clock);
                if (done == today)
                    continue;
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
