using System.Security.Cryptography;

namespace Myna.Reader;

/// <summary>
/// One of the card's JPKI keys as an <see cref="RSA"/> for the framework's signers (CMS, X.509): signing goes to the
/// chip (COMPUTE DIGITAL SIGNATURE over the DigestInfo, card-interface §4), the public half comes from the key's
/// certificate, and the private half never leaves the card — asking to export it fails.
/// </summary>
/// <remarks>
/// The card signs PKCS#1 v1.5 over SHA-256 only; other paddings and hashes are refused here rather than by the chip.
/// The key's PIN must have been verified on <paramref name="card"/> in this session.
/// </remarks>
public sealed class CardRsa(MynaCardClient card, JpkiKey key, RSAParameters publicKey) : RSA
{
    private readonly RSAParameters _public = new() { Modulus = publicKey.Modulus, Exponent = publicKey.Exponent };

    public override int KeySize
    {
        get => (_public.Modulus?.Length ?? 0) * 8;
        set => throw new NotSupportedException("The card's key has the size it was generated with.");
    }

    public override KeySizes[] LegalKeySizes => [new KeySizes(KeySize, KeySize, 0)];

    public override RSAParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters
            ? throw new CryptographicException("The card's private key never leaves the card.")
            : new RSAParameters { Modulus = (byte[])_public.Modulus!.Clone(), Exponent = (byte[])_public.Exponent!.Clone() };

    public override void ImportParameters(RSAParameters parameters) =>
        throw new NotSupportedException("A key on the card cannot be replaced from outside.");

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(padding);
        if (hashAlgorithm != HashAlgorithmName.SHA256 || padding != RSASignaturePadding.Pkcs1)
            throw new CryptographicException("The card signs PKCS#1 v1.5 over SHA-256 only.");
        return card.SignDigest(key, hash);
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        using var rsa = Create(_public);
        return rsa.VerifyHash(hash, signature, hashAlgorithm, padding);
    }

    public override byte[] Decrypt(byte[] data, RSAEncryptionPadding padding) =>
        throw new CryptographicException("The card's JPKI keys sign; they do not decrypt.");

    public override byte[] Encrypt(byte[] data, RSAEncryptionPadding padding)
    {
        using var rsa = Create(_public);
        return rsa.Encrypt(data, padding);
    }
}
