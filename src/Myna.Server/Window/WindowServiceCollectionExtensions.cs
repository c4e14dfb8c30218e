using Microsoft.EntityFrameworkCore;
using Myna.Issuance;
using Myna.Pki.Revocation;
using Myna.Storage;
using Microsoft.Extensions.Options;
using Myna.Server.Hosting;
using Myna.Window;
using Myna.Window.Procedures;

namespace Myna.Server.Window;

/// <summary>The municipal window's procedures and the daily sweep.</summary>
internal static class WindowServiceCollectionExtensions
{
    public static IServiceCollection AddMynaWindow(this IServiceCollection services)
    {
        services.AddSingleton(sp => new MunicipalWindow(new WindowServices(
            sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<IssuingSystem>(),
            sp.GetRequiredService<CertificateRegistry>(), sp.GetRequiredService<TimeProvider>(),
            // The crash harness names a point where the process kills itself (docs/crash-safety.md); nobody else sets it.
            new CrashPoints(sp.GetRequiredService<IOptions<ServerOptions>>().Value.CrashAt),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Myna.Window"))));
        services.AddHostedService<DailySweepService>();
        return services;
    }

    /// <summary>Maps every window endpoint.</summary>
    public static IEndpointRouteBuilder MapMynaWindow(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapResidents();
        endpoints.MapCards();
        endpoints.MapWindowAdministration();
        endpoints.MapCertificates();
        endpoints.MapRecords();
        return endpoints;
    }
}
