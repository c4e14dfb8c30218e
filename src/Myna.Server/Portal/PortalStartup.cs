using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Myna.Portal.History;
using Myna.Portal.Sandbox;
using Myna.Server.Hosting;
using Myna.Storage;

namespace Myna.Server.Portal;

/// <summary>
/// The portal's part of the start: the exchange history takes what was written while the server was down; in sandbox
/// mode, after the demo registry, the demo holders' わたしの情報 and exchanges.
/// </summary>
internal static class PortalStartup
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var history = services.GetRequiredService<ExchangeHistory>();
        await history.SequenceAsync(cancellationToken);
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (options.Mode != ServerMode.Sandbox || !options.SeedDemoResidents)
            return;
        await DemoExchanges.SeedAsync(services.GetRequiredService<IDbContextFactory<MynaDbContext>>(), services.GetRequiredService<TimeProvider>(), history, cancellationToken);
        var published = await services.GetRequiredService<DemoInformation>().SeedAsync(cancellationToken);
        if (published > 0)
            services.GetRequiredService<ILoggerFactory>().CreateLogger(StartupSummary.Category)
                .LogInformation("Published the demo holders' information to the portal (sandbox): {Count} items", published);
    }
}
