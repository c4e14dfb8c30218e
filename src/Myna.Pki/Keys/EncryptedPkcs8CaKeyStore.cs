using System.Security.Cryptography;

namespace Myna.Pki.Keys;

/// <summary>
/// An <see cref="ICaKeyStore"/> keeping each key as a passphrase-encrypted PKCS#8 PEM file
/// (<c>ENCRYPTED PRIVATE KEY</c>, RFC 5958 / PKCS#5 PBES2) and its CA certificate as DER, in one directory:
/// <c>&lt;label&gt;.key.pem</c> and <c>&lt;label&gt;.cer</c>.
/// </summary>
/// <remarks>
/// PBES2 with AES-256-CBC and PBKDF2-HMAC-SHA256 at 600,000 iterations by default (the OWASP 2023 figure for
/// PBKDF2-SHA256), so the file is also readable by <c>openssl pkey</c>. A file is read at the cost it was written
/// with; tests write theirs at a low cost (<see cref="MinimumIterations"/>). On Unix the key file is made
/// owner-read/write only. Files are written to a temporary name and then moved, so a crash never leaves
/// a half-written key.
/// </remarks>
public sealed class EncryptedPkcs8CaKeyStore : ICaKeyStore
{
    /// <summary>The PBKDF2 cost of a new key file unless told otherwise: OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The lowest cost accepted at all (for tests, which make many authorities).</summary>
    public const int MinimumIterations = 1;

    private readonly string _directory;
    private readonly string _passphrase;
    private readonly int _iterations;

    /// <param name="directory">Where the key and certificate files are.</param>
    /// <param name="passphrase">What the key files are encrypted under.</param>
    /// <param name="iterations">The PBKDF2 cost of key files this store writes.</param>
    public EncryptedPkcs8CaKeyStore(string directory, string passphrase, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (string.IsNullOrEmpty(passphrase))
            throw new ArgumentException("A passphrase is required to protect the CA keys.", nameof(passphrase));
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        _directory = directory;
        _passphrase = passphrase;
        _iterations = iterations;
        Directory.CreateDirectory(directory);
    }

    /// <summary>The file holding the encrypted key for <paramref name="label"/>.</summary>
    public string KeyPath(string label) => Path.Combine(_directory, CheckedLabel(label) + ".key.pem");

    /// <summary>The file holding the DER CA certificate for <paramref name="label"/>.</summary>
    public string CertificatePath(string label) => Path.Combine(_directory, CheckedLabel(label) + ".cer");

    public ICaSigner? Open(string label)
    {
        var path = KeyPath(label);
        if (!File.Exists(path))
            return null;
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromEncryptedPem(File.ReadAllText(path), _passphrase);
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            // The message names the file, never the passphrase.
            throw new CryptographicException($"Cannot decrypt the CA key '{path}': wrong passphrase or damaged file.", e);
        }
        return new SoftwareCaSigner(rsa);
    }

    public ICaSigner Generate(string label, int keySizeInBits)
    {
        var path = KeyPath(label);
        if (File.Exists(path))
            throw new InvalidOperationException($"A CA key already exists at '{path}'.");
        var rsa = RSA.Create(keySizeInBits);
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, _iterations);
        var pem = rsa.ExportEncryptedPkcs8PrivateKeyPem(_passphrase, pbe);
        WriteAtomically(path, tmp =>
        {
            File.WriteAllText(tmp, pem);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        });
        return new SoftwareCaSigner(rsa);
    }

    public byte[]? ReadCertificate(string label)
    {
        var path = CertificatePath(label);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public void WriteCertificate(string label, byte[] der) =>
        WriteAtomically(CertificatePath(label), tmp => File.WriteAllBytes(tmp, der));

    private static void WriteAtomically(string path, Action<string> write)
    {
        var tmp = path + ".tmp";
        write(tmp);
        File.Move(tmp, path, overwrite: true);
    }

    private static string CheckedLabel(string label)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (label.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || label.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException("A key label is a plain file-name stem.", nameof(label));
        return label;
    }
}
