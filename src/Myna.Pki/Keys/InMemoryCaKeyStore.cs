using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Myna.Pki.Keys;

/// <summary>
/// An <see cref="ICaKeyStore"/> that forgets everything with the process: for tests. Keys are kept as
/// PKCS#8 bytes so each <see cref="Open"/> hands out its own key object.
/// </summary>
public sealed class InMemoryCaKeyStore : ICaKeyStore
{
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _certificates = new(StringComparer.Ordinal);

    public ICaSigner? Open(string label)
    {
        if (!_keys.TryGetValue(label, out var pkcs8))
            return null;
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return new SoftwareCaSigner(rsa);
    }

    public ICaSigner Generate(string label, int keySizeInBits)
    {
        var rsa = RSA.Create(keySizeInBits);
        if (!_keys.TryAdd(label, rsa.ExportPkcs8PrivateKey()))
        {
            rsa.Dispose();
            throw new InvalidOperationException($"A CA key labelled '{label}' already exists.");
        }
        return new SoftwareCaSigner(rsa);
    }

    public byte[]? ReadCertificate(string label) =>
        _certificates.TryGetValue(label, out var der) ? (byte[])der.Clone() : null;

    public void WriteCertificate(string label, byte[] der) => _certificates[label] = (byte[])der.Clone();
}
