using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki;

public sealed partial class CertificateAuthority
{
    /// <summary>
    /// Signs a CRL of this authority: issuer = the CA's DN, AKI = the CA's key identifier,
    /// sha256WithRSAEncryption through the same <see cref="Keys.ICaSigner"/> that signs certificates.
    /// </summary>
    /// <remarks>
    /// Signs under the issuance lock, because .NET does not promise that one RSA object (or an HSM session)
    /// signs safely from several threads. The key itself never leaves the signer.
    /// </remarks>
    internal byte[] SignCrl(
        CertificateRevocationListBuilder builder, BigInteger crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // RFC 5280 §5.2.1: the CRL's AKI is the key identifier of the CA key that signed it (keyIdentifier
        // only, as in the end-entity certificates).
        var aki = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false);
        lock (_issuing)
        {
            return builder.Build(
                Name, _signer.SignatureGenerator, crlNumber, nextUpdate, HashAlgorithmName.SHA256, aki, thisUpdate);
        }
    }
}
