using System.Globalization;
using Microsoft.Extensions.Options;
using Myna.Issuance;
using Myna.Pki;
using Myna.Pki.Ocsp;
using Myna.Pki.Revocation;
using Myna.Server.Authorities;
using Myna.Server.Clock;
using Myna.Server.Coordination;
using Myna.Server.Staff;
using Myna.Storage;

namespace Myna.Server.Hosting;

/// <summary>What runs once at start, before the server maps its endpoints and serves.</summary>
internal static partial class ServerStartup
{
    /// <summary>
    /// Migrates the database, loads the sandbox clock's offset, seeds staff accounts, then opens the
    /// authorities, CRL publishers and OCSP responder, so that a broken key or database fails the start rather
    /// than the first request.
    /// </summary>
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(StartupSummary.Category);
        LogStep(logger, "preparing the database (migrations)");
        // Row claims left by a process that died are given back only by a process alone on the database: beside running
        // processes they may be theirs, live.
        var alone = await services.GetRequiredService<ProcessPresence>().JoinAsync(cancellationToken);
        await services.GetRequiredService<MynaDbContextFactory>().MigrateAsync(releaseAbandonedClaims: alone, cancellationToken);
        // Several servers on one database: their shared keys into the data directory before anything opens a key.
        await SharedState.SharedStateServiceCollectionExtensions.FetchSharedKeysAsync(services, cancellationToken);
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (options.Mode == ServerMode.Sandbox)
            await services.GetRequiredService<SandboxClock>().LoadAsync(cancellationToken);
        LogStep(logger, "preparing the staff accounts");
        await services.GetRequiredService<StaffDirectory>().SeedAsync(options, cancellationToken);
        LogStep(logger, "opening the JPKI authorities (the first start creates their keys)");
        var issuing = services.GetRequiredService<IssuingSystem>();
        if (options.Mode == ServerMode.Sandbox)
            WarnOfNarrowAuthorities(issuing.Authorities, logger);
        // A database behind its data directory (restored from an older copy, or without its write-ahead log) must not
        // publish a CRL numbered below one already out: refuse to start, saying so.
        var crlNumbers = services.GetRequiredService<WatermarkedCrlNumberStore>();
        foreach (var hierarchy in Enum.GetValues<JpkiHierarchy>())
            _ = crlNumbers.LastNumber(hierarchy);
        _ = services.GetServices<CrlPublisher>().ToList();
        _ = services.GetRequiredService<OcspResponder>();
    }

    /// <summary>
    /// A sandbox data directory made before CA certificates covered every sandbox date keeps them (a CA is never
    /// re-created silently: it would orphan every certificate issued): say from when to when cards can be issued.
    /// </summary>
    private static void WarnOfNarrowAuthorities(JpkiAuthorities authorities, ILogger logger)
    {
        var wanted = AuthoritiesServiceCollectionExtensions.SandboxAuthorityValidity;
        foreach (var authority in new[] { authorities.Signature, authorities.Authentication })
        {
            var notBefore = new DateTimeOffset(authority.Certificate.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(authority.Certificate.NotAfter.ToUniversalTime());
            if (notBefore > wanted.NotBefore || notAfter < wanted.NotAfter)
            {
                LogNarrowAuthority(logger, authority.Hierarchy,
                    notBefore.ToOffset(Primitives.JapanClock.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    notAfter.ToOffset(Primitives.JapanClock.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting: {Step} …")]
    private static partial void LogStep(ILogger logger, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Hierarchy} CA certificate of this data directory is valid only from {NotBefore} to {NotAfter} (Japan time): cards cannot be issued on sandbox dates outside it. A new data directory gets CA certificates valid for every sandbox date (2000 to 2099); the existing ones are kept.")]
    private static partial void LogNarrowAuthority(ILogger logger, JpkiHierarchy hierarchy, string notBefore, string notAfter);
}
