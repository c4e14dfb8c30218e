using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki;

/// <summary>The e-certificates (電子証明書) written onto one card.</summary>
/// <param name="Signature">Signature certificate for card EF 0001; <c>null</c> when the holder is under 15 (V2) or did not want one (E5).</param>
/// <param name="Authentication">User-authentication certificate for card EF 000A.</param>
public sealed record CardCertificates(X509Certificate2? Signature, X509Certificate2 Authentication) : IDisposable
{
    public void Dispose()
    {
        Signature?.Dispose();
        Authentication.Dispose();
    }
}
