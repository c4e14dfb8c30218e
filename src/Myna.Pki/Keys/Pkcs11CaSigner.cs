using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Myna.Pki.Keys;

/// <summary>An <see cref="ICaSigner"/> whose private key stays on a PKCS#11 token.</summary>
internal sealed class Pkcs11CaSigner : ICaSigner
{
    private readonly Pkcs11Token _token;
    private int _disposed;

    internal Pkcs11CaSigner(Pkcs11Token token, IObjectHandle privateKey, RSAParameters publicParameters)
    {
        _token = token;
        using var rsa = RSA.Create(publicParameters);
        PublicKey = PublicKey.CreateFromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _);
        SignatureGenerator = new Pkcs11SignatureGenerator(PublicKey, digestInfo =>
            _token.Use("sign", session =>
            {
                using var mechanism = session.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS);
                return session.Sign(mechanism, privateKey, digestInfo);
            }));
    }

    public PublicKey PublicKey { get; }

    public X509SignatureGenerator SignatureGenerator { get; }

    public void Dispose()
    {
        // The key stays on the token; only this signer's hold on the session ends.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _token.Release();
    }
}

/// <summary>
/// sha256WithRSAEncryption (PKCS#1 v1.5, RFC 8017 §8.2) with the RSA operation done elsewhere: this class
/// hashes and wraps the hash in a DigestInfo; the token pads and exponentiates (CKM_RSA_PKCS).
/// </summary>
/// <remarks>
/// Why an <see cref="X509SignatureGenerator"/> subclass and not an <see cref="RSA"/> subclass for
/// <see cref="X509SignatureGenerator.CreateForRSA"/>: this needs three small overrides, and both
/// <see cref="CertificateRequest.Create(X500DistinguishedName, X509SignatureGenerator, DateTimeOffset, DateTimeOffset, byte[])"/>
/// and <see cref="CertificateRevocationListBuilder.Build(X500DistinguishedName, X509SignatureGenerator, System.Numerics.BigInteger, DateTimeOffset, HashAlgorithmName, X509AuthorityKeyIdentifierExtension, DateTimeOffset?)"/>
/// take a generator directly, whereas an RSA subclass would have to stub decryption, key export and
/// parameter import that a token key cannot do.
/// </remarks>
internal sealed class Pkcs11SignatureGenerator : X509SignatureGenerator
{
    private readonly PublicKey _publicKey;
    private readonly Func<byte[], byte[]> _signDigestInfo;

    public Pkcs11SignatureGenerator(PublicKey publicKey, Func<byte[], byte[]> signDigestInfo)
    {
        _publicKey = publicKey;
        _signDigestInfo = signDigestInfo;
    }

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        // AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters NULL } (RFC 4055 §5)
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignatureOid(hashAlgorithm));
            writer.WriteNull();
        }
        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(data);
        var hash = hashAlgorithm.Name switch
        {
            "SHA256" => SHA256.HashData(data),
            "SHA384" => SHA384.HashData(data),
            "SHA512" => SHA512.HashData(data),
            _ => throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm.Name, "SHA-256, SHA-384 or SHA-512."),
        };
        return _signDigestInfo(DigestInfo(hashAlgorithm, hash));
    }

    protected override PublicKey BuildPublicKey() => _publicKey;

    /// <summary>The DigestInfo that CKM_RSA_PKCS pads and signs (RFC 8017 §9.2 step 2).</summary>
    internal static byte[] DigestInfo(HashAlgorithmName hashAlgorithm, byte[] hash)
    {
        // DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(HashOid(hashAlgorithm));
                writer.WriteNull();
            }
            writer.WriteOctetString(hash);
        }
        return writer.Encode();
    }

    private static string HashOid(HashAlgorithmName hashAlgorithm) => hashAlgorithm.Name switch
    {
        "SHA256" => "2.16.840.1.101.3.4.2.1",
        "SHA384" => "2.16.840.1.101.3.4.2.2",
        "SHA512" => "2.16.840.1.101.3.4.2.3",
        _ => throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm.Name, "SHA-256, SHA-384 or SHA-512."),
    };

    private static string SignatureOid(HashAlgorithmName hashAlgorithm) => hashAlgorithm.Name switch
    {
        "SHA256" => "1.2.840.113549.1.1.11",  // sha256WithRSAEncryption
        "SHA384" => "1.2.840.113549.1.1.12",
        "SHA512" => "1.2.840.113549.1.1.13",
        _ => throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm.Name, "SHA-256, SHA-384 or SHA-512."),
    };
}
