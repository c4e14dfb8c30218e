using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Xunit.Abstractions;

namespace Myna.Documents.Tests;

public class SealTests(ITestOutputHelper output)
{
    [Fact]
    public void Seal_RoundTrips_ThroughTheVerifier()
    {
        var content = Certificates.ResidentRecord();
        var payload = Certificates.KoriyamaSealer.Seal(content);
        Assert.StartsWith(SealPayload.Prefix, payload);
        var result = Certificates.Verifier.Verify(payload);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(SealFailure.None, result.Failure);
        Assert.True(result.Content!.SameAs(content));
        Assert.Equal(Certificates.Koriyama, result.Municipality);
        Assert.Equal(Certificates.KoriyamaSealing.Value.Thumbprint, result.Certificate!.Thumbprint);
        Assert.NotEqual("", result.Reason.Japanese);
    }

    [Fact]
    public void RealisticResidentRecord_FitsTheQrCodeAtLevelM_CapacityLimit()
    {
        var content = Certificates.ResidentRecord();
        var payload = Certificates.KoriyamaSealer.Seal(content);
        var (_, modules) = SealQrCode.Render(payload);
        output.WriteLine($"canonical {content.ToCanonicalBytes().Length} bytes, payload {payload.Length} characters, QR {modules} modules");
        // docs/documents.md §6: the household of four with a 附票 history, about 1,260 characters: version 29 at level M.
        Assert.InRange(payload.Length, 1000, SealQrCode.MaxLengthAtM);
        Assert.Equal(SealQrCode.MaxLengthAtM, 2331);
        Assert.Equal(SealPayload.MaxLength, 2953);
    }

    [Fact]
    public void ContentBeyondTheCapacity_IsRefusedWhenSealed()
    {
        // Random kanji do not compress: 400 rows of them is far beyond a QR code.
        var random = new Random(7);
        string Kanji(int n) => new([.. Enumerable.Range(0, n).Select(_ => (char)random.Next(0x4E00, 0x9FA0))]);
        var content = new CertificateContent(CertificateKind.IncomeAndTax, Certificates.Koriyama, "T-1", Certificates.IssueDate,
            [new CertificateTable("内訳", ["項目", "金額"], [.. Enumerable.Range(0, 400).Select(_ => new[] { Kanji(8), Kanji(4) })])]);
        var e = Assert.Throws<SealCapacityExceededException>(() => Certificates.KoriyamaSealer.Seal(content));
        Assert.True(e.Length > SealPayload.MaxLength);
    }

    public static TheoryData<string> Alterations => new(
        "name", "address digit", "issue date", "kind", "attestation", "table cell", "mayor", "issue number");

    [Theory]
    [MemberData(nameof(Alterations))]
    public void OneCharacterChanged_IsABadSignature(string what)
    {
        var original = Certificates.ResidentRecord();
        var payload = Certificates.KoriyamaSealer.Seal(original);
        var signature = SealPayload.Decode(payload).Signature;
        var altered = Alter(Encoding.UTF8.GetString(original.ToCanonicalBytes()), what);
        var content = CertificateContent.FromCanonicalBytes(Encoding.UTF8.GetBytes(altered));
        Assert.False(content.SameAs(original));
        // The altered content with the original signature, written as a sealer would write it.
        var forged = SealPayload.Encode(content, content.ToCanonicalBytes(), signature);
        var result = Certificates.Verifier.Verify(forged);
        Assert.Equal(SealFailure.BadSignature, result.Failure);
        Assert.False(result.IsValid);
        Assert.Null(result.Municipality);
    }

    private static string Alter(string json, string what)
    {
        (string from, string to) = what switch
        {
            "name" => ("\"番号　一郎\"", "\"番号　二郎\""),
            "address digit" => ("朝日一丁目２３番地", "朝日一丁目２４番地"),
            "issue date" => ("2026-12-06", "2026-12-07"),
            "kind" => ("\"resident-record\"", "\"resident-record-items\""),
            "attestation" => ("相違ない", "相違なき"),
            "table cell" => ("平成１９年１０月１日", "平成１９年１１月１日"),
            "mayor" => ("品川　萬里", "品川　万里"),
            _ => ("R08-072036-000123", "R08-072036-000124"),
        };
        Assert.Contains(from, json);
        var at = json.IndexOf(from, StringComparison.Ordinal);
        return json[..at] + to + json[(at + from.Length)..];
    }

