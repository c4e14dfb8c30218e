using System.Security.Cryptography.X509Certificates;

namespace Myna.Pki.Keys;

/// <summary>
/// A CA private key that can sign but need not be readable: the seam where an HSM (PKCS#11) plugs in later.
/// Certificates are signed through <see cref="X509SignatureGenerator"/>, which an HSM-backed signer can
/// subclass without the private key ever leaving the device.
/// </summary>
public interface ICaSigner : IDisposable
{
    /// <summary>The key's public half, as it goes into the CA certificate.</summary>
    PublicKey PublicKey { get; }

    /// <summary>A generator producing sha256WithRSAEncryption (PKCS#1 v1.5) signatures (card-interface §6).</summary>
    X509SignatureGenerator SignatureGenerator { get; }
}

/// <summary>
/// Where CA keys, and the certificates that go with them, are kept, by label (one label per hierarchy).
/// </summary>
public interface ICaKeyStore
{
    /// <summary>Opens an existing key; <c>null</c> when the store has no key under <paramref name="label"/>.</summary>
    ICaSigner? Open(string label);

    /// <summary>Generates and stores a new RSA key.</summary>
    /// <exception cref="InvalidOperationException">A key already exists under <paramref name="label"/>.</exception>
    ICaSigner Generate(string label, int keySizeInBits);

    /// <summary>The DER CA certificate stored under <paramref name="label"/>, or <c>null</c>.</summary>
    byte[]? ReadCertificate(string label);

    /// <summary>Stores the DER CA certificate for <paramref name="label"/>, replacing any earlier one.</summary>
    void WriteCertificate(string label, byte[] der);
}
