using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Primitives;
using Myna.Reader.Tests.Fakes;

namespace Myna.Reader.Tests;

public sealed class MynaCardClientTests : IClassFixture<MynaCardClientTests.Card>
{
    /// <summary>RSA key generation is slow; one personalised card for the class, a fresh chip state per test.</summary>
    public sealed class Card : IDisposable
    {
        public TestCard Value { get; } = new();
        public void Dispose() => Value.Dispose();
    }

    private readonly TestCard _card;
    private readonly ScriptedChip _chip;
    private readonly MynaCardClient _client;

    public MynaCardClientTests(Card card)
    {
        _card = card.Value;
        // Reset the PINs the previous test may have used up.
        foreach (var app in _card.State.Applications)
        {
            foreach (var pin in app.Pins.Values)
                pin.TriesLeft = pin.MaxTries;
        }
        _card.State.Applications[0].Pins[JpkiFiles.SignaturePin].Value = "ABC123"u8.ToArray();
        _chip = _card.NewChip();
        _client = new MynaCardClient(new EmulatorTransport(_chip));
    }

    private static Pin P(PinKind kind, string text) => Pin.Parse(kind, text).Value;

    [Fact]
    public void ReadFreeCertificates_ReturnsWhatTheCardHolds()
    {
        using var auth = _client.ReadAuthenticationCertificate();
        using var authCa = _client.ReadAuthenticationCaCertificate();
        using var signCa = _client.ReadSignatureCaCertificate();
        Assert.Equal(_card.AuthenticationCertificate.RawData, auth.RawData);
        Assert.Equal(_card.AuthenticationCa.RawData, authCa.RawData);
        Assert.Equal(_card.SignatureCa.RawData, signCa.RawData);
    }

    [Fact]
    public void ReadCertificate_UsesSelectThen256ByteChunks_Interface5()
    {
        using var _ = _client.ReadAuthenticationCertificate();
        Assert.Equal("00A4040C0AD392F000260100000001", _chip.Log[0]);
        Assert.Equal("00A4020C02000A", _chip.Log[1]);
        Assert.Equal("00B0000000", _chip.Log[2]);
        Assert.Equal("00B0010000", _chip.Log[3]);
    }

    [Fact]
    public void ReadSignatureCertificate_WithoutPin_Is6982_WithPin_Works()
    {
        var e = Assert.Throws<CardCommandException>(() => _client.ReadSignatureCertificate());
        Assert.Equal(0x6982, e.StatusWord.Value);

        Assert.True(_client.VerifyPin(P(PinKind.Signature, TestCard.SignaturePin)).IsVerified);
        using var cert = _client.ReadSignatureCertificate();
        Assert.Equal(_card.SignatureCertificate.RawData, cert.RawData);
    }

    [Fact]
    public void ReadBinary_EfEndingOnChunkBoundary_StopsAt6B00_Interface4()
    {
        var content = RandomNumberGenerator.GetBytes(512);
        _card.State.Applications[0].Files[0x0009] = new FakeFile(content);
        try
        {
            Assert.Equal(content, _client.ReadBinary(CardApplication.Jpki, 0x0009));
            Assert.Equal("00B0020000", _chip.Log[^1]);
        }
        finally
        {
            _card.State.Applications[0].Files.Remove(0x0009);
        }
    }

    [Fact]
    public void GetPinStatus_ReportsTriesWithoutUsingThem_Interface3()
    {
        Assert.Equal(new PinStatus(3), _client.GetPinStatus(PinKind.UserAuthentication));
        Assert.Equal(new PinStatus(5), _client.GetPinStatus(PinKind.Signature));
        Assert.Equal(new PinStatus(3), _client.GetPinStatus(PinKind.UserAuthentication));
        Assert.Equal("00200080", _chip.Log[^1]);
    }

    [Fact]
    public void VerifyPin_ThreeWrongAuthenticationPins_Block_P()
    {
        var wrong = P(PinKind.UserAuthentication, "9999");
        Assert.Equal(PinVerificationResult.Wrong(2), _client.VerifyPin(wrong));
        Assert.Equal(PinVerificationResult.Wrong(1), _client.VerifyPin(wrong));
        Assert.Equal(PinVerificationResult.Blocked, _client.VerifyPin(wrong));
        Assert.True(_client.GetPinStatus(PinKind.UserAuthentication).IsBlocked);
        // Even the right PIN is refused now (6984), and it is a value, not an exception.
        Assert.Equal(PinVerificationOutcome.Blocked,
            _client.VerifyPin(P(PinKind.UserAuthentication, TestCard.AuthenticationPin)).Outcome);
        Assert.Equal("002000800431323334", _chip.Log[^1]);
    }

    [Fact]
    public void VerifyPin_RightPin_ResetsCounter_P()
    {
        Assert.Equal(PinVerificationResult.Wrong(4), _client.VerifyPin(P(PinKind.Signature, "WRONG1")));
        Assert.True(_client.VerifyPin(P(PinKind.Signature, "abc123")).IsVerified); // clients upper-case (card-interface §3)
        Assert.Equal(new PinStatus(5), _client.GetPinStatus(PinKind.Signature));
    }

