using Myna.Issuance;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;

namespace Myna.Server.Authorities;

/// <summary>The relying parties' verifier (E3), checking revocation against the server's own registry.</summary>
internal static class VerificationServiceCollectionExtensions
{
    public static IServiceCollection AddMynaVerification(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var authorities = sp.GetRequiredService<IssuingSystem>().Authorities;
            return new JpkiVerifier(authorities.Signature.Certificate, authorities.Authentication.Certificate,
                new InProcessRevocationChecker(sp.GetRequiredService<CertificateRegistry>()), sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
