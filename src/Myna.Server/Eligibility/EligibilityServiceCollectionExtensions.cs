using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.Issuance;
using Myna.OnlineEligibility;
using Myna.OnlineEligibility.Checks;
using Myna.OnlineEligibility.Receipts;
using Myna.OnlineEligibility.Terminals;
using Myna.Pki.Verification;
using Myna.Storage;

namespace Myna.Server.Eligibility;

/// <summary>
/// The online eligibility service (U1.2) in the server: clinics' terminals, the card check as a JPKI relying party over
/// OCSP, receipts signed with the service's key, patients named per institution, checks opened without a write (their
/// ids and challenges are MACs under the checks' secret). The keys live in the data directory (owner-only files, made on
/// first start), so a check opened before a restart is answered after it.
/// </summary>
internal static class EligibilityServiceCollectionExtensions
{
    /// <summary>How long the service relies on one OCSP answer (a suspended card stops within it).</summary>
    public static readonly TimeSpan StatusKeptFor = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddMynaEligibility(this IServiceCollection services)
    {
        services.AddSingleton(sp => new Institutions(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>()));
        services.AddSingleton(sp =>
        {
            var home = sp.GetRequiredService<IssuingSystem>().Home;
            return new ReceiptSigner(KeyFiles.LoadOrCreateEcdsa(Path.Combine(home.KeysDirectory, "eligibility-receipts.p8")));
        });
        services.AddSingleton(sp =>
        {
            var home = sp.GetRequiredService<IssuingSystem>().Home;
            return new PatientReferences(Convert.FromBase64String(KeyFiles.LoadOrCreateSecret(Path.Combine(home.KeysDirectory, "eligibility-patients.secret"))));
        });
        services.AddSingleton(sp =>
        {
            var home = sp.GetRequiredService<IssuingSystem>().Home;
            return new CheckChallenges(Convert.FromBase64String(KeyFiles.LoadOrCreateSecret(Path.Combine(home.KeysDirectory, "eligibility-checks.secret"))));
        });
        services.AddSingleton(sp =>
        {
            var issuing = sp.GetRequiredService<IssuingSystem>();
            var clock = sp.GetRequiredService<TimeProvider>();
            return new EligibilityService(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<Institutions>(),
                JpkiVerifier.OverOcspInProcess(issuing.Authorities.Signature.Certificate, issuing.Authorities.Authentication.Certificate,
                    sp.GetRequiredService<Myna.Pki.Ocsp.OcspResponder>(), clock, StatusKeptFor),
                sp.GetRequiredService<ReceiptSigner>(), sp.GetRequiredService<PatientReferences>(), sp.GetRequiredService<CheckChallenges>(), clock);
        });
        services.AddSingleton(sp => new TerminalChecks(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(), sp.GetRequiredService<Institutions>()));
        // The clinic's pages: the sandbox's terminals, and each browser acting as one, in memory.
        services.AddSingleton<Clinic.SandboxTerminals>();
        services.AddMemoryCache();
        services.AddSingleton<Clinic.ReceptionSessions>();
        return services;
    }

    /// <summary>
    /// In sandbox mode, the sandbox's clinic and pharmacy with their terminals on the first start, and the terminals the
    /// reception page offers.
    /// </summary>
    public static async Task InitializeEligibilityAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.ServerOptions>>().Value.Mode != Hosting.ServerMode.Sandbox)
            return;
        var institutions = services.GetRequiredService<Institutions>();
        var terminals = await SandboxClinics.SeedAsync(institutions, services.GetRequiredService<IDbContextFactory<MynaDbContext>>(),
            services.GetRequiredService<IssuingSystem>().Home, cancellationToken);
        await services.GetRequiredService<Clinic.SandboxTerminals>().FillAsync(terminals, institutions, cancellationToken);
    }
}