    [Fact]
    public void SignatureWithOneBitFlipped_IsABadSignature()
    {
        var content = Certificates.ResidentRecord();
        var parts = SealPayload.Decode(Certificates.KoriyamaSealer.Seal(content));
        var signature = parts.Signature.ToArray();
        signature[40] ^= 0x01;
        Assert.Equal(SealFailure.BadSignature, Certificates.Verifier.Verify(SealPayload.Encode(content, parts.Canonical, signature)).Failure);
    }

    [Fact]
    public void WithoutTheMunicipalitysCertificate_IsUnknownMunicipality()
    {
        var payload = Certificates.KoriyamaSealer.Seal(Certificates.ResidentRecord());
        var verifier = new SealVerifier(Certificates.Authority.Value.Root, [Certificates.ChiyodaSealing.Value]);
        var result = verifier.Verify(payload);
        Assert.Equal(SealFailure.UnknownMunicipality, result.Failure);
        Assert.Contains("072036", result.Reason.Japanese);
        Assert.Contains("072036", result.Reason.English);
    }

    [Fact]
    public void ContentNamingAnotherMunicipality_SignedWithThisKey_IsABadSignature()
    {
        // Koriyama's key signs a content claiming to be Chiyoda's: the sealer refuses, a hand-made payload is caught.
        var claimed = Certificates.Short(CertificateKind.ResidentRecord, Certificates.Chiyoda);
        Assert.Throws<ArgumentException>(() => Certificates.KoriyamaSealer.Seal(claimed));
        var canonical = claimed.ToCanonicalBytes();
        Assert.Equal(SealFailure.BadSignature, Certificates.Verifier.Verify(SealPayload.Encode(claimed, canonical, SignAsKoriyama(canonical))).Failure);
    }

    [Fact]
    public void CertificateFromAnotherAuthority_IsNotFromAuthority()
    {
        // An impostor authority certifies its own key for Koriyama, same subject, and seals with it.
        using var impostor = SealAuthority.Create("Myna LGPKI stand-in (test)", Certificates.Instant(2020, 1, 1), Certificates.Instant(2040, 1, 1));
        using var forged = impostor.IssueSealingCertificate(Certificates.Koriyama, Certificates.Instant(2025, 1, 1), Certificates.Instant(2030, 1, 1));
        Assert.Equal(Certificates.KoriyamaSealing.Value.Subject, forged.Subject);
        var payload = new DocumentSealer(forged).Seal(Certificates.ResidentRecord());
        var verifier = new SealVerifier(Certificates.Authority.Value.Root, [Certificates.KoriyamaSealing.Value, forged]);
        var result = verifier.Verify(payload);
        Assert.Equal(SealFailure.NotFromAuthority, result.Failure);
        Assert.Contains("authority", result.Reason.English);
        // Trusting the impostor's root instead accepts it: the root is what decides.
        Assert.True(new SealVerifier(impostor.Root, [forged]).Verify(payload).IsValid);
    }

    [Theory]
    [InlineData("expired before the issue date", 2025, 1, 1, 2026, 12, 5)]
    [InlineData("valid only from the day after", 2026, 12, 7, 2029, 1, 1)]
    public void CertificateNotValidOnTheIssueDate_IsRefused(string what, int fromYear, int fromMonth, int fromDay, int toYear, int toMonth, int toDay)
    {
        // The same key in two certificates: one valid on the issue date seals, the other is all the verifier knows.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authority = Certificates.Authority.Value;
        using var valid = authority.IssueSealingCertificate(Certificates.Koriyama, key, Certificates.Instant(2025, 1, 1), Certificates.Instant(2030, 1, 1));
        using var other = authority.IssueSealingCertificate(Certificates.Koriyama, key,
            Certificates.Instant(fromYear, fromMonth, fromDay), Certificates.Instant(toYear, toMonth, toDay));
        var payload = new DocumentSealer(valid.CopyWithPrivateKey(key)).Seal(Certificates.ResidentRecord());
        var result = new SealVerifier(authority.Root, [other]).Verify(payload);
        Assert.Equal(SealFailure.CertificateNotValidOnIssueDate, result.Failure);
        Assert.Contains("令和8年12月6日", result.Reason.Japanese);
        Assert.Contains("2026-12-06", result.Reason.English);
        Assert.NotNull(what);
    }

