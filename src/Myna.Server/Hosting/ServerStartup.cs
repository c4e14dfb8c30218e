using Microsoft.Extensions.Options;
using Myna.Issuance;
using Myna.Pki.Ocsp;
using Myna.Pki.Revocation;
using Myna.Server.Clock;
using Myna.Server.Staff;
using Myna.Storage;

namespace Myna.Server.Hosting;

/// <summary>What runs once at start, before the server maps its endpoints and serves.</summary>
internal static class ServerStartup
{
    /// <summary>
    /// Migrates the database, loads the sandbox clock's offset, seeds staff accounts, then opens the
    /// authorities, CRL publishers and OCSP responder, so that a broken key or database fails the start rather
    /// than the first request.
    /// </summary>
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await services.GetRequiredService<MynaDbContextFactory>().MigrateAsync(cancellationToken);
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (options.Mode == ServerMode.Sandbox)
            await services.GetRequiredService<SandboxClock>().LoadAsync(cancellationToken);
        await services.GetRequiredService<StaffDirectory>().SeedAsync(options, cancellationToken);
        _ = services.GetRequiredService<IssuingSystem>();
        _ = services.GetServices<CrlPublisher>().ToList();
        _ = services.GetRequiredService<OcspResponder>();
    }
}
