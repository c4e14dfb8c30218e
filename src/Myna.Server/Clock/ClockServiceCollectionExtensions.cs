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

internal static class ClockServiceCollectionExtensions
{
    /// <summary>
    /// Registers the one <see cref="TimeProvider"/>: the <see cref="SandboxClock"/> in sandbox mode, real time in production.
    /// </summary>
    public static IServiceCollection AddMynaClock(this IServiceCollection services, ServerMode mode)
    {
        services.AddKeyedSingleton(MynaClocks.Real, TimeProvider.System);
        if (mode == ServerMode.Sandbox)
        {
            services.AddSingleton(sp => new SandboxClock(
                sp.GetRequiredKeyedService<TimeProvider>(MynaClocks.Real), sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Storage.MynaDbContext>>()));
            services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SandboxClock>());
        }
        else
        {
            services.AddSingleton(sp => sp.GetRequiredKeyedService<TimeProvider>(MynaClocks.Real));
        }
        return services;
    }
}
