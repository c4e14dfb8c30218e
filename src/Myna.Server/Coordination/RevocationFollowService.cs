using Myna.Pki.Revocation;
using Myna.Storage;
using Myna.Storage.Certificates;
using Myna.Storage.Coordination;

namespace Myna.Server.Coordination;

/// <summary>
/// Keeps this process's certificate registry — and with it its CRLs and OCSP answers — within
/// <see cref="Bound"/> of what every process on the same PostgreSQL database stored. After this process stores a
/// certificate or a revocation (committed), it sends a notice on <see cref="Channel"/>; every process listens, and looks
/// at the tables on a notice and at least every <see cref="PollInterval"/>, so a notice lost (a listener reconnecting)
/// is made good by the next look. A look that finds a revocation re-issues the hierarchy's CRL and makes the OCSP
/// answers about the certificate re-sign. Registered only on PostgreSQL: a SQLite database has one process.
/// </summary>
internal sealed partial class RevocationFollowService : BackgroundService
{
    /// <summary>The notification channel of the certificate tables.</summary>
    public const string Channel = "myna_certificates";

    /// <summary>The longest time between two looks at the tables.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The stated bound: a revocation committed by one process is in every other process's CRL and OCSP answers within
    /// it — a poll interval, a look, and one CRL signature, with room for a busy machine.
    /// </summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    private readonly CertificateRegistry _registry;
    private readonly CertificateRegistryFollower _follower;
    private readonly ChangeChannel _channel;
    private readonly ILogger<RevocationFollowService> _log;

    public RevocationFollowService(MynaDbContextFactory contexts, CertificateRegistry registry, ILogger<RevocationFollowService> log)
    {
        _registry = registry;
        _follower = new CertificateRegistryFollower(contexts, registry);
        _channel = new ChangeChannel(contexts.ConnectionString, Channel);
        _log = log;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the host serves, so no change stored here goes unannounced.
        _registry.StoredHere += OnStoredHere;
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _registry.StoredHere -= OnStoredHere;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(_channel.AnnounceRequestedAsync(LogAnnounceFailed, stoppingToken), FollowAsync(stoppingToken));
        await _channel.DisposeAsync();
    }

    /// <summary>Raised on the thread that stored the change: only wakes the announcer, never waits on the database.</summary>
    private void OnStoredHere(object? sender, EventArgs e) => _channel.RequestAnnounce();

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
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
                try
                {
                    var taken = await _follower.CatchUpAsync(stoppingToken);
                    if (taken > 0)
                        LogTakenIn(taken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCatchUpFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Took in {Count} certificates and revocations stored by other processes.")]
    private partial void LogTakenIn(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other processes of a certificate change; their next poll finds it.")]
    private partial void LogAnnounceFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not listening for other processes' certificate changes; polling until listening again.")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read other processes' certificate changes; trying again shortly.")]
    private partial void LogCatchUpFailed(Exception exception);
}
