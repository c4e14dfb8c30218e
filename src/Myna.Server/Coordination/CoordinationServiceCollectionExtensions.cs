using Myna.Storage;
using Myna.Storage.Coordination;

namespace Myna.Server.Coordination;

/// <summary>What lets several server processes share one database (docs/operations.md).</summary>
internal static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="WorkLeases"/> the background jobs run under, the <see cref="ProcessPresence"/> joined at start,
    /// and, on PostgreSQL, the
    /// <see cref="RevocationFollowService"/> that keeps this process's revocation status in step with the others' and the
    /// <see cref="CrlPublicationService"/> under whose lease one process signs the CRLs that all of them serve.
    /// </summary>
    public static IServiceCollection AddMynaCoordination(this IServiceCollection services, StorageOptions storage)
    {
        services.AddSingleton(sp => WorkLeases.For(sp.GetRequiredService<MynaDbContextFactory>()));
        services.AddSingleton<ProcessPresence>();
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            services.AddHostedService<RevocationFollowService>();
            services.AddSingleton<CrlPublicationService>();
            services.AddHostedService(sp => sp.GetRequiredService<CrlPublicationService>());
        }
        return services;
    }
}
