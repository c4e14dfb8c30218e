using System.Globalization;
using Myna.Pki.Revocation;
using Myna.Storage;
using Myna.Storage.Coordination;

namespace Myna.Server.Coordination;

/// <summary>
/// Makes one process of those on a PostgreSQL database the signer of the CRLs, the holder of the lease
/// <see cref="LeaseName"/>, and every process the server of the CRL it stored. The holder's publishers sign at once on
/// taking the lease, then on every revocation they take in and before nextUpdate, storing each CRL with its number; after
/// each it sends a notice on <see cref="Channel"/>. Every process looks at the stored numbers on a notice and at least
/// every <see cref="PollInterval"/>, and serves a newer stored CRL (<see cref="CrlPublisher.Adopt"/>). A process that
/// cannot reach the database keeps serving the CRL it has. Registered only on PostgreSQL: on SQLite the one process
/// signs its own.
/// </summary>
internal sealed partial class CrlPublicationService : BackgroundService
{
    /// <summary>The lease of the one process that signs CRLs.</summary>
    public const string LeaseName = "crl-publisher";

    /// <summary>The notification channel of the stored CRLs.</summary>
    public const string Channel = "myna_crls";

    /// <summary>The longest time between two looks at the stored CRLs (and at the lease, for its holder).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often a process without the lease tries to take it: the bound on a takeover after the holder died.</summary>
    public static readonly TimeSpan StandbyInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The stated bound: a revocation committed by any process is in every process's CRL within it — the holder's look
    /// at the certificates (<see cref="RevocationFollowService.PollInterval"/>), one signature, the others' look at the
    /// stored CRLs (<see cref="PollInterval"/>), with room for a busy machine. With the notices it is well under a second.
    /// </summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    private readonly CrlPublisher[] _publishers;
    private readonly ICrlNumberStore _store;
    private readonly WorkLeases _leases;
    private readonly ChangeChannel _channel;
    private readonly ILogger<CrlPublicationService> _log;

    public CrlPublicationService(
        MynaDbContextFactory contexts, IEnumerable<CrlPublisher> publishers, WatermarkedCrlNumberStore store, WorkLeases leases,
        ILogger<CrlPublicationService> log)
    {
        _publishers = [.. publishers];
        _store = store;
        _leases = leases;
        _channel = new ChangeChannel(contexts.ConnectionString, Channel);
        _log = log;
    }

    /// <summary>Whether this process holds the lease and every publisher of it signs.</summary>
    public bool Signing { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var publisher in _publishers)
            publisher.Published += OnPublished;
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var publisher in _publishers)
            publisher.Published -= OnPublished;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(_channel.AnnounceRequestedAsync(LogAnnounceFailed, stoppingToken), RunAsync(stoppingToken));
        await _channel.DisposeAsync();
    }

    /// <summary>Raised on the thread that signed: only wakes the announcer, never waits on the database.</summary>
    private void OnPublished(object? sender, EventArgs e) => _channel.RequestAnnounce();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        await using var runner = new SingleRunner(_leases, LeaseName, StandbyInterval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await KeepOrTakeLeaseAsync(runner, stoppingToken);
                try
                {
                    await _channel.WaitAsync(PollInterval, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not listening: poll only, and try to listen again at the next turn.
                    LogListenFailed(e);
                    await Task.Delay(PollInterval, stoppingToken);
                }
                TakeInStoredCrls();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Giving the lease back (the runner's disposal) makes this process a follower: it must not sign on.
            StopSigning();
        }
    }

    private async Task KeepOrTakeLeaseAsync(SingleRunner runner, CancellationToken stoppingToken)
    {
        bool holds;
        try
        {
            holds = await runner.HoldsAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database is out of reach: whatever this process held, it cannot store a CRL now.
            LogLeaseCheckFailed(e);
            holds = false;
        }
        if (holds && !Signing)
        {
            var all = true;
            foreach (var publisher in _publishers)
            {
                try
                {
                    publisher.BeginSigning();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // That publisher stays a follower; the next turn tries again.
                    all = false;
                    LogSigningFailed(e, publisher.Hierarchy);
                }
            }
            Signing = all;
            if (all)
                LogHolds(LeaseName);
        }
        else if (!holds && (Signing || _publishers.Any(p => p.IsSigning)))
        {
            StopSigning();
            LogLost(LeaseName);
        }
    }

    private void StopSigning()
    {
        Signing = false;
        foreach (var publisher in _publishers)
            publisher.StopSigning();
    }

    /// <summary>Serves each hierarchy's stored CRL when it is newer than the one served: one read of a tiny row, the CRL only when newer.</summary>
    private void TakeInStoredCrls()
    {
        foreach (var publisher in _publishers)
        {
            try
            {
                if (_store.LastNumber(publisher.Hierarchy) is { } last && last > publisher.CurrentNumber
                    && _store.LastCrl(publisher.Hierarchy) is { } stored && publisher.Adopt(stored))
                {
                    LogAdopted(publisher.Hierarchy, stored.Number.ToString(CultureInfo.InvariantCulture));
                }
            }
#pragma warning disable CA1031 // An unreachable database must not stop the loop: the CRL served stays until nextUpdate.
            catch (Exception e)
            {
                LogTakeInFailed(e, publisher.Hierarchy);
            }
#pragma warning restore CA1031
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This process holds the lease {Lease} and signs the CRLs.")]
    private partial void LogHolds(string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This process lost the lease {Lease} (its database connection broke) and no longer signs CRLs.")]
    private partial void LogLost(string lease);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Serving CRL {Number} of the {Hierarchy} hierarchy, signed by the holder of the lease.")]
    private partial void LogAdopted(Myna.Pki.JpkiHierarchy hierarchy, string number);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not sign the CRL of the {Hierarchy} hierarchy on taking the lease; trying again shortly.")]
    private partial void LogSigningFailed(Exception exception, Myna.Pki.JpkiHierarchy hierarchy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check or take the CRL publisher's lease; serving the CRLs this process has.")]
    private partial void LogLeaseCheckFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other processes of a new CRL; their next poll finds it.")]
    private partial void LogAnnounceFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not listening for new CRLs; polling until listening again.")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read the stored CRL of the {Hierarchy} hierarchy; serving the one this process has.")]
    private partial void LogTakeInFailed(Exception exception, Myna.Pki.JpkiHierarchy hierarchy);
}
