using Microsoft.Extensions.Options;
using Myna.Issuance;
using Myna.Server.Hosting;
using Myna.Pki;
using Myna.Pki.Ocsp;
using Myna.Pki.Revocation;
using Myna.Storage.Certificates;

namespace Myna.Server.Authorities;

/// <summary>The issuing system, the JPKI authorities and their revocation services, as singletons.</summary>
internal static class AuthoritiesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="CertificateRegistry"/> over the database (<see cref="EfCertificateRegistryStore"/>),
    /// the <see cref="IssuingSystem"/> of the data directory whose authorities log into it, one
    /// <see cref="CrlPublisher"/> per hierarchy numbering its CRLs in the database, and the <see cref="OcspResponder"/>.
    /// </summary>
    /// <remarks>
    /// Everything reads the registered <see cref="TimeProvider"/> (the sandbox clock in sandbox mode), so issue
    /// dates, CRLs and OCSP answers follow the date an administrator set. The container disposes the
    /// publishers and the responder before the issuing system (reverse order of creation), which owns the
    /// authorities' keys.
    /// </remarks>
    public static IServiceCollection AddMynaAuthorities(this IServiceCollection services)
    {
        services.AddSingleton(sp => new CertificateRegistry(sp.GetRequiredService<ICertificateRegistryStore>()));
        services.AddSingleton<IIssuedCertificateLog>(sp => sp.GetRequiredService<CertificateRegistry>());
        services.AddSingleton<ICertificateStatusSource>(sp => sp.GetRequiredService<CertificateRegistry>());
        services.AddSingleton(sp => IssuingSystem.Open(
            sp.GetRequiredService<MynaHome>(), sp.GetRequiredService<TimeProvider>(),
            new JpkiAuthorityOptions { PublicBaseUrl = PublicBaseUrl(sp.GetRequiredService<IOptions<ServerOptions>>().Value) },
            certificateLog: sp.GetRequiredService<CertificateRegistry>()));
        foreach (var hierarchy in Enum.GetValues<JpkiHierarchy>())
            services.AddSingleton(sp => CreateCrlPublisher(sp, hierarchy));
        services.AddSingleton(sp => new OcspResponder(
            sp.GetRequiredService<IssuingSystem>().Authorities, sp.GetRequiredService<CertificateRegistry>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Where certificates say the CRLs are: the configured address; in sandbox mode <c>dotnet run</c>'s default, http://localhost:5000/.</summary>
    private static Uri? PublicBaseUrl(ServerOptions options) =>
        options.PublicBaseUrl ?? (options.Mode == ServerMode.Sandbox ? new Uri("http://localhost:5000/") : null);

    private static CrlPublisher CreateCrlPublisher(IServiceProvider services, JpkiHierarchy hierarchy) =>
        new(services.GetRequiredService<IssuingSystem>().Authorities[hierarchy],
            services.GetRequiredService<CertificateRegistry>(),
            services.GetRequiredService<TimeProvider>(),
            new CrlPublisherOptions { NumberStore = services.GetRequiredService<ICrlNumberStore>() });
}