    [Fact]
    public void CertificateExpiredSinceTheIssueDate_StillVerifies()
    {
        // Issued on 2020-06-01 under a certificate that ended in 2021: the paper stays genuine.
        var authority = Certificates.Authority.Value;
        using var old = authority.IssueSealingCertificate(Certificates.Koriyama, Certificates.Instant(2020, 1, 1), Certificates.Instant(2021, 1, 1));
        var payload = new DocumentSealer(old).Seal(Certificates.ResidentRecord(issueDate: new DateOnly(2020, 6, 1)));
        Assert.True(new SealVerifier(authority.Root, [old]).Verify(payload).IsValid);
    }

    [Fact]
    public void Sealer_RefusesAnIssueDateOutsideItsCertificate()
    {
        var e = Assert.Throws<ArgumentException>(() => Certificates.KoriyamaSealer.Seal(Certificates.ResidentRecord(issueDate: new DateOnly(2031, 1, 1))));
        Assert.Contains("2031-01-01", e.Message);
    }

    [Fact]
    public void Sealer_RefusesACertificateWithoutTheSealingUsage()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=福島県郡山市, SERIALNUMBER=072036", key, HashAlgorithmName.SHA256);
        using var plain = request.CreateSelfSigned(Certificates.Instant(2025, 1, 1), Certificates.Instant(2030, 1, 1));
        Assert.Throws<ArgumentException>(() => new DocumentSealer(plain));
    }

    [Fact]
    public void SealingCertificate_NamesTheMunicipalityAndCarriesTheProfile()
    {
        var certificate = Certificates.KoriyamaSealing.Value;
        Assert.Contains("CN=福島県郡山市", certificate.Subject);
        Assert.Contains("072036", certificate.Subject);
        Assert.Equal(Certificates.Authority.Value.Root.Subject, certificate.Issuer);
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, keyUsage.KeyUsages);
        Assert.True(keyUsage.Critical);
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(SealAuthority.DocumentSealingUsage, Assert.Single(eku.EnhancedKeyUsages.Cast<Oid>()).Value);
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    public static TheoryData<string, string> MalformedPayloads => new()
    {
        { "empty", "" },
        { "another text", "https://example.jp/" },
        { "another version", "MYNADOC2:AAAA" },
        { "lower-case prefix", "mynadoc1:AAAA" },
        { "not base64url", SealPayload.Prefix + "!!!!" },
        { "standard base64 signs", SealPayload.Prefix + "ab+/" },
        { "padding", SealPayload.Prefix + "AA==" },
        { "an impossible length", SealPayload.Prefix + "AAAAA" },
        { "nothing after the prefix", SealPayload.Prefix },
        { "zero-length issue number", SealPayload.Prefix + new string('A', 200) },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void MalformedPayload_IsMalformed_WithBothReasons(string what, string payload)
    {
        var result = Certificates.Verifier.Verify(payload);
        Assert.Equal(SealFailure.Malformed, result.Failure);
        Assert.Null(result.Content);
        Assert.NotEqual("", result.Reason.Japanese);
        Assert.NotEqual("", result.Reason.English);
        Assert.NotNull(what);
    }

    [Fact]
    public void Null_IsMalformed() => Assert.Equal(SealFailure.Malformed, Certificates.Verifier.Verify(null).Failure);

    [Fact]
    public void EveryTruncation_IsMalformed()
    {
        var payload = Certificates.KoriyamaSealer.Seal(Certificates.ResidentRecord());
        for (var length = 0; length < payload.Length - 1; length++)
        {
            var result = Certificates.Verifier.Verify(payload[..length]);
            Assert.True(result.Failure == SealFailure.Malformed, $"cut at {length}: {result}");
        }
    }

    [Fact]
    public void RandomBytes_AreMalformed()
    {
        var random = new Random(1);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            var payload = SealPayload.Prefix + Base64Url(bytes);
            Assert.Equal(SealFailure.Malformed, Certificates.Verifier.Verify(payload).Failure);
        }
    }

    [Fact]
    public void MutatedPayloads_NeverThrow_AndNeverVerifyOtherContent()
    {
        var content = Certificates.ResidentRecord();
        var payload = Certificates.KoriyamaSealer.Seal(content);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var random = new Random(2);
        var failures = new Dictionary<SealFailure, int>();
        for (var i = 0; i < 1000; i++)
        {
            var chars = payload.ToCharArray();
            var at = random.Next(SealPayload.Prefix.Length, chars.Length);
            chars[at] = alphabet[random.Next(alphabet.Length)];
            var result = Certificates.Verifier.Verify(new string(chars));
            failures[result.Failure] = failures.GetValueOrDefault(result.Failure) + 1;
            // A change that leaves the bytes as they were (the same character, or the last one's unused bits) is still
            // the same content; no change makes other content valid.
            if (result.IsValid)
                Assert.True(result.Content!.SameAs(content));
        }
        output.WriteLine(string.Join(", ", failures.Select(f => $"{f.Key} {f.Value}")));
        Assert.True(failures.GetValueOrDefault(SealFailure.BadSignature) > 0);
        Assert.True(failures.GetValueOrDefault(SealFailure.Malformed) > 0);
    }

    [Fact]
    public void DecompressionBomb_IsMalformed_BeforeItIsRead()
    {
        // 64 bytes of header and signature, then a DEFLATE stream of 10 MB of spaces: about 10 kB on the wire.
        var content = Certificates.ResidentRecord();
        var issueNumber = Encoding.UTF8.GetBytes(content.IssueNumber);
        using var bytes = new MemoryStream();
        bytes.WriteByte((byte)issueNumber.Length);
        bytes.Write(issueNumber);
        bytes.Write("072036"u8);
        bytes.Write(new byte[SealPayload.SignatureLength]);
        using (var deflate = new DeflateStream(bytes, CompressionLevel.SmallestSize, leaveOpen: true))
            deflate.Write(new byte[10_000_000].Select(_ => (byte)' ').ToArray());
        var text = SealPayload.Prefix + Base64Url(bytes.ToArray());
        // Too long for a QR code anyway: the length limit and the inflation cap are each checked.
        var result = Certificates.Verifier.Verify(text);
        Assert.Equal(SealFailure.Malformed, result.Failure);
        Assert.Throws<DocumentFormatException>(() => SealPayload.Decode(text));

        // Within the length limit: 1 MB of spaces is ~1 kB compressed.
        bytes.SetLength(1 + issueNumber.Length + 6 + SealPayload.SignatureLength);
        using (var deflate = new DeflateStream(bytes, CompressionLevel.SmallestSize, leaveOpen: true))
            deflate.Write(Enumerable.Repeat((byte)' ', 1_000_000).ToArray());
        text = SealPayload.Prefix + Base64Url(bytes.ToArray());
        Assert.True(text.Length <= SealPayload.MaxLength, $"{text.Length}");
        var e = Assert.Throws<DocumentFormatException>(() => SealPayload.Decode(text));
        Assert.Contains("inflates to more than", e.Message);
        Assert.Equal(SealFailure.Malformed, Certificates.Verifier.Verify(text).Failure);
    }

    [Fact]
    public void IssueNumberOutsideTheContent_MustBeTheContents()
    {
        var content = Certificates.ResidentRecord();
        var parts = SealPayload.Decode(Certificates.KoriyamaSealer.Seal(content));
        var other = Certificates.ResidentRecord("R08-072036-999999");
        // The outer issue number of `other`, the inner content of `content`.
        var text = SealPayload.Encode(other, parts.Canonical, parts.Signature);
        var result = Certificates.Verifier.Verify(text);
        Assert.Equal(SealFailure.Malformed, result.Failure);
        Assert.Contains("issue number", result.Reason.English);
    }

    [Fact]
    public void NonCanonicalContent_IsMalformed_EvenIfSigned()
    {
        // A signer that wrote spaces into the JSON: the verifier reads only canonical forms.
        var content = Certificates.ResidentRecord();
        var loose = Encoding.UTF8.GetBytes("{ " + Encoding.UTF8.GetString(content.ToCanonicalBytes())[1..]);
        var result = Certificates.Verifier.Verify(SealPayload.Encode(content, loose, SignAsKoriyama(loose)));
        Assert.Equal(SealFailure.Malformed, result.Failure);
        Assert.Contains("canonical", result.Reason.English);
    }

    [Fact]
    public void FailureReasons_AreBilingualAndDistinct()
    {
        var content = Certificates.ResidentRecord();
        var reasons = new[]
        {
            SealVerification.Malformed("x").Reason, SealVerification.UnknownMunicipality(content).Reason,
            SealVerification.BadSignature(content).Reason, SealVerification.NotFromAuthority(content).Reason,
            SealVerification.NotValidOnIssueDate(content).Reason, SealVerification.Valid(content, Certificates.KoriyamaSealing.Value).Reason,
        };
        Assert.All(reasons, r => Assert.Matches(@"[\u3040-\u30FF\u4E00-\u9FFF]", r.Japanese));
        // English throughout, but for the municipality's name.
        Assert.All(reasons, r => Assert.Matches(@"^[\x20-\x7E]+$", r.English.Replace(content.Municipality.Name, "", StringComparison.Ordinal)));
        Assert.Equal(reasons.Length, reasons.Select(r => r.Japanese).Distinct().Count());
        Assert.Equal(reasons.Length, reasons.Select(r => r.English).Distinct().Count());
    }

    [Fact]
    public void ManySeals_InParallel_AllVerify()
    {
        var sealer = Certificates.KoriyamaSealer;
        var verifier = Certificates.Verifier;
        var results = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8)
            .Select(i =>
            {
                var content = Certificates.ResidentRecord($"P-{i:D4}");
                var result = verifier.Verify(sealer.Seal(content));
                return result.IsValid && result.Content!.IssueNumber == $"P-{i:D4}";
            })
            .ToList();
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Authority_SavedWithItsKey_IssuesCertificatesThatChainToTheSameRoot()
    {
        using var saved = Certificates.Authority.Value.RootWithPrivateKey();
        using var reopened = SealAuthority.Open(X509CertificateLoader.LoadPkcs12(saved.Export(X509ContentType.Pkcs12, "pw"), "pw"));
        Assert.Equal(Certificates.Authority.Value.Root.Thumbprint, reopened.Root.Thumbprint);
        Assert.False(reopened.Root.HasPrivateKey);
        using var certificate = reopened.IssueSealingCertificate(Certificates.Chiyoda, Certificates.Instant(2025, 1, 1), Certificates.Instant(2030, 1, 1));
        var payload = new DocumentSealer(certificate).Seal(Certificates.Short(CertificateKind.SealRegistration, Certificates.Chiyoda));
        Assert.True(new SealVerifier(Certificates.Authority.Value.Root, [certificate]).Verify(payload).IsValid);
    }

    /// <summary>Koriyama's sealing key signs <paramref name="canonical"/> as the sealer would, whatever the bytes are.</summary>
    private static byte[] SignAsKoriyama(byte[] canonical)
    {
        using var key = Certificates.KoriyamaSealing.Value.GetECDsaPrivateKey()!;
        return key.SignData(SealPayload.SignedMessage(canonical), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    // Written here rather than taken from SealPayload, so that the tests' payloads do not lean on the code under test.
    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