    [Fact]
    public void ChangePin_ThenOldFailsAndNewWorks()
    {
        var result = _client.ChangePin(P(PinKind.Signature, TestCard.SignaturePin), P(PinKind.Signature, "NEWPW99"));
        Assert.True(result.IsVerified);
        Assert.Equal("00240180074E455750573939", _chip.Log[^1]);
        _client.SelectApplication(CardApplication.Jpki);
        Assert.Equal(PinVerificationOutcome.WrongPin, _client.VerifyPin(P(PinKind.Signature, TestCard.SignaturePin)).Outcome);
        Assert.True(_client.VerifyPin(P(PinKind.Signature, "NEWPW99")).IsVerified);
    }

    [Fact]
    public void ChangePin_WrongCurrentPin_ReturnsWrongAndChangesNothing()
    {
        var result = _client.ChangePin(P(PinKind.Signature, "WRONG1"), P(PinKind.Signature, "NEWPW99"));
        Assert.Equal(PinVerificationResult.Wrong(4), result);
        Assert.DoesNotContain(_chip.Log, c => c.StartsWith("0024", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(JpkiKey.UserAuthentication, PinKind.UserAuthentication, TestCard.AuthenticationPin, "00A4020C020017")]
    [InlineData(JpkiKey.Signature, PinKind.Signature, TestCard.SignaturePin, "00A4020C02001A")]
    public void SignDigest_AfterPin_VerifiesWithCertificate_Interface4(JpkiKey key, PinKind kind, string pin, string selectKey)
    {
        var digest = SHA256.HashData("hello"u8);
        Assert.True(_client.VerifyPin(P(kind, pin)).IsVerified);
        var signature = _client.SignDigest(key, digest);

        Assert.Equal(256, signature.Length);
        Assert.Equal(selectKey, _chip.Log[^2]);
        Assert.Equal("802A008033" + "3031300D060960864801650304020105000420" + Convert.ToHexString(digest) + "00", _chip.Log[^1]);
        var cert = key == JpkiKey.Signature ? _card.SignatureCertificate : _card.AuthenticationCertificate;
        using var rsa = cert.GetRSAPublicKey()!;
        Assert.True(rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void SignDigest_WithoutPin_Is6982()
    {
        var e = Assert.Throws<CardCommandException>(() => _client.SignDigest(JpkiKey.UserAuthentication, new byte[32]));
        Assert.Equal(0x6982, e.StatusWord.Value);
    }

    [Fact]
    public void SignDigest_AfterReselect_PinIsForgotten_Interface1()
    {
        Assert.True(_client.VerifyPin(P(PinKind.UserAuthentication, TestCard.AuthenticationPin)).IsVerified);
        _client.SelectApplication(CardApplication.Jpki);
        Assert.Throws<CardCommandException>(() => _client.SignDigest(JpkiKey.UserAuthentication, new byte[32]));
    }

    [Fact]
    public void ReadMyNumberAndBasicFour_AfterTextPin_Interface2_2()
    {
        Assert.True(_client.VerifyPin(P(PinKind.TextInputAssist, TestCard.TextPin)).IsVerified);
        Assert.Equal("537686677188", _client.ReadMyNumber().Reveal());
        var info = _client.ReadBasicFourInformation();
        Assert.Equal("黒桐　幹也", info.Name);
        Assert.Equal("東京都清瀬市観布子南１２－７－２０２", info.Address);
        Assert.Equal(new DateOnly(1980, 2, 17), info.BirthDate);
        Assert.Equal(Sex.Male, info.Sex);
        // 7 bytes, then the rest (104 − 7 = 97 = 0x61) by the TLV length.
        Assert.Equal(["00A4020C020002", "00B0000007", "00B0000761"], _chip.Log[^3..]);
    }

    [Fact]
    public void ReadMyNumber_WithoutPin_Is6982()
    {
        _client.SelectApplication(CardApplication.TextInputAssist);
        var e = Assert.Throws<CardCommandException>(() => _client.ReadMyNumber());
        Assert.Equal(0x6982, e.StatusWord.Value);
        Assert.DoesNotContain("5376", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCommonRecord_ParsesSerialMunicipalityExpiry_Interface2_4()
    {
        var record = _client.ReadCommonRecord();
        Assert.Equal(new CommonApRecord("123456789012345", "13221", new DateOnly(2030, 2, 17)), record);
        Assert.Equal("00B2010400", _chip.Log[^1]);
    }

    [Fact]
    public void SelectApplication_UnknownToCard_ThrowsWithStatusWord()
    {
        var chip = new ScriptedChip(new ChipState());
        var client = new MynaCardClient(new EmulatorTransport(chip));
        var e = Assert.Throws<CardCommandException>(() => client.SelectApplication(CardApplication.Jpki));
        Assert.Equal(0x6A82, e.StatusWord.Value);
        Assert.Null(client.CurrentApplication);
    }
}
