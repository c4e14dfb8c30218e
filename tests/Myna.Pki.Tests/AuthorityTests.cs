using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Keys;
using static Myna.Pki.Tests.TestPki;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests;

/// <summary>The two self-signed roots (card-interface §6 "CA certificates") and how they are kept.</summary>
public sealed class AuthorityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("myna-pki-").FullName;
    // Key files at a test cost: KeyFile_IsWrittenAtTheConfiguredCost_AndReadAtItsOwn checks the production default.
    private static readonly JpkiAuthorityOptions Options = new() { KeyPassphrase = "correct horse battery staple", KeyFileIterations = 1_000 };

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(JpkiHierarchy.Signature, "JPKI for digital signature")]
    [InlineData(JpkiHierarchy.UserAuthentication, "JPKI for user authentication")]
    public void CaCertificate_Created_IsSelfSignedWithTheProfileDn_Interface6(JpkiHierarchy hierarchy, string unit)
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        var ca = authorities[hierarchy].Certificate;
        Assert.Equal(ca.SubjectName.RawData, ca.IssuerName.RawData);
        Assert.Equal(
            [
                new Atv(C, UniversalTagNumber.PrintableString, "JP"),
                new Atv(O, UniversalTagNumber.UTF8String, "JPKI"),
                new Atv(OU, UniversalTagNumber.UTF8String, unit),
                new Atv(OU, UniversalTagNumber.UTF8String, "Japan Agency for Local Authority Information Systems"),
            ],
            DecodeName(ca.SubjectName.RawData));
        using var rsa = ca.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyData(TbsOf(ca), SignatureOf(ca), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(2048, rsa.KeySize);
    }

    [Fact]
    public void CaCertificate_Extensions_AreBcKuSanCrlDpSkiWithBcAndKuCritical_Interface6()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        var ca = authorities.Signature.Certificate;
        Assert.Equal(
            [JpkiOids.BasicConstraints, JpkiOids.KeyUsage, JpkiOids.SubjectAltName, JpkiOids.CrlDistributionPoints, JpkiOids.SubjectKeyIdentifier],
            ca.Extensions.Select(e => e.Oid!.Value!).ToArray());
        Assert.Equal([true, true, false, false, false], ca.Extensions.Select(e => e.Critical).ToArray());
        // BasicConstraints ::= SEQUENCE { cA BOOLEAN TRUE }; KU keyCertSign(5)+cRLSign(6) = 03 02 01 06
        Assert.Equal(Convert.FromHexString("30030101FF"), Extension(ca, JpkiOids.BasicConstraints).RawData);
        Assert.Equal(Convert.FromHexString("03020106"), Extension(ca, JpkiOids.KeyUsage).RawData);

        var san = new AsnReader(Extension(ca, JpkiOids.SubjectAltName).RawData, AsnEncodingRules.DER).ReadSequence();
        Assert.Equal(["JP", "公的個人認証サービス"], DecodeName(ReadDirectoryName(san)).Select(a => a.Value).ToArray());
        san.ThrowIfNotEmpty();

        var dp = SignatureCertificateProfileTests.ReadSingleFullName(Extension(ca, JpkiOids.CrlDistributionPoints));
        Assert.Equal(ca.SubjectName.RawData, ReadDirectoryName(dp).ToArray());

        using var rsa = ca.GetRSAPublicKey()!;
        Assert.Equal([0x04, 0x14, .. SHA1.HashData(rsa.ExportRSAPublicKey())], Extension(ca, JpkiOids.SubjectKeyIdentifier).RawData);
    }

    [Fact]
    public void CaCertificate_Validity_IsTenYearsEndingTheDayBefore_Interface6()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        var (notBefore, notAfter) = Validity(authorities.Authentication.Certificate);
        Assert.Equal(IssueInstant, notBefore.Time);
        Assert.Equal(new DateTimeOffset(2035, 10, 26, 23, 59, 59, Myna.Primitives.JapanClock.Offset), notAfter.Time);
    }

    [Fact]
    public void CaCertificate_DefaultOptions_HaveNoFixedValidity_SoProductionKeepsTenYearsFromCreation_Interface6()
    {
        Assert.Null(new JpkiAuthorityOptions().FixedAuthorityValidity);
        var created = IssueInstant.AddDays(400);
        using var authorities = NewAuthorities(ClockAt(created));
        var (notBefore, notAfter) = Validity(authorities.Signature.Certificate);
        Assert.Equal((Asn1Tag.UtcTime, created), (notBefore.Tag, notBefore.Time));
        Assert.Equal((Asn1Tag.UtcTime, new DateTimeOffset(2036, 11, 30, 23, 59, 59, Myna.Primitives.JapanClock.Offset)), (notAfter.Tag, notAfter.Time));
    }

    [Fact]
    public void CaCertificate_FixedValidityCovering2000To2099_RunsFrom2000UtcTimeTo2109GeneralizedTime_Rfc5280_4_1_2_5()
    {
        var covering = JpkiValidity.AuthorityValidityCovering(new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31));
        Assert.Equal(new ValidityPeriod(
            new DateTimeOffset(2000, 1, 1, 0, 0, 0, Myna.Primitives.JapanClock.Offset),
            new DateTimeOffset(2109, 12, 31, 23, 59, 59, Myna.Primitives.JapanClock.Offset)), covering);

        // Created today, valid from 2000: whenever the authorities are made, every date of the window is covered.
        using var authorities = NewAuthorities(ClockAt(IssueInstant), new JpkiAuthorityOptions { FixedAuthorityValidity = covering });
        foreach (var ca in new[] { authorities.Signature.Certificate, authorities.Authentication.Certificate })
        {
            var (notBefore, notAfter) = Validity(ca);
            // 1999-12-31 15:00 UTC as UTCTime (a two-digit 99 is 1999), 2109-12-31 14:59:59 UTC as GeneralizedTime.
            Assert.Equal((Asn1Tag.UtcTime, covering.NotBefore), (notBefore.Tag, notBefore.Time));
            Assert.Equal((Asn1Tag.GeneralizedTime, covering.NotAfter), (notAfter.Tag, notAfter.Time));
            Assert.Equal(covering.NotBefore.UtcDateTime, ca.NotBefore.ToUniversalTime());
            Assert.Equal(covering.NotAfter.UtcDateTime, ca.NotAfter.ToUniversalTime());
        }
        Assert.Equal(
            [covering.NotBefore, covering.NotBefore],
            authorities.Log.All.Select(r => r.NotBefore).ToArray());
    }

    [Theory]
    [InlineData(2000, 1, 1, 0, 0, 1980, 2010)]
    [InlineData(2019, 6, 3, 10, 0, 1990, 2029)]
    [InlineData(2099, 12, 31, 23, 59, 2080, 2109)]
    public void Issue_AnyDayOfAFixedValidityWindow_ChainBuildsThen_V2_Rfc5280_6_1_3(
        int year, int month, int day, int hour, int minute, int birthYear, int cardExpiryYear)
    {
        // The authorities made (and stored) today, then opened by a clock set to another day, as a sandbox's is.
        var options = new JpkiAuthorityOptions
        {
            FixedAuthorityValidity = JpkiValidity.AuthorityValidityCovering(new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31)),
        };
        var store = new InMemoryCaKeyStore();
        using (JpkiAuthorities.LoadOrCreate(store, options, ClockAt(IssueInstant))) { }
        var at = new DateTimeOffset(year, month, day, hour, minute, 0, Myna.Primitives.JapanClock.Offset);
        using var authorities = JpkiAuthorities.LoadOrCreate(store, options, new MovableClock(at));

        var birthDate = new DateOnly(birthYear, 12, 31);
        using var sign = authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako with { BirthDate = birthDate }, Koriyama), new DateOnly(cardExpiryYear, 12, 31));
        using var auth = authorities.Authentication.IssueAuthenticationCertificate(CardPublicKey, birthDate, Koriyama, new DateOnly(cardExpiryYear, 12, 31));
        foreach (var (ee, ca) in new[] { (sign, authorities.Signature.Certificate), (auth, authorities.Authentication.Certificate) })
        {
            Assert.Equal(at, Validity(ee).NotBefore.Time);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = at.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            Assert.True(chain.Build(ee), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }
    }

    [Fact]
    public void LoadOrCreate_StoredCa_KeepsItsOwnValidity_WhenTheOptionsNowFixAnother_Interface6()
    {
        // A data directory made before the option: its CA certificates are never re-created (that would orphan
        // every certificate they issued), so their validity stays the ten years from their creation.
        var store = new InMemoryCaKeyStore();
        byte[] created;
        using (var first = JpkiAuthorities.LoadOrCreate(store, new JpkiAuthorityOptions(), ClockAt(IssueInstant)))
            created = first.Authentication.ExportCertificateDer();
        var options = new JpkiAuthorityOptions
        {
            FixedAuthorityValidity = JpkiValidity.AuthorityValidityCovering(new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31)),
        };
        using var again = JpkiAuthorities.LoadOrCreate(store, options, ClockAt(IssueInstant.AddDays(1)));
        Assert.Equal(created, again.Authentication.ExportCertificateDer());
        Assert.Equal(IssueInstant, Validity(again.Authentication.Certificate).NotBefore.Time);
    }

    [Fact]
    public void FixedValidity_EndingBeforeItBegins_IsRefused_AsIsACoveringWindowBackwards()
    {
        var instant = IssueInstant;
        Assert.Throws<ArgumentException>(() => NewAuthorities(ClockAt(IssueInstant),
            new JpkiAuthorityOptions { FixedAuthorityValidity = new ValidityPeriod(instant, instant) }));
        Assert.Throws<ArgumentException>(() => JpkiValidity.AuthorityValidityCovering(new DateOnly(2099, 12, 31), new DateOnly(2000, 1, 1)));
    }

    [Fact]
    public void CaCertificate_OrganizationOption_ChangesTheDn_Interface6()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant), new JpkiAuthorityOptions { OrganizationName = "JPKI-TEST" });
        Assert.Equal("JPKI-TEST", DecodeName(authorities.Signature.Name.RawData)[1].Value);
    }

    [Fact]
    public void LoadOrCreate_EmptyDirectory_WritesEncryptedKeysAndCertificates_KeyStorage()
    {
        using (JpkiAuthorities.LoadOrCreate(_directory, Options, ClockAt(IssueInstant))) { }
        var files = Directory.GetFiles(_directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["jpki-authentication-ca.cer", "jpki-authentication-ca.key.pem", "jpki-signature-ca.cer", "jpki-signature-ca.key.pem"],
            files);
        var pem = File.ReadAllText(Path.Combine(_directory, "jpki-signature-ca.key.pem"));
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(Path.Combine(_directory, "jpki-signature-ca.key.pem")));
        }
    }

    [Fact]
    public void KeyFile_IsWrittenAtTheConfiguredCost_AndReadAtItsOwn_KeyStorage()
    {
        var production = Path.Combine(_directory, "production");
        var test = Path.Combine(_directory, "test");
        var defaults = new JpkiAuthorityOptions { KeyPassphrase = Options.KeyPassphrase };
        using (JpkiAuthorities.LoadOrCreate(production, defaults, ClockAt(IssueInstant))) { }
        using (JpkiAuthorities.LoadOrCreate(test, defaults with { KeyFileIterations = 1_000 }, ClockAt(IssueInstant))) { }
        Assert.Equal(EncryptedPkcs8CaKeyStore.DefaultIterations, Pbkdf2Iterations(Path.Combine(production, "jpki-signature-ca.key.pem")));
        Assert.Equal(1_000, Pbkdf2Iterations(Path.Combine(test, "jpki-signature-ca.key.pem")));
        // Opening with the default options reads the cheap file at its own cost; nothing is rewritten.
        using var reopened = JpkiAuthorities.LoadOrCreate(test, defaults, ClockAt(IssueInstant));
        Assert.Equal(1_000, Pbkdf2Iterations(Path.Combine(test, "jpki-signature-ca.key.pem")));
        Assert.ThrowsAny<ArgumentException>(() => JpkiAuthorities.LoadOrCreate(
            Path.Combine(_directory, "free"), defaults with { KeyFileIterations = 0 }, ClockAt(IssueInstant)));
    }

    /// <summary>The iteration count of an encrypted PKCS#8 PEM (RFC 5958 EncryptedPrivateKeyInfo, PBES2 with PBKDF2, RFC 8018).</summary>
    private static int Pbkdf2Iterations(string pemPath)
    {
        var text = File.ReadAllText(pemPath);
        var der = Convert.FromBase64String(text[PemEncoding.Find(text).Base64Data]);
        var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var algorithm = info.ReadSequence();
        Assert.Equal("1.2.840.113549.1.5.13", algorithm.ReadObjectIdentifier()); // PBES2
        var kdf = algorithm.ReadSequence().ReadSequence();
        Assert.Equal("1.2.840.113549.1.5.12", kdf.ReadObjectIdentifier()); // PBKDF2
        var parameters = kdf.ReadSequence();
        parameters.ReadOctetString(); // salt
        return (int)parameters.ReadInteger();
    }

    [Fact]
    public void LoadOrCreate_SecondTime_LoadsTheSameRootsAndTheKeyStillSigns_KeyStorage()
    {
        byte[] signatureRoot, authenticationRoot;
        using (var first = JpkiAuthorities.LoadOrCreate(_directory, Options, ClockAt(IssueInstant)))
        {
            signatureRoot = first.Signature.ExportCertificateDer();
            authenticationRoot = first.Authentication.ExportCertificateDer();
        }
        using var second = JpkiAuthorities.LoadOrCreate(_directory, Options, ClockAt(IssueInstant.AddDays(3)));
        Assert.Equal(signatureRoot, second.Signature.ExportCertificateDer());
        Assert.Equal(authenticationRoot, second.Authentication.ExportCertificateDer());
        Assert.NotEqual(signatureRoot, authenticationRoot);

        using var ee = second.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako, Koriyama), new DateOnly(2035, 1, 1));
        using var rsa = second.Signature.Certificate.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyData(TbsOf(ee), SignatureOf(ee), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void LoadOrCreate_Loaded_RecordsTheRootsInAFreshLog_Interface6()
    {
        using (JpkiAuthorities.LoadOrCreate(_directory, Options, ClockAt(IssueInstant))) { }
        using var loaded = JpkiAuthorities.LoadOrCreate(_directory, Options, ClockAt(IssueInstant.AddDays(1)));
        Assert.Equal(
            [(JpkiHierarchy.Signature, loaded.Signature.Certificate.SerialNumber, IssueInstant),
             (JpkiHierarchy.UserAuthentication, loaded.Authentication.Certificate.SerialNumber, IssueInstant)],
            loaded.Log.All.Select(r => (r.Hierarchy, r.SerialNumber, r.NotBefore)).ToArray());
    }

    [Fact]
    public void Issue_CardOutlivesTheCa_IsRefused_Rfc5280_6_1_3()
    {
        // The roots run to 2035-10-26; a 30-year-old's certificate issued in 2031 would end in 2036.
        var clock = ClockAt(IssueInstant);
        using var authorities = NewAuthorities(clock);
        clock.Advance(TimeSpan.FromDays(365 * 6));
        Assert.Throws<InvalidOperationException>(() => authorities.Authentication.IssueAuthenticationCertificate(
            CardPublicKey, new DateOnly(2001, 6, 1), Koriyama, new DateOnly(2041, 6, 1)));
    }

    [Fact]
    public void Issue_ClockBeforeTheCa_IsRefused_Rfc5280_6_1_3()
    {
        // The same stored roots, opened by a process whose clock is a day behind their creation.
        var store = new InMemoryCaKeyStore();
        using (JpkiAuthorities.LoadOrCreate(store, new JpkiAuthorityOptions(), ClockAt(IssueInstant))) { }
        using var authorities = JpkiAuthorities.LoadOrCreate(store, new JpkiAuthorityOptions(), ClockAt(IssueInstant.AddDays(-1)));
        Assert.Throws<InvalidOperationException>(() => authorities.Authentication.IssueAuthenticationCertificate(
            CardPublicKey, Hanako.BirthDate, Koriyama, new DateOnly(2035, 1, 2)));
    }

    [Fact]
    public void Issue_ManyThreadsAtOnce_AllSerialsUniqueAndLogged_Rfc5280_4_1_2_2()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        var serials = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, _ =>
        {
            using var c = authorities.Authentication.IssueAuthenticationCertificate(
                CardPublicKey, Hanako.BirthDate, Koriyama, new DateOnly(2035, 1, 2));
            serials.Add(c.SerialNumber);
        });
        Assert.Equal(64, serials.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(65, authorities.Log.All.Count(r => r.Hierarchy == JpkiHierarchy.UserAuthentication)); // + root
    }

    [Fact]
    public void LoadOrCreate_WrongPassphrase_FailsWithoutRevealingIt_KeyStorage()
    {
        using (JpkiAuthorities.LoadOrCreate(_directory, Options, ClockAt(IssueInstant))) { }
        var e = Assert.Throws<CryptographicException>(() =>
            JpkiAuthorities.LoadOrCreate(_directory, Options with { KeyPassphrase = "wrong guess" }, ClockAt(IssueInstant)));
        Assert.DoesNotContain("wrong guess", e.Message, StringComparison.Ordinal);
        Assert.Contains("wrong passphrase", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOrCreate_EmptyPassphrase_IsRefused_KeyStorage()
    {
        Assert.Throws<ArgumentException>(() =>
            JpkiAuthorities.LoadOrCreate(_directory, new JpkiAuthorityOptions(), ClockAt(IssueInstant)));
    }

    [Fact]
    public void LoadOrCreate_KeyWithoutCertificate_IsRefusedNotRegenerated_KeyStorage()
    {
        using (JpkiAuthorities.LoadOrCreate(_directory, Options, ClockAt(IssueInstant))) { }
        File.Delete(Path.Combine(_directory, "jpki-signature-ca.cer"));
        Assert.Throws<InvalidOperationException>(() => JpkiAuthorities.LoadOrCreate(_directory, Options, ClockAt(IssueInstant)));
        Assert.False(File.Exists(Path.Combine(_directory, "jpki-signature-ca.cer")));
    }

    [Fact]
    public void LoadOrCreate_OptionsNameAnotherOrganization_IsRefused_Interface6()
    {
        var store = new InMemoryCaKeyStore();
        using (JpkiAuthorities.LoadOrCreate(store, new JpkiAuthorityOptions(), ClockAt(IssueInstant))) { }
        Assert.Throws<InvalidOperationException>(() => JpkiAuthorities.LoadOrCreate(
            store, new JpkiAuthorityOptions { OrganizationName = "JPKI-TEST" }, ClockAt(IssueInstant)));
    }

    [Fact]
    public void LoadOrCreate_InvalidOptions_AreRefusedBeforeAnyKeyIsMade_Interface6()
    {
        var store = new InMemoryCaKeyStore();
        Assert.Throws<ArgumentException>(() => JpkiAuthorities.LoadOrCreate(store, new JpkiAuthorityOptions { OrganizationName = " " }, ClockAt(IssueInstant)));
        Assert.Throws<ArgumentException>(() => JpkiAuthorities.LoadOrCreate(store, new JpkiAuthorityOptions { CaKeySizeInBits = 1024 }, ClockAt(IssueInstant)));
        Assert.Throws<ArgumentException>(() => JpkiAuthorities.LoadOrCreate(
            store, new JpkiAuthorityOptions { AuthenticationUnitName = "JPKI for digital signature" }, ClockAt(IssueInstant)));
        Assert.Null(store.Open(CertificateAuthority.KeyLabel(JpkiHierarchy.Signature)));
    }

    [Fact]
    public void Options_ToString_HidesThePassphrase_Standards()
    {
        var text = Options.ToString();
        Assert.DoesNotContain("horse", text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JpkiHierarchy.Signature)]
    [InlineData(JpkiHierarchy.UserAuthentication)]
    public void Chain_EndEntityWithItsRootTrusted_Builds_Interface6(JpkiHierarchy hierarchy)
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        using var ee = IssueFor(authorities, hierarchy);
        using var chain = NewChain(authorities[hierarchy].Certificate);
        Assert.True(chain.Build(ee), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(2, chain.ChainElements.Count);
        Assert.Equal(authorities[hierarchy].Certificate.RawData, chain.ChainElements[1].Certificate.RawData);
    }

    [Theory]
    [InlineData(JpkiHierarchy.Signature)]
    [InlineData(JpkiHierarchy.UserAuthentication)]
    public void Chain_EndEntityWithTheOtherRootTrusted_DoesNotBuild_E1(JpkiHierarchy hierarchy)
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        using var ee = IssueFor(authorities, hierarchy);
        var other = hierarchy == JpkiHierarchy.Signature ? JpkiHierarchy.UserAuthentication : JpkiHierarchy.Signature;
        using var chain = NewChain(authorities[other].Certificate);
        Assert.False(chain.Build(ee));
    }

    private static X509Certificate2 IssueFor(JpkiAuthorities authorities, JpkiHierarchy hierarchy) => hierarchy switch
    {
        JpkiHierarchy.Signature => authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako, Koriyama), new DateOnly(2035, 1, 2)),
        _ => authorities.Authentication.IssueAuthenticationCertificate(
            CardPublicKey, Hanako.BirthDate, Koriyama, new DateOnly(2035, 1, 2)),
    };

    private static X509Chain NewChain(X509Certificate2 trustedRoot)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedRoot);
        // The CRL is a DirName with no fetchable location: the HTTP location is an option.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = IssueInstant.AddDays(1).UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain;
    }

    internal static byte[] TbsOf(X509Certificate2 certificate)
    {
        var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        return outer.ReadEncodedValue().ToArray();
    }

    internal static byte[] SignatureOf(X509Certificate2 certificate)
    {
        var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        outer.ReadEncodedValue();
        outer.ReadSequence();
        return outer.ReadBitString(out _);
    }
}
