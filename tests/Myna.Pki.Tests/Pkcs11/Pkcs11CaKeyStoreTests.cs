using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Keys;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using static Myna.Pki.Tests.TestPki;
using OpenSslTool = Myna.Testing.Tools.OpenSsl;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests.Pkcs11;

/// <summary>CA keys on a PKCS#11 token, against SoftHSM2.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class Pkcs11CaKeyStoreTests(SoftHsmFixture hsm)
{
    private static readonly byte[] Data = "Myna: signed on the token"u8.ToArray();

    [Fact]
    public void Generate_SignatureVerifiesWithThePublicKey()
    {
        var options = hsm.NewToken();
        using var store = Pkcs11CaKeyStore.Open(options);
        using var signer = store.Generate("test-ca", 2048);

        var signature = signer.SignatureGenerator.SignData(Data, HashAlgorithmName.SHA256);

        using var rsa = signer.PublicKey.GetRSAPublicKey()!;
        Assert.Equal(2048, rsa.KeySize);
        Assert.Equal(256, signature.Length);
        Assert.True(rsa.VerifyData(Data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(rsa.VerifyData("something else"u8.ToArray(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        // sha256WithRSAEncryption, NULL parameters (card-interface §6)
        Assert.Equal("300D06092A864886F70D01010B0500",
            Convert.ToHexString(signer.SignatureGenerator.GetSignatureAlgorithmIdentifier(HashAlgorithmName.SHA256)));
    }

    [Fact]
    public void DigestInfo_IsTheRfc8017Sha256Prefix()
    {
        var hash = SHA256.HashData(Data);
        Assert.Equal("3031300D060960864801650304020105000420" + Convert.ToHexString(hash),
            Convert.ToHexString(Pkcs11SignatureGenerator.DigestInfo(HashAlgorithmName.SHA256, hash)));
    }

    [Fact]
    public void Open_AfterReopening_FindsTheSameKeyAndCertificate()
    {
        var options = hsm.NewToken();
        byte[] publicKey;
        using (var store = Pkcs11CaKeyStore.Open(options))
        {
            Assert.Null(store.Open("test-ca"));
            Assert.Null(store.ReadCertificate("test-ca"));
            using var signer = store.Generate("test-ca", 2048);
            publicKey = signer.PublicKey.ExportSubjectPublicKeyInfo();
            store.WriteCertificate("test-ca", SelfSigned(signer, "CN=first").RawData);
            // replaced, not added
            store.WriteCertificate("test-ca", SelfSigned(signer, "CN=second").RawData);
            Assert.Throws<InvalidOperationException>(() => store.Generate("test-ca", 2048));
        }

        using (var store = Pkcs11CaKeyStore.Open(options))
        {
            using var signer = store.Open("test-ca");
            Assert.NotNull(signer);
            Assert.Equal(publicKey, signer.PublicKey.ExportSubjectPublicKeyInfo());
            using var certificate = X509CertificateLoader.LoadCertificate(store.ReadCertificate("test-ca")!);
            Assert.Equal("CN=second", certificate.Subject);
            Assert.Null(store.Open("other-ca"));
            using var rsa = signer.PublicKey.GetRSAPublicKey()!;
            Assert.True(rsa.VerifyData(Data, signer.SignatureGenerator.SignData(Data, HashAlgorithmName.SHA256),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }
    }

    [Fact]
    public void Signer_OutlivesItsStore()
    {
        var options = hsm.NewToken();
        ICaSigner signer;
        using (var store = Pkcs11CaKeyStore.Open(options))
            signer = store.Generate("test-ca", 2048);
        using (signer)
        {
            using var rsa = signer.PublicKey.GetRSAPublicKey()!;
            Assert.True(rsa.VerifyData(Data, signer.SignatureGenerator.SignData(Data, HashAlgorithmName.SHA256),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }
    }

    [Fact]
    public void Signer_SignsFromManyThreadsAtOnce()
    {
        var options = hsm.NewToken();
        using var store = Pkcs11CaKeyStore.Open(options);
        using var signer = store.Generate("test-ca", 2048);
        var signatures = new byte[32][];

        // One session, many callers: the store serialises them (a session runs one operation at a time).
        Parallel.For(0, signatures.Length, i =>
            signatures[i] = signer.SignatureGenerator.SignData(BitConverter.GetBytes(i), HashAlgorithmName.SHA256));

        using var rsa = signer.PublicKey.GetRSAPublicKey()!;
        for (var i = 0; i < signatures.Length; i++)
        {
            Assert.True(rsa.VerifyData(BitConverter.GetBytes(i), signatures[i], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                $"signature {i}");
        }
    }

    [Fact]
    public void PrivateKey_IsSensitiveAndNotExtractable()
    {
        var options = hsm.NewToken();
        using var store = Pkcs11CaKeyStore.Open(options);
        store.Generate("test-ca", 2048).Dispose();

        store.UseSession(session =>
        {
            var key = Pkcs11CaKeyStore.FindPrivateKey(session, "test-ca");
            Assert.NotNull(key);
            var flags = session.GetAttributeValue(key, [
                CKA.CKA_TOKEN, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE,
            ]);
            Assert.True(flags[0].GetValueAsBool(), "CKA_TOKEN");
            Assert.True(flags[1].GetValueAsBool(), "CKA_SENSITIVE");
            Assert.False(flags[2].GetValueAsBool(), "CKA_EXTRACTABLE");
            Assert.True(flags[3].GetValueAsBool(), "CKA_ALWAYS_SENSITIVE");
            Assert.True(flags[4].GetValueAsBool(), "CKA_NEVER_EXTRACTABLE");

            foreach (var secret in new[] { CKA.CKA_PRIVATE_EXPONENT, CKA.CKA_PRIME_1, CKA.CKA_PRIME_2, CKA.CKA_VALUE })
            {
                // C_GetAttributeValue answers CKR_ATTRIBUTE_SENSITIVE (or, for CKA_VALUE, CKR_ATTRIBUTE_TYPE_INVALID):
                // Pkcs11Interop either marks the attribute unreadable or throws.
                try
                {
                    var value = session.GetAttributeValue(key, [secret])[0];
                    Assert.True(value.CannotBeRead, $"{secret} was readable");
                }
                catch (Pkcs11Exception e)
                {
                    Assert.Contains(e.RV, new[] { CKR.CKR_ATTRIBUTE_SENSITIVE, CKR.CKR_ATTRIBUTE_TYPE_INVALID });
                }
            }

            // Nor can it be wrapped out.
            using var mechanism = session.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS);
            var e2 = Assert.Throws<Pkcs11Exception>(() => session.WrapKey(mechanism, key, key));
            Assert.NotEqual(CKR.CKR_OK, e2.RV);
            return true;
        });
    }

    [Fact]
    public void WrongPin_FailsClearly_WithoutThePin()
    {
        var options = hsm.NewToken() with { UserPin = "97531864" };

        var e = Assert.Throws<CryptographicException>(() => Pkcs11CaKeyStore.Open(options));

        Assert.Contains("wrong user PIN", e.Message, StringComparison.Ordinal);
        Assert.Contains(options.TokenLabel, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("97531864", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("97531864", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("UserPin = ***", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownToken_FailsClearly()
    {
        var options = new Pkcs11CaKeyStoreOptions { TokenLabel = "no-such-token", UserPin = SoftHsmFixture.UserPin };

        var e = Assert.Throws<CryptographicException>(() => Pkcs11CaKeyStore.Open(options));

        Assert.Contains("No PKCS#11 token labelled 'no-such-token'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JpkiAuthorities_OnTheToken_IssueCertificatesThatChain()
    {
        var options = hsm.NewToken();
        var clock = ClockAt(IssueInstant);
        using var signatureKey = RSA.Create(2048);
        using var authenticationKey = RSA.Create(2048);
        byte[] signatureRoot;
        byte[] authenticationRoot;
        using (var store = Pkcs11CaKeyStore.Open(options))
        using (var authorities = JpkiAuthorities.LoadOrCreate(store, new JpkiAuthorityOptions(), clock))
        {
            signatureRoot = authorities.Signature.ExportCertificateDer();
            authenticationRoot = authorities.Authentication.ExportCertificateDer();
        }

        // Reopened from the token alone: the same roots, and they still sign.
        using var reopenedStore = Pkcs11CaKeyStore.Open(options);
        using var ca = JpkiAuthorities.LoadOrCreate(reopenedStore, new JpkiAuthorityOptions(), clock);
        Assert.Equal(signatureRoot, ca.Signature.ExportCertificateDer());
        Assert.Equal(authenticationRoot, ca.Authentication.ExportCertificateDer());
        using var certificates = ca.IssueCardCertificates(
            signatureKey.ExportParameters(false), authenticationKey.ExportParameters(false), Hanako, Koriyama,
            new DateOnly(2030, 2, 17));

        var directory = Directory.CreateTempSubdirectory("myna-pkcs11-").FullName;
        try
        {
            foreach (var (leaf, rootDer, name) in new[]
                     {
                         (certificates.Signature!, signatureRoot, "sign"),
                         (certificates.Authentication, authenticationRoot, "auth"),
                     })
            {
                using var root = X509CertificateLoader.LoadCertificate(rootDer);
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.VerificationTime = IssueInstant.AddHours(1).UtcDateTime;
                Assert.True(chain.Build(leaf),
                    string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
                Assert.Equal(root.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);

                File.WriteAllText(Path.Combine(directory, name + "-root.pem"), root.ExportCertificatePem());
                File.WriteAllText(Path.Combine(directory, name + ".pem"), leaf.ExportCertificatePem());
                var attime = IssueInstant.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                var (exit, output) = OpenSsl(directory, "verify", "-x509_strict", "-attime", attime, "-CAfile", name + "-root.pem", name + ".pem");
                Assert.True(exit == 0, output);
                Assert.Equal($"{name}.pem: OK", output.Trim());
            }

            // A CRL signed on the token through CertificateRevocationListBuilder verifies under its root.
            using var authRoot = X509CertificateLoader.LoadCertificate(authenticationRoot);
            using var crlSigner = reopenedStore.Open(CertificateAuthority.KeyLabel(JpkiHierarchy.UserAuthentication))!;
            var crl = new CertificateRevocationListBuilder().Build(
                authRoot.SubjectName, crlSigner.SignatureGenerator, BigInteger.One,
                IssueInstant.AddDays(1), HashAlgorithmName.SHA256,
                X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authRoot, true, false), IssueInstant);
            File.WriteAllBytes(Path.Combine(directory, "auth.crl"), crl);
            var (crlExit, crlOutput) = OpenSsl(directory, "crl", "-inform", "DER", "-in", "auth.crl", "-CAfile", "auth-root.pem", "-noout");
            Assert.True(crlExit == 0, crlOutput);
            Assert.Contains("verify OK", crlOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static X509Certificate2 SelfSigned(ICaSigner signer, string subject)
    {
        var name = new X500DistinguishedName(subject);
        var request = new CertificateRequest(name, signer.PublicKey, HashAlgorithmName.SHA256);
        return request.Create(name, signer.SignatureGenerator, IssueInstant, IssueInstant.AddYears(1), [1]);
    }

    private static (int Exit, string Output) OpenSsl(string directory, params string[] args)
    {
        var result = OpenSslTool.Run(directory, args);
        return (result.ExitCode, result.Output);
    }
}
