using Myna.Server.Hosting;

namespace Myna.Server.Clock;

/// <summary>The keys of the clocks in the container.</summary>
public static class MynaClocks
{
    /// <summary>
    /// The keyed <see cref="TimeProvider"/> of real time (<see cref="TimeProvider.System"/>; tests put a fake here).
    /// The unkeyed <see cref="TimeProvider"/> is the one everything else reads.
    /// </summary>
    public const string Real = "real";
}

/// <summary>Keeps the sandbox clock in step with the offset other servers on the database set.</summary>
internal sealed class SandboxClockFollower(SandboxClock clock, TimeSpan interval, ILogger log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => clock.FollowAsync(interval, log, stoppingToken);
}

internal static class ClockServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one <see cref="TimeProvider"/>: the <see cref="SandboxClock"/> in sandbox mode, real time in production.
    /// </summary>
    /// <remarks>
    /// With several servers on one database, each server's sandbox clock reads the offset again every
    /// <paramref name="refresh"/> (<see cref="SandboxClockFollower"/>), so that one administrator's move reaches them all.
    /// </remarks>
    public static IServiceCollection AddMynaClock(this IServiceCollection services, ServerMode mode, TimeSpan? refresh = null)
    {
        services.AddKeyedSingleton(MynaClocks.Real, TimeProvider.System);
        if (mode == ServerMode.Sandbox)
        {
            services.AddSingleton(sp => new SandboxClock(
                sp.GetRequiredKeyedService<TimeProvider>(MynaClocks.Real), sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Storage.MynaDbContext>>()));
            services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SandboxClock>());
            if (refresh is { } interval && interval > TimeSpan.Zero)
            {
                services.AddHostedService(sp => new SandboxClockFollower(sp.GetRequiredService<SandboxClock>(), interval,
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger("Myna.SandboxClock")));
            }
        }
        else
        {
            services.AddSingleton(sp => sp.GetRequiredKeyedService<TimeProvider>(MynaClocks.Real));
        }
        return services;
    }
}
