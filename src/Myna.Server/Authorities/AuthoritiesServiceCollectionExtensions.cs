using Microsoft.Extensions.Options;
using Myna.Issuance;
using Myna.Primitives.Hosting;
using Myna.Server.Clock;
using Myna.Server.Hosting;
using Myna.Pki;
using Myna.Pki.Ocsp;
using Myna.Pki.Revocation;
using Myna.Storage;
using Myna.Storage.Certificates;

namespace Myna.Server.Authorities;

/// <summary>The issuing system, the JPKI authorities and their revocation services, as singletons.</summary>
internal static class AuthoritiesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="CertificateRegistry"/> over the database (<see cref="EfCertificateRegistryStore"/>),
    /// the <see cref="IssuingSystem"/> of the data directory whose authorities log into it, one
    /// <see cref="CrlPublisher"/> per hierarchy numbering and storing its CRLs in the database (on PostgreSQL a follower
    /// until this process holds the CRL publisher's lease), and the <see cref="OcspResponder"/>.
    /// </summary>
    /// <remarks>
    /// Everything reads the registered <see cref="TimeProvider"/> (the sandbox clock in sandbox mode), so issue
    /// dates, CRLs and OCSP answers follow the date an administrator set. The container disposes the
    /// publishers and the responder before the issuing system (reverse order of creation), which owns the
    /// authorities' keys.
    /// </remarks>
    public static IServiceCollection AddMynaAuthorities(this IServiceCollection services, IConfiguration configuration)
    {
        // Where certificates say the CRLs are when Myna:PublicBaseUrl is not set: in sandbox mode the address the server
        // will listen on (read before Kestrel binds, since the authorities open first); production names none.
        services.PostConfigure<ServerOptions>(options =>
        {
            if (options.PublicBaseUrl is null && options.Mode == ServerMode.Sandbox)
                options.PublicBaseUrl = ListenAddress.FirstConfigured(configuration) ?? ListenAddress.KestrelDefault;
        });
        services.AddSingleton(sp => new CertificateRegistry(sp.GetRequiredService<ICertificateRegistryStore>()));
        services.AddSingleton<IIssuedCertificateLog>(sp => sp.GetRequiredService<CertificateRegistry>());
        services.AddSingleton<ICertificateStatusSource>(sp => sp.GetRequiredService<CertificateRegistry>());
        services.AddSingleton(sp => IssuingSystem.Open(
            sp.GetRequiredService<MynaHome>(), sp.GetRequiredService<TimeProvider>(),
            AuthorityOptions(sp.GetRequiredService<IOptions<ServerOptions>>().Value),
            certificateLog: sp.GetRequiredService<CertificateRegistry>()));
        // The CRL numbers live in the database, with a mark of the highest one beside the authorities' keys: a database
        // that went back in time is caught before a lower number is published (RFC 5280 §5.2.3).
        services.AddSingleton(sp => new WatermarkedCrlNumberStore(
            sp.GetRequiredService<ICrlNumberStore>(), sp.GetRequiredService<MynaHome>().AuthoritiesDirectory));
        foreach (var hierarchy in Enum.GetValues<JpkiHierarchy>())
            services.AddSingleton(sp => CreateCrlPublisher(sp, hierarchy));
        services.AddSingleton(sp => new OcspResponder(
            sp.GetRequiredService<IssuingSystem>().Authorities, sp.GetRequiredService<CertificateRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            new OcspResponderOptions { Nonces = sp.GetRequiredService<IOptions<ServerOptions>>().Value.OcspNonces }));
        return services;
    }

    /// <summary>
    /// The CA validity of authorities created in sandbox mode: every date the sandbox clock can show, from
    /// <see cref="SandboxClock.Earliest"/> 00:00 JST, and long enough for a card issued on <see cref="SandboxClock.Latest"/>
    /// (to 2109-12-31 23:59:59 JST), so a card can be issued on a sandbox day before the data directory was made.
    /// </summary>
    public static readonly ValidityPeriod SandboxAuthorityValidity =
        JpkiValidity.AuthorityValidityCovering(SandboxClock.Earliest, SandboxClock.Latest);

    /// <summary>
    /// The authorities' options: the public base URL, and in sandbox mode the fixed <see cref="SandboxAuthorityValidity"/>
    /// for CA certificates created now (a data directory's existing CA certificates are kept as they are). Production
    /// keeps the real 10-year validity from creation (card-interface §6).
    /// </summary>
    internal static JpkiAuthorityOptions AuthorityOptions(ServerOptions options) => new()
    {
        PublicBaseUrl = options.PublicBaseUrl,
        FixedAuthorityValidity = options.Mode == ServerMode.Sandbox ? SandboxAuthorityValidity : null,
        KeyFileIterations = options.KeyDerivation.CaKeyFileIterations,
    };

    private static CrlPublisher CreateCrlPublisher(IServiceProvider services, JpkiHierarchy hierarchy) =>
        new(services.GetRequiredService<IssuingSystem>().Authorities[hierarchy],
            services.GetRequiredService<CertificateRegistry>(),
            services.GetRequiredService<TimeProvider>(),
            new CrlPublisherOptions
            {
                NumberStore = services.GetRequiredService<WatermarkedCrlNumberStore>(),
                // Several processes on PostgreSQL: one signs, under a lease (CrlPublicationService); the rest serve its CRL.
                StartAsFollower = services.GetRequiredService<MynaDbContextFactory>().Provider == StorageProvider.PostgreSql,
            });
}
