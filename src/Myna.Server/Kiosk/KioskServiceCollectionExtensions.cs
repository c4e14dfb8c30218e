using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Myna.ConvenienceIssuance;
using Myna.ConvenienceIssuance.Municipal;
using Myna.ConvenienceIssuance.Sandbox;
using Myna.ConvenienceIssuance.Stores;
using Myna.Documents;
using Myna.Issuance;
using Myna.Pki.Revocation;
using Myna.Server.Hosting;
using Myna.Storage;
using Myna.Window.Procedures;

namespace Myna.Server.Kiosk;

/// <summary>Convenience-store issuance: the store network, the issuance centre and the municipalities' certificate servers.</summary>
internal static class KioskServiceCollectionExtensions
{
    public static IServiceCollection AddMynaKiosk(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var contexts = sp.GetRequiredService<IDbContextFactory<MynaDbContext>>();
            using var db = contexts.CreateDbContext();
            var names = db.Set<Myna.Registry.Municipalities.Municipality>().AsNoTracking().AsEnumerable()
                .ToDictionary(m => m.Code.Value, m => m.Prefecture + m.Name);
            return SealKeyring.LoadOrCreate(sp.GetRequiredService<IssuingSystem>().Home, SandboxKiosk.Settings
                .Select(s => new IssuingMunicipality(s.Municipality.Value, names.GetValueOrDefault(s.Municipality.Value, s.Name.Japanese))));
        });
        services.AddSingleton(sp => new KioskServiceSettings(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<KioskServiceSettings>();
            return new KioskParties(
                new WindowServices(
                    sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<IssuingSystem>(),
                    sp.GetRequiredService<CertificateRegistry>(), sp.GetRequiredService<TimeProvider>(),
                    new CrashPoints(sp.GetRequiredService<IOptions<ServerOptions>>().Value.CrashAt),
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger("Myna.Kiosk"))
                {
                    CardImages = sp.GetRequiredService<Myna.Window.Chips.CardImages>(),
                    Leases = sp.GetRequiredService<Myna.Storage.Coordination.WorkLeases>(),
                },
                sp.GetRequiredService<Myna.Pki.Ocsp.OcspResponder>(), sp.GetRequiredService<SealKeyring>(), () => settings.Current);
        });
        services.AddSingleton(sp => sp.GetRequiredService<KioskParties>().Stores);
        services.AddSingleton(sp => sp.GetRequiredService<KioskParties>().Press);
        services.AddSingleton(sp => sp.GetRequiredService<KioskParties>().Municipalities);
        services.AddSingleton(sp => sp.GetRequiredService<KioskParties>().Centre);
        services.AddSingleton(sp => sp.GetRequiredService<KioskParties>().Settlement);
        services.AddHostedService<KioskSettlementService>();
        services.AddSingleton<IssuedCertificateCheck>();
        // The kiosk pages: the sandbox's machines and each browser's transaction in memory (the card slot: AddMynaCardSlot).
        services.AddSingleton<SandboxMachines>();
        services.AddMemoryCache();
        services.AddSingleton<KioskVisits>();
        return services;
    }

    /// <summary>
    /// The municipalities' kiosk settings into memory; in sandbox mode, first the sandbox's municipalities' defaults (where
    /// none are set), the store network with its machines on the first start, and the machines the kiosk page offers.
    /// </summary>
    public static async Task InitializeKioskAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var sandbox = services.GetRequiredService<IOptions<ServerOptions>>().Value.Mode == ServerMode.Sandbox;
        await services.GetRequiredService<KioskServiceSettings>().LoadAsync(sandbox ? SandboxKiosk.Settings : [], cancellationToken);
        if (!sandbox)
            return;
        var stores = services.GetRequiredService<StoreNetwork>();
        var machines = await SandboxKiosk.SeedAsync(stores, services.GetRequiredService<IDbContextFactory<MynaDbContext>>(),
            services.GetRequiredService<IssuingSystem>().Home, cancellationToken);
        await services.GetRequiredService<SandboxMachines>().FillAsync(machines, stores, cancellationToken);
    }
}
