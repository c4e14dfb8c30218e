using Microsoft.EntityFrameworkCore;
using Myna.Issuance;
using Myna.Pki.Revocation;
using Myna.Storage;
using Myna.Storage.Coordination;
using Microsoft.Extensions.Options;
using Myna.Server.Hosting;
using Myna.Window;
using Myna.Window.Procedures;
using Myna.Window.Chips;

namespace Myna.Server.Window;

/// <summary>The municipal window's procedures and the daily sweep.</summary>
internal static class WindowServiceCollectionExtensions
{
    public static IServiceCollection AddMynaWindow(this IServiceCollection services)
    {
        services.AddSingleton(CardImagesOf);
        services.AddSingleton(sp => new MunicipalWindow(new WindowServices(
            sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<IssuingSystem>(),
            sp.GetRequiredService<CertificateRegistry>(), sp.GetRequiredService<TimeProvider>(),
            // The crash harness names a point where the process kills itself (docs/crash-safety.md); nobody else sets it.
            new CrashPoints(sp.GetRequiredService<IOptions<ServerOptions>>().Value.CrashAt),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Myna.Window"))
        {
            CardImages = sp.GetRequiredService<CardImages>(),
            Leases = sp.GetRequiredService<WorkLeases>(),
        }));
        services.AddHostedService<DailySweepService>();
        return services;
    }

    /// <summary>
    /// Where the chips live: as configured (<see cref="ServerOptions.CardImages"/>), else in the database when it is
    /// PostgreSQL (several servers may share it) and in card files on SQLite.
    /// </summary>
    private static CardImages CardImagesOf(IServiceProvider sp)
    {
        var contexts = sp.GetRequiredService<MynaDbContextFactory>();
        var issuing = sp.GetRequiredService<IssuingSystem>();
        var keeping = sp.GetRequiredService<IOptions<ServerOptions>>().Value.CardImages
            ?? (contexts.Provider == StorageProvider.PostgreSql ? CardImageKeeping.Database : CardImageKeeping.Files);
        if (keeping == CardImageKeeping.Files)
            return new CardFiles(issuing);
        ICardLocks locks = contexts.Provider == StorageProvider.PostgreSql
            ? new DatabaseCardLocks(contexts.ConnectionString)
            : new HostCardLocks(issuing.Home);
        return new DatabaseCardImages(contexts, issuing.SealingKey, sp.GetRequiredService<TimeProvider>(), locks);
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
