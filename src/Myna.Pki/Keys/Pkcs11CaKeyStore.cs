using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Myna.Pki.Keys;

/// <summary>
/// An <see cref="ICaKeyStore"/> on a PKCS#11 token (an HSM; SoftHSM2 in tests). Each CA key is an RSA key
/// pair generated on the token (CKA_TOKEN, CKA_SENSITIVE, not CKA_EXTRACTABLE), so the private key never
/// leaves it; the CA certificate is kept next to it as a CKO_CERTIFICATE object. All three objects carry
/// CKA_LABEL = the key label and CKA_ID = its UTF-8 bytes.
/// </summary>
/// <remarks>
/// Signing is CKM_RSA_PKCS over a DigestInfo built here (<see cref="Pkcs11SignatureGenerator"/>), which
/// gives sha256WithRSAEncryption (PKCS#1 v1.5) as card-interface §6 wants. Signers stay usable after the store is
/// disposed; the token session closes with the last of them. Thread-safe.
/// </remarks>
public sealed class Pkcs11CaKeyStore : ICaKeyStore, IDisposable
{
    private readonly Pkcs11Token _token;
    private bool _disposed;

    private Pkcs11CaKeyStore(Pkcs11Token token) => _token = token;

    /// <summary>Loads the module, finds the token by label and logs in as the user.</summary>
    /// <exception cref="CryptographicException">
    /// The module cannot be loaded, no token has the label, or the PIN is wrong (the message never contains it).
    /// </exception>
    public static Pkcs11CaKeyStore Open(Pkcs11CaKeyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new Pkcs11CaKeyStore(Pkcs11Token.Open(options));
    }

    /// <summary>The label of the token this store uses.</summary>
    public string TokenLabel => _token.Label;

    public ICaSigner? Open(string label)
    {
        var id = IdOf(label);
        var found = _token.Use("find key", session =>
        {
            var privateKey = FindSingle(session, CKO.CKO_PRIVATE_KEY, label, id);
            if (privateKey is null)
                return ((IObjectHandle, RSAParameters)?)null;
            // RSA private key objects also carry CKA_MODULUS and CKA_PUBLIC_EXPONENT; prefer the public object.
            var publicParameters = ReadPublicParameters(session, FindSingle(session, CKO.CKO_PUBLIC_KEY, label, id) ?? privateKey);
            return (privateKey, publicParameters);
        });
        return found is { } key ? NewSigner(key.Item1, key.Item2) : null;
    }

