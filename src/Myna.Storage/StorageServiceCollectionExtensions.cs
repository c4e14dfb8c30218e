using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Myna.Pki.Revocation;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;

namespace Myna.Storage;

/// <summary>Registers the storage services in a host's container.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IDbContextFactory{MynaDbContext}"/> (also as <see cref="MynaDbContextFactory"/>), the
    /// certificate registry and CRL number stores and the <see cref="AuditTrail"/>. The host still calls
    /// <see cref="MynaDbContextFactory.MigrateAsync(CancellationToken)"/> once at startup; a <see cref="TimeProvider"/> must be registered.
    /// </summary>
    public static IServiceCollection AddMynaStorage(this IServiceCollection services, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        var factory = new MynaDbContextFactory(options);
        services.AddSingleton(factory);
        services.AddSingleton<IDbContextFactory<MynaDbContext>>(factory);
        services.AddSingleton<ICertificateRegistryStore, EfCertificateRegistryStore>();
        services.AddSingleton<ICrlNumberStore>(sp => new EfCrlNumberStore(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<AuditTrail>();
        return services;
    }
}
