using Myna.Pki.Keys;

namespace Myna.Pki;

/// <summary>The pair of JPKI authorities a card's two certificates come from (spec §6, E1).</summary>
public sealed class JpkiAuthorities : IDisposable
{
    private JpkiAuthorities(CertificateAuthority signature, CertificateAuthority authentication, IIssuedCertificateLog log)
    {
        Signature = signature;
        Authentication = authentication;
        Log = log;
    }

    /// <summary>Issues signature certificates (署名用電子証明書).</summary>
    public CertificateAuthority Signature { get; }

    /// <summary>Issues user-authentication certificates (利用者証明用電子証明書).</summary>
    public CertificateAuthority Authentication { get; }

    /// <summary>Where both authorities record what they issue.</summary>
    public IIssuedCertificateLog Log { get; }

    /// <summary>The authority of one hierarchy.</summary>
    public CertificateAuthority this[JpkiHierarchy hierarchy] => hierarchy switch
    {
        JpkiHierarchy.Signature => Signature,
        JpkiHierarchy.UserAuthentication => Authentication,
        _ => throw new ArgumentOutOfRangeException(nameof(hierarchy)),
    };

    /// <summary>
    /// Opens both authorities kept in <paramref name="directory"/> (keys as encrypted PKCS#8 under
    /// <see cref="JpkiAuthorityOptions.KeyPassphrase"/>, CA certificates as DER), creating what is missing.
    /// </summary>
    public static JpkiAuthorities LoadOrCreate(
        string directory, JpkiAuthorityOptions options, TimeProvider clock, IIssuedCertificateLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return LoadOrCreate(new EncryptedPkcs8CaKeyStore(directory, options.KeyPassphrase), options, clock, log);
    }

    /// <summary>Opens both authorities kept in any <see cref="ICaKeyStore"/>, creating what is missing.</summary>
    public static JpkiAuthorities LoadOrCreate(
        ICaKeyStore keyStore, JpkiAuthorityOptions options, TimeProvider clock, IIssuedCertificateLog? log = null)
    {
        log ??= new InMemoryIssuedCertificateLog();
        var signature = CertificateAuthority.LoadOrCreate(keyStore, JpkiHierarchy.Signature, options, clock, log);
        try
        {
            var authentication = CertificateAuthority.LoadOrCreate(
                keyStore, JpkiHierarchy.UserAuthentication, options, clock, log);
            return new JpkiAuthorities(signature, authentication, log);
        }
        catch
        {
            signature.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Signature.Dispose();
        Authentication.Dispose();
    }
}