    public ICaSigner Generate(string label, int keySizeInBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keySizeInBits, 2048);
        var id = IdOf(label);
        var key = _token.Use("generate key", session =>
        {
            if (FindSingle(session, CKO.CKO_PRIVATE_KEY, label, id) is not null
                || FindSingle(session, CKO.CKO_PUBLIC_KEY, label, id) is not null)
            {
                throw new InvalidOperationException($"A CA key labelled '{label}' already exists on token '{_token.Label}'.");
            }
            var attributes = session.Factories.ObjectAttributeFactory;
            var publicTemplate = new List<IObjectAttribute>
            {
                attributes.Create(CKA.CKA_TOKEN, true),
                attributes.Create(CKA.CKA_PRIVATE, false),
                attributes.Create(CKA.CKA_LABEL, label),
                attributes.Create(CKA.CKA_ID, id),
                attributes.Create(CKA.CKA_VERIFY, true),
                attributes.Create(CKA.CKA_ENCRYPT, false),
                attributes.Create(CKA.CKA_WRAP, false),
                attributes.Create(CKA.CKA_MODULUS_BITS, (ulong)keySizeInBits),
                attributes.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 0x01, 0x00, 0x01 }),
            };
            var privateTemplate = new List<IObjectAttribute>
            {
                attributes.Create(CKA.CKA_TOKEN, true),
                attributes.Create(CKA.CKA_PRIVATE, true),
                attributes.Create(CKA.CKA_SENSITIVE, true),
                attributes.Create(CKA.CKA_EXTRACTABLE, false),
                attributes.Create(CKA.CKA_LABEL, label),
                attributes.Create(CKA.CKA_ID, id),
                attributes.Create(CKA.CKA_SIGN, true),
                attributes.Create(CKA.CKA_DECRYPT, false),
                attributes.Create(CKA.CKA_UNWRAP, false),
            };
            using var mechanism = session.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN);
            session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out var publicKey, out var privateKey);
            return (privateKey, ReadPublicParameters(session, publicKey));
        });
        return NewSigner(key.Item1, key.Item2);
    }

    public byte[]? ReadCertificate(string label)
    {
        var id = IdOf(label);
        return _token.Use("read certificate", session =>
            FindSingle(session, CKO.CKO_CERTIFICATE, label, id) is { } certificate
                ? session.GetAttributeValue(certificate, [CKA.CKA_VALUE])[0].GetValueAsByteArray()
                : null);
    }

    public void WriteCertificate(string label, byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        var id = IdOf(label);
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        _token.Use("write certificate", session =>
        {
            var attributes = session.Factories.ObjectAttributeFactory;
            var created = session.CreateObject(
            [
                attributes.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
                attributes.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
                attributes.Create(CKA.CKA_TOKEN, true),
                attributes.Create(CKA.CKA_PRIVATE, false),
                attributes.Create(CKA.CKA_LABEL, label),
                attributes.Create(CKA.CKA_ID, id),
                attributes.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData),
                attributes.Create(CKA.CKA_ISSUER, certificate.IssuerName.RawData),
                attributes.Create(CKA.CKA_VALUE, der),
            ]);
            // Replace: drop the earlier certificate(s) only once the new one is on the token.
            foreach (var old in Find(session, CKO.CKO_CERTIFICATE, label, id))
            {
                if (old.ObjectId != created.ObjectId)
                    session.DestroyObject(old);
            }
            return true;
        });
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _token.Release();
    }

    /// <summary>Runs a raw PKCS#11 operation on the store's session (tests inspect key attributes with it).</summary>
    internal T UseSession<T>(Func<ISession, T> operation) => _token.Use("operation", operation);

    /// <summary>The handle of the private key under <paramref name="label"/>, or <c>null</c>.</summary>
    internal static IObjectHandle? FindPrivateKey(ISession session, string label) =>
        FindSingle(session, CKO.CKO_PRIVATE_KEY, label, IdOf(label));

    private Pkcs11CaSigner NewSigner(IObjectHandle privateKey, RSAParameters publicParameters)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _token.AddReference();
        return new Pkcs11CaSigner(_token, privateKey, publicParameters);
    }

    private static byte[] IdOf(string label)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return Encoding.UTF8.GetBytes(label);
    }

    private static List<IObjectHandle> Find(ISession session, CKO objectClass, string label, byte[] id)
    {
        var attributes = session.Factories.ObjectAttributeFactory;
        return session.FindAllObjects(
        [
            attributes.Create(CKA.CKA_CLASS, objectClass),
            attributes.Create(CKA.CKA_LABEL, label),
            attributes.Create(CKA.CKA_ID, id),
        ]);
    }

    private static IObjectHandle? FindSingle(ISession session, CKO objectClass, string label, byte[] id)
    {
        var found = Find(session, objectClass, label, id);
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new InvalidOperationException(
                $"The token holds {found.Count} {objectClass} objects labelled '{label}'; expected one."),
        };
    }

    private static RSAParameters ReadPublicParameters(ISession session, IObjectHandle key)
    {
        var values = session.GetAttributeValue(key, [CKA.CKA_KEY_TYPE, CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
        if (values[0].GetValueAsUlong() != (ulong)CKK.CKK_RSA)
            throw new InvalidOperationException("The CA key on the token is not an RSA key.");
        return new RSAParameters { Modulus = values[1].GetValueAsByteArray(), Exponent = values[2].GetValueAsByteArray() };
    }
}
