using Myna.Portal.History;
using Myna.Storage.Coordination;

namespace Myna.Server.Portal;

/// <summary>
/// Takes exchanges written elsewhere (the window's reveals, the eligibility checks …) into the history's log every
/// second, so that they have their place in the tree before anyone asks; the portal's own reads take them first anyway.
/// </summary>
/// <remarks>
/// Every second rather than every few: at thousands of eligibility checks a second, a tick takes a second's records in
/// a few short transactions instead of five seconds' in many, each holding the database's writer for less time; a tick
/// with nothing to take is one read of an index. Several processes on one database sequence in one of them, the holder
/// of the lease <c>history-sequencer</c>: two appenders would be correct (the loser retries) but waste their work; the
/// others' portal reads still take what is waiting first.
/// </remarks>
internal sealed class HistorySequencer(ExchangeHistory history, WorkLeases leases, ILogger<HistorySequencer> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var runner = new SingleRunner(leases, "history-sequencer", standbyInterval: TimeSpan.FromSeconds(5));
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await runner.HoldsAsync(stoppingToken))
                    await history.SequenceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Another process appended first, or the database is busy: the next tick tries again.
                log.LogWarning(e, "The exchange history's log could not take new entries; trying again shortly");
            }
        }
    }
}
