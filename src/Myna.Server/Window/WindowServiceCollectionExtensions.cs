using Microsoft.EntityFrameworkCore;
using Myna.Issuance;
using Myna.Pki.Revocation;
using Myna.Storage;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>The municipal window's procedures and the daily sweep.</summary>
internal static class WindowServiceCollectionExtensions
{
    public static IServiceCollection AddMynaWindow(this IServiceCollection services)
    {
        services.AddSingleton(sp => new MunicipalWindow(
            sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<IssuingSystem>(),
            sp.GetRequiredService<CertificateRegistry>(), sp.GetRequiredService<TimeProvider>()));
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
        return endpoints;
    }
}
