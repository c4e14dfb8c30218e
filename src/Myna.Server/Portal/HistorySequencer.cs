using Myna.Portal.History;

namespace Myna.Server.Portal;

/// <summary>
/// Takes exchanges written elsewhere (the window's reveals …) into the history's log every few seconds, so that they
/// have their place in the tree before anyone asks; the portal's own reads take them first anyway.
/// </summary>
internal sealed class HistorySequencer(ExchangeHistory history, ILogger<HistorySequencer> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
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
