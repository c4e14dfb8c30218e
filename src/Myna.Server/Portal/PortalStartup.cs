using Microsoft.Extensions.Options;
using Myna.Portal.Sandbox;
using Myna.Server.Hosting;

namespace Myna.Server.Portal;

/// <summary>The portal's part of the start: in sandbox mode, after the demo registry, the demo holders' わたしの情報.</summary>
internal static class PortalStartup
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (options.Mode != ServerMode.Sandbox || !options.SeedDemoResidents)
            return;
        var published = await services.GetRequiredService<DemoInformation>().SeedAsync(cancellationToken);
        if (published > 0)
            services.GetRequiredService<ILoggerFactory>().CreateLogger(StartupSummary.Category)
                .LogInformation("Published the demo holders' information to the portal (sandbox): {Count} items", published);
    }
}
