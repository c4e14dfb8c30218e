using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Keys;

/// <summary>An <see cref="ICaSigner"/> over an RSA key held in process memory.</summary>
public sealed class SoftwareCaSigner : ICaSigner
{
    private readonly RSA _key;

    /// <summary>Takes ownership of <paramref name="key"/>.</summary>
    public SoftwareCaSigner(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        PublicKey = new PublicKey(key);
        // PKCS#1 v1.5: sha256WithRSAEncryption with NULL parameters, as the real hierarchy signs (card-interface §6).
        SignatureGenerator = X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1);
    }

    public PublicKey PublicKey { get; }

    public X509SignatureGenerator SignatureGenerator { get; }

    public void Dispose() => _key.Dispose();
}
