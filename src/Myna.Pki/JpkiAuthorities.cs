using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Keys;
using Myna.Primitives;

namespace Myna.Pki;

/// <summary>The pair of JPKI authorities a card's two certificates come from (card-interface §6, E1).</summary>
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
        return LoadOrCreate(new EncryptedPkcs8CaKeyStore(directory, options.KeyPassphrase, options.KeyFileIterations), options, clock, log);
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

    /// <summary>
    /// Issues both certificates for a card, each for the chip key of its hierarchy. A holder under 15 gets
    /// no signature certificate (V2); <paramref name="includeSignature"/> = <c>false</c> leaves it out too (E5).
    /// </summary>
    /// <param name="signatureKey">Public half of the chip's signature key (JPKI-AP key EF for signing).</param>
    /// <param name="authenticationKey">Public half of the chip's user-authentication key.</param>
    /// <param name="holder">The holder's four basic details (only the signature certificate records them, E1).</param>
    /// <param name="municipality">The issuing municipality in romaji.</param>
    /// <param name="cardExpiry">The card's last valid day (E2).</param>
    /// <param name="includeSignature">Whether the holder asked for a signature certificate.</param>
    /// <param name="signatureCrlUrl">Optional HTTP location of the signature CRL.</param>
    /// <param name="authenticationCrlUrl">Optional HTTP location of the user-authentication CRL.</param>
    public CardCertificates IssueCardCertificates(
        RSAParameters signatureKey, RSAParameters authenticationKey, BasicFourInformation holder,
        JpkiMunicipality municipality, DateOnly cardExpiry, bool includeSignature = true,
        Uri? signatureCrlUrl = null, Uri? authenticationCrlUrl = null)
    {
        ArgumentNullException.ThrowIfNull(holder);
        // The chip has a separate key for each hierarchy (card-interface §2.1); one key under both is a caller bug.
        if (includeSignature && signatureKey.Modulus is { } m && authenticationKey.Modulus is { } n && m.AsSpan().SequenceEqual(n))
            throw new ArgumentException("The signature and user-authentication keys must differ.", nameof(authenticationKey));
        var authentication = Authentication.IssueAuthenticationCertificate(
            authenticationKey, holder.BirthDate, municipality, cardExpiry, authenticationCrlUrl);
        X509Certificate2? signature = null;
        try
        {
            if (includeSignature && Signature.IsOldEnoughForSignatureCertificate(holder.BirthDate))
            {
                signature = Signature.IssueSignatureCertificate(
                    signatureKey, new SignatureCertificateSubject(holder, municipality), cardExpiry, signatureCrlUrl);
            }
        }
        catch
        {
            authentication.Dispose();
            throw;
        }
        return new CardCertificates(signature, authentication);
    }

    public void Dispose()
    {
        Signature.Dispose();
        Authentication.Dispose();
    }
}
