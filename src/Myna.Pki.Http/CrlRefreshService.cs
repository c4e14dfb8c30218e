using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Myna.Pki.Revocation;

namespace Myna.Pki.Http;

/// <summary>How often <see cref="CrlRefreshService"/> looks whether a CRL is due.</summary>
public sealed class CrlRefreshOptions
{
    /// <summary>
    /// Time between looks. Default one minute: a CRL is re-issued <see cref="CrlPublisherOptions.RefreshMargin"/>
    /// (one hour) before nextUpdate, so a look a minute late is harmless.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Calls <see cref="CrlPublisher.RefreshIfDue"/> on every registered publisher at start and then every
/// <see cref="CrlRefreshOptions.Interval"/>, on a timer of the host's <see cref="TimeProvider"/>, so that relying
/// parties never fetch a CRL past its nextUpdate. A publisher that fails is logged and tried again at
/// the next tick; the others go on.
/// </summary>
public sealed partial class CrlRefreshService : BackgroundService
{
    private readonly CrlPublisher[] _publishers;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;
    private readonly ILogger<CrlRefreshService> _logger;

    /// <summary>Created by the container; see <see cref="CrlRefreshServiceCollectionExtensions.AddJpkiCrlRefresh"/>.</summary>
    public CrlRefreshService(
        IEnumerable<CrlPublisher> publishers, TimeProvider clock, IOptions<CrlRefreshOptions> options, ILogger<CrlRefreshService> logger)
    {
        ArgumentNullException.ThrowIfNull(publishers);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Value.Interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "The CRL refresh interval must be positive.");
        _publishers = [.. publishers];
        _clock = clock;
        _interval = options.Value.Interval;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _clock);
        try
        {
            do
            {
                RefreshAll();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private void RefreshAll()
    {
        foreach (var publisher in _publishers)
        {
            try
            {
                if (publisher.RefreshIfDue())
                    LogRefreshed(publisher.Hierarchy, publisher.Current.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
#pragma warning disable CA1031 // One publisher's failure (an HSM away) must not stop the timer or the others.
            catch (Exception e)
            {
                LogFailed(e, publisher.Hierarchy);
            }
#pragma warning restore CA1031
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued CRL {Number} of the {Hierarchy} hierarchy before its nextUpdate.")]
    private partial void LogRefreshed(JpkiHierarchy hierarchy, string number);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing the CRL of the {Hierarchy} hierarchy failed; trying again at the next tick.")]
    private partial void LogFailed(Exception exception, JpkiHierarchy hierarchy);
}

/// <summary>Registers the CRL refresh.</summary>
public static class CrlRefreshServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CrlRefreshService"/>, which refreshes every <see cref="CrlPublisher"/> singleton of the
    /// container, and <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered already.
    /// </summary>
    public static IServiceCollection AddJpkiCrlRefresh(this IServiceCollection services, Action<CrlRefreshOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<CrlRefreshOptions>();
        if (configure is not null)
            options.Configure(configure);
        services.AddHostedService<CrlRefreshService>();
        return services;
    }
}
