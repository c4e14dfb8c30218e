using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using static Myna.Pki.Tests.TestPki;
using Myna.Testing.Tools;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests;

/// <summary>Issuing a card's pair of certificates, and the age rule at the JST date line.</summary>
public sealed class CardCertificatesTests
{
    [Fact]
    public void IssueCardCertificates_Adult_GetsBothWithDifferentKeysAndIssuers_E1()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        using var authKey = RSA.Create(2048);
        using var certs = authorities.IssueCardCertificates(
            CardPublicKey, authKey.ExportParameters(false), Hanako, Koriyama, new DateOnly(2035, 1, 2));
        Assert.NotNull(certs.Signature);
        Assert.Equal(authorities.Signature.Name.RawData, certs.Signature.IssuerName.RawData);
        Assert.Equal(authorities.Authentication.Name.RawData, certs.Authentication.IssuerName.RawData);
        Assert.Equal(CardRsaPublicKeyDer, certs.Signature.PublicKey.EncodedKeyValue.RawData);
        Assert.Equal(authKey.ExportRSAPublicKey(), certs.Authentication.PublicKey.EncodedKeyValue.RawData);
        // Two roots and two end-entity certificates, each under its own hierarchy.
        Assert.Equal(
            [(JpkiHierarchy.Signature, authorities.Signature.Certificate.SerialNumber),
             (JpkiHierarchy.UserAuthentication, authorities.Authentication.Certificate.SerialNumber),
             (JpkiHierarchy.UserAuthentication, certs.Authentication.SerialNumber),
             (JpkiHierarchy.Signature, certs.Signature.SerialNumber)],
            authorities.Log.All.Select(r => (r.Hierarchy, r.SerialNumber)).ToArray());
    }

    [Fact]
    public void IssueCardCertificates_Child_GetsOnlyAuthentication_V2()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        using var authKey = RSA.Create(2048);
        using var certs = authorities.IssueCardCertificates(
            CardPublicKey, authKey.ExportParameters(false), Hanako with { BirthDate = new DateOnly(2015, 5, 5) }, Koriyama,
            new DateOnly(2030, 5, 5));
        Assert.Null(certs.Signature);
        Assert.NotNull(certs.Authentication);
    }

    [Fact]
    public void IssueCardCertificates_SignatureDeclined_GetsOnlyAuthentication_E5()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        using var certs = authorities.IssueCardCertificates(
            CardPublicKey, CardPublicKey, Hanako, Koriyama, new DateOnly(2035, 1, 2), includeSignature: false);
        Assert.Null(certs.Signature);
    }

    [Fact]
    public void IssueCardCertificates_SameKeyForBothHierarchies_IsRefused_Interface2_1()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        Assert.Throws<ArgumentException>(() => authorities.IssueCardCertificates(
            CardPublicKey, CardPublicKey, Hanako, Koriyama, new DateOnly(2035, 1, 2)));
        Assert.Equal(2, authorities.Log.All.Count); // the roots only: nothing was issued
    }

    [Fact]
    public void SignatureCertificate_Turns15AtJstMidnight_AgeCountedOnTheJapaneseDate_V2()
    {
        // 2025-10-26 15:30 UTC = 2025-10-27 00:30 JST, the holder's 15th birthday in Japan (still 14 in UTC).
        using var authorities = NewAuthorities(ClockAt(new DateTimeOffset(2025, 10, 26, 15, 30, 0, TimeSpan.Zero)));
        var teen = Hanako with { BirthDate = new DateOnly(2010, 10, 27) };
        Assert.True(authorities.Signature.IsOldEnoughForSignatureCertificate(teen.BirthDate));
        using var cert = authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(teen, Koriyama), new DateOnly(2030, 10, 27));
        Assert.NotNull(cert);
    }

    [Fact]
    public void KeyFile_ReadByOpenSslWithThePassphrase_MatchesTheCaCertificate_KeyStorage()
    {
        var directory = Directory.CreateTempSubdirectory("myna-pkey-").FullName;
        try
        {
            var options = new JpkiAuthorityOptions { KeyPassphrase = "s3cret-for-test" };
            string caPublicKeyPem;
            using (var authorities = JpkiAuthorities.LoadOrCreate(directory, options, ClockAt(IssueInstant)))
            {
                using var rsa = authorities.Signature.Certificate.GetRSAPublicKey()!;
                caPublicKeyPem = rsa.ExportSubjectPublicKeyInfoPem();
            }
            var stdout = ExternalTool.Run("openssl",
                ["pkey", "-in", Path.Combine(directory, "jpki-signature-ca.key.pem"), "-passin", "env:MYNA_TEST_PASS", "-pubout"],
                environment: new Dictionary<string, string> { ["MYNA_TEST_PASS"] = options.KeyPassphrase }).EnsureSuccess().StandardOutput;
            Assert.Equal(caPublicKeyPem.Trim(), stdout.Trim());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
