using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Card.Image;
using Myna.Card.Tests;
using Myna.Issuance.Personalization;
using Myna.Primitives;
using Myna.Reader;
using Myna.Pki;
using Myna.Testing.Pki;

namespace Myna.Issuance.Tests;

/// <summary>One card personalised by <see cref="CardPersonalizer"/>, shared (as an image) by the tests.</summary>
public sealed class PersonalizedCardFixture : IDisposable
{
    public PersonalizedCardFixture()
    {
        using var card = VirtualCard.Manufacture(Store, TestCards.IssuerSpki, TestCards.Serial);
        Result = Personalizer.Personalize(new EmulatorTransport(card), PersonalizerTests.Request());
    }

    // The authorities of a test installation (O=JPKI-TEST, as on J-LIS's test cards), certifying the chip's keys.
    internal TestJpki Jpki { get; } = new(TimeProvider.System, options: new JpkiAuthorityOptions { OrganizationName = "JPKI-TEST" });
    internal ICardCertificateIssuer Certificates => Jpki.CardIssuer(TestHolder.Hanako, TestHolder.Koriyama, new DateOnly(2035, 1, 2));
    public RSA DataKey { get; } = RSA.Create(2048);
    internal InMemoryCardImageStore Store { get; } = new();
    public CardPersonalizer Personalizer => new(TestCards.IssuerKey, Certificates, DataKey);
    public PersonalizationResult Result { get; }

    public void Dispose()
    {
        Jpki.Dispose();
        DataKey.Dispose();
    }
}

/// <summary>The personaliser writes what card-interface §2 says a client reads.</summary>
public sealed class PersonalizerTests(PersonalizedCardFixture fixture) : IClassFixture<PersonalizedCardFixture>
{
    private const string Jpki = "00A4040C0AD392F000260100000001 → 9000";
    private const string Text = "00A4040C0AD3921000310001010408 → 9000";
    private const string Visual = "00A4040C0AD3921000310001010402 → 9000";
    private const string Juki = "00A4040C0AD3921000310001010401 → 9000";
    private const string Common = "00A4040C0AD3921000310001010100 → 9000";

    /// <summary>The MC test card's holder (card-interface §2.2), with PINs.</summary>
    internal static PersonalizationRequest Request(bool signature = true, bool authentication = true, CardFaceImages? images = null) => new(
        MyNumber.Parse("537686677188").Value,
        new BasicFourInformation("黒桐\u3000幹也", "東京都清瀬市観布子南１２－７－２０２", new DateOnly(1980, 2, 17), Sex.Male),
        new DateOnly(2035, 2, 17),
        "13221",
        "2285",
        signature ? Pin.Parse(PinKind.Signature, "abc123").Value : null,
        authentication ? Pin.Parse(PinKind.UserAuthentication, "1234").Value : null,
        Pin.Parse(PinKind.ResidentRegistry, "4321").Value,
        Pin.Parse(PinKind.TextInputAssist, "5678").Value,
        images);

    private VirtualCard Card() => VirtualCard.Open(fixture.Store.Clone());

    private static byte[] Read(VirtualCard card, string apdu)
    {
        var response = card.Send(apdu);
        Assert.True(response.EndsWith("9000", StringComparison.Ordinal), $"{apdu}: {response[^4..]}");
        return Convert.FromHexString(response[..^4]);
    }

    [Fact]
    public void Text_MyNumberAndBasicFour_AreByteExactAsTheRealTestCard_Interface2_2()
    {
        using var card = Card();
        Script.Run(card, Text + "; 002000910435363738 → 9000; 00A4020C020001 → 9000; 00B0000011 → FF100C353337363836363737313838FFFF9000");
        Script.Run(card, "00A4020C020002 → 9000; 00B0000007 → FF2065DF210800 9000");
        Assert.Equal(
            "ff2065df2108000e002000590064df220fe9bb92e6a190e38080e5b9b9e4b99fdf2336e69db1e4baace983bde6b885e780ace5b882e8a6b3e5b883e5ad90e58d97efbc91efbc92efbc8defbc97efbc8defbc92efbc90efbc92df24083139383030323137df250131",
            Convert.ToHexString(Read(card, "00B0000000")).ToLowerInvariant());
    }

    [Fact]
    public void Text_Integrity_HashesAndSignatureCheck_Interface2_2()
    {
        using var card = Card();
        Script.Run(card, Text + "; 00200094 0C353337363836363737313838 → 9000");
        var ef1 = Read(card, "00B0810000");
        Assert.Equal(17, ef1.Length);
        var ef3 = Read(card, "00B08300000000");
        Assert.Equal(336, ef3.Length);
        Assert.Equal("FF3082014BDF3120", Convert.ToHexString(ef3[..8]));
        Assert.Equal(SHA256.HashData(ef1), ef3[8..40]);
        Assert.Equal("DF3220", Convert.ToHexString(ef3[40..43]));
        // 照合番号A opens EF0001 and EF0003 but not EF0002: read it after 照合番号B.
        Script.Run(card, "00B0820000 → 6982; 002000950E3535303231373230333532323835 → 9000");
        var ef2 = Read(card, "00B08200000000");
        Assert.Equal(SHA256.HashData(ef2[14..]), ef3[43..75]); // FF20 value minus DF21: after FF 20 65 and DF21 08 <8>
        Assert.Equal("DF33820100", Convert.ToHexString(ef3[75..80]));
        Assert.True(fixture.DataKey.VerifyData(ef3[5..75], ef3[80..], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Theory]
    [InlineData("text EF0004 CV cert (568 B)", Text + "; 00B08400000000 → #568 9000; 00B0840005 → 7F21820233 9000")]
    [InlineData("text EF0005 basic info", Text + "; 00B0850008 → FF4082009FDF4104 9000; 00B08500000000 → #164 9000")]
    [InlineData("visual EF0004 CV cert", Visual + "; 00B08400000000 → #568 9000")]
    [InlineData("visual EF0003 is free and has the municipality", Visual + "; 00B0830002 → FF30 9000")]
    [InlineData("visual age record after the birth key", Visual + "; 00B0810000 → 6982; 002000910635353032313 7 → 9000; 00B0810005 → FF1082021E9000")]
    [InlineData("visual card face after 照合番号A (MYNA)", Visual + "; 00A4020C020013 → 9000; 002000800C353337363836363737313838 → 9000; 00A4020C020002 → 9000; 00B0000002 → FF20 9000")]
    [InlineData("visual My Number image only after 照合番号A", Visual + "; 002000920E3535303231373230333532323835 → 9000; 00B0850000 → 6982; 002000930C353337363836363737313838 → 9000; 00B0850002 → FF40 9000")]
    [InlineData("common record", Common + "; 00B2010C → 011C" + "313233343536373839303132333435" + "3133323231" + "3230333530323137" + "9000")]
    [InlineData("common PIN", Common + "; 0020009C0434333231 → 9000")]
    [InlineData("住基 PIN", Juki + "; 00A4020C02001C → 9000; 00200080 → 63C3; 002000800434333231 → 9000")]
    [InlineData("JPKI certificate availability", Jpki + "; 00B0880000 → 8F8F009000")]
    [InlineData("signature PIN upper-cased", Jpki + "; 0020009B06414243313233 → 9000")]
    [InlineData("token info label stays", Jpki + "; 00B086000F → 4A504B494150494343544F4B454E32 9000")]
    public void Personalized_Card_AnswersPerCardInterface_Interface2(string name, string script)
    {
        _ = name;
        using var card = Card();
        Script.Run(card, script);
    }

    [Fact]
    public void Visual_CardFace_OffsetsPointAtTheirObjects_AndSignatureCoversDf22ToDf27_Interface2_3()
    {
        using var card = Card();
        Script.Run(card, Visual + "; 002000930C353337363836363737313838 → 9000; 00A4020C020002 → 9000");
        var face = Read(card, "00B00000000000");
        Assert.Equal(0xFF, face[0]);
        Assert.Equal(0x20, face[1]);
        var offsetsAt = Array.IndexOf(face, (byte)0xDF);
        Assert.Equal(0x21, face[offsetsAt + 1]);
        var count = face[offsetsAt + 2] / 2;
        Assert.Equal(9, count);
        for (var i = 0; i < count; i++)
        {
            var offset = (face[offsetsAt + 3 + (2 * i)] << 8) | face[offsetsAt + 4 + (2 * i)];
            Assert.Equal(0xDF, face[offset]);
            Assert.Equal(0x22 + i, face[offset + 1]);
        }
        var df28 = (face[offsetsAt + 3 + 12] << 8) | face[offsetsAt + 4 + 12];
        var df22 = (face[offsetsAt + 3] << 8) | face[offsetsAt + 4];
        Assert.True(fixture.DataKey.VerifyData(face[df22..df28], face[(df28 + 5)..(df28 + 5 + 256)], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal("3230333530323137", Convert.ToHexString(face[(df28 + 5 + 256 + 3)..(df28 + 5 + 256 + 3 + 8)]));
    }

    [Fact]
    public void Jpki_CertificatesOnCard_MatchIssued_AndKeysSignForThem_Interface2_1()
    {
        using var card = Card();
        Script.Run(card, Jpki + "; 00A4020C02000A → 9000");
        Assert.Equal(fixture.Result.AuthenticationCertificate, Read(card, "00B00000000000"));
        Script.Run(card, "0020009B06414243313233 → 9000; 00A4020C020001 → 9000");
        Assert.Equal(fixture.Result.SignatureCertificate, Read(card, "00B00000000000"));
        Script.Run(card, "00A4020C020002 → 9000");
        Assert.Equal(fixture.Certificates.CaCertificate(CertificateKind.Signature), Read(card, "00B00000000000"));

        var hash = SHA256.HashData("e-Tax"u8);
        Script.Run(card, "00A4020C02001A → 9000");
        var signature = Read(card, "802A008033" + "3031300D060960864801650304020105000420" + Convert.ToHexString(hash) + "00");
        using var certificate = X509CertificateLoader.LoadCertificate(fixture.Result.SignatureCertificate!);
        using var publicKey = certificate.GetRSAPublicKey()!;
        Assert.True(publicKey.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Personalize_WithoutSignaturePin_HasNoSignatureCertificateKeyOrPin_P()
    {
        using var card = VirtualCard.Manufacture(new InMemoryCardImageStore(), TestCards.IssuerSpki, TestCards.Serial);
        var result = fixture.Personalizer.Personalize(new EmulatorTransport(card), Request(signature: false));
        Assert.Null(result.SignatureCertificate);
        Assert.NotNull(result.AuthenticationCertificate);
        card.Reset();
        Script.Run(card, Jpki + "; 00B0880000 → 008F009000; 00A4020C020001 → 6A82; 00A4020C02001A → 6A82; 00A4020C02001B → 6A82; 00A4020C020002 → 9000; 002000980431323334 → 9000");
    }

    [Fact]
    public void Personalize_WithoutAuthentication_HasNoAuthCertificate_P4()
    {
        using var card = VirtualCard.Manufacture(new InMemoryCardImageStore(), TestCards.IssuerSpki, TestCards.Serial);
        var result = fixture.Personalizer.Personalize(new EmulatorTransport(card), Request(authentication: false, signature: false,
            images: new CardFaceImages([1, 2], [3], null, [4], [5, 6, 7])));
        Assert.Null(result.AuthenticationCertificate);
        card.Reset();
        Script.Run(card, Jpki + "; 00B0880000 → 0000009000; 00A4020C02000A → 6A82; 00A4020C020018 → 6A82; 00A4020C02000B → 9000");
        Script.Run(card, Visual + "; 002000930C353337363836363737313838 → 9000; 00B0850008 → FF40820219DF41039000");
    }

    [Fact]
    public void ResetPin_BlockedTextPin_WorksAgain_P3()
    {
        var store = fixture.Store.Clone();
        using var card = VirtualCard.Open(store);
        Script.Run(card, Text + "; 002000910430303030 → 63C2; 002000910430303030 → 63C1; 002000910430303030 → 63C0; 002000910435363738 → 6984");
        card.Reset();
        using var pin = Pin.Parse(PinKind.TextInputAssist, "1357").Value;
        fixture.Personalizer.ResetPin(new EmulatorTransport(card), PinKind.TextInputAssist, pin);
        card.Reset();
        Script.Run(card, Text + "; 00200091 → 63C3; 002000910431333537 → 9000");
    }

    [Fact]
    public void ResetPin_ResidentRegistry_SetsBothApPins_P3()
    {
        using var card = Card();
        using var pin = Pin.Parse(PinKind.ResidentRegistry, "9753").Value;
        fixture.Personalizer.ResetPin(new EmulatorTransport(card), PinKind.ResidentRegistry, pin, TestCards.Serial);
        card.Reset();
        Script.Run(card, Juki + "; 0020009C0439373533 → 9000;" + Common + "; 0020009C0439373533 → 9000");
    }

    [Fact]
    public void ReplaceCertificate_NewKeyAndCertificate_OldPinReplaced()
    {
        using var card = Card();
        using var pin = Pin.Parse(PinKind.UserAuthentication, "8642").Value;
        var certificate = fixture.Personalizer.ReplaceCertificate(new EmulatorTransport(card), CertificateKind.UserAuthentication, pin);
        Assert.NotEqual(fixture.Result.AuthenticationCertificate, certificate);
        card.Reset();
        Script.Run(card, Jpki + "; 002000980431323334 → 63C2; 002000980438363432 → 9000; 00A4020C02000A → 9000");
        Assert.Equal(certificate, Read(card, "00B00000000000"));
        var hash = SHA256.HashData("login"u8);
        Script.Run(card, "00A4020C020017 → 9000");
        var signature = Read(card, "802A008033" + "3031300D060960864801650304020105000420" + Convert.ToHexString(hash) + "00");
        using var x509 = X509CertificateLoader.LoadCertificate(certificate);
        Assert.True(x509.GetRSAPublicKey()!.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void RemoveCertificate_Signature_LeavesAvailability00()
    {
        using var card = Card();
        fixture.Personalizer.RemoveCertificate(new EmulatorTransport(card), CertificateKind.Signature);
        card.Reset();
        Script.Run(card, Jpki + "; 00B0880000 → 008F009000; 0020009B → 6A82");
    }

    [Fact]
    public void Request_ToString_HidesNumberAndPins()
    {
        var text = Request().ToString();
        Assert.DoesNotContain("537686677188", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Personalize_WrongPinKindOrCodes_Throws()
    {
        using var card = TestCards.Blank();
        var personalizer = fixture.Personalizer;
        var transport = new EmulatorTransport(card);
        Assert.Throws<ArgumentException>(() => personalizer.Personalize(transport, Request() with { TextInputAssistPin = Pin.Parse(PinKind.ResidentRegistry, "1111").Value }));
        Assert.Throws<ArgumentException>(() => personalizer.Personalize(transport, Request() with { MunicipalityCode = "1322" }));
        Assert.Throws<ArgumentException>(() => personalizer.Personalize(transport, Request() with { SecurityCode = "12a4" }));
    }

    [Fact]
    public void Personalize_WithWrongIssuerKey_FailsWith6300()
    {
        using var card = TestCards.Blank();
        using var otherIssuer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var personalizer = new CardPersonalizer(otherIssuer, fixture.Certificates, fixture.DataKey);
        var ex = Assert.Throws<CardCommandException>(() => personalizer.Personalize(new EmulatorTransport(card), Request()));
        Assert.Equal(0x6300, ex.StatusWord.Value);
    }
}

/// <summary>The flow the CLI runs: manufacture into a file, personalise, close, reopen, use with OpenSC's APDUs.</summary>
public sealed class CardLifecycleTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("myna-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void ManufacturePersonaliseReopen_OnDisk_ServesOpenScSequence()
    {
        var cardPath = Path.Combine(_home, "cards", "card-0001.myna");
        using var jpki = new TestJpki(TimeProvider.System);
        var certificates = jpki.CardIssuer(TestHolder.Hanako, TestHolder.Koriyama, new DateOnly(2035, 1, 2));
        using var dataKey = RSA.Create(2048);
        PersonalizationResult result;
        using (var sealingKey = ChipSealingKey.LoadOrCreate(ChipSealingKey.DefaultPath(_home)))
        using (var card = VirtualCard.Manufacture(new FileCardImageStore(cardPath, sealingKey), TestCards.IssuerSpki, "0000000000000042"))
        {
            // Serial not given: the personaliser reads it with GET DATA 0045.
            result = new CardPersonalizer(TestCards.IssuerKey, certificates, dataKey)
                .Personalize(new EmulatorTransport(card), PersonalizerTests.Request());
        }
        Assert.True(File.Exists(Path.Combine(_home, "keys", "chip-sealing.key")));

        using (var sealingKey = ChipSealingKey.LoadOrCreate(ChipSealingKey.DefaultPath(_home)))
        using (var card = VirtualCard.Open(new FileCardImageStore(cardPath, sealingKey)))
        {
            Assert.False(card.IsErased);
            Assert.Equal("0000000000000042", card.Serial);
            var authLength = result.AuthenticationCertificate!.Length;
            Script.Run(card,
                "00A4040C0AD392F000260100000001 → 9000; 00A4020C020018 → 9000; 00200080 → 63C3; 00A4020C02001B → 9000; 00200080 → 63C5;" +
                $"00A4020C02000A → 9000; 00B0000004 → {Convert.ToHexString(result.AuthenticationCertificate[..4])}9000; 00B0000000 → #256 9000;" +
                $"00B00000000000 → #{authLength} 9000; 00A4020C020001 → 9000; 00B0000004 → 6982; 00B0880000 → 8F8F009000");
            Script.Run(card, "00A4040C0AD3921000310001010100 → 9000; 00B2010C → 011C303030303030303030303030303034313332323132303335303231379000");
        }
    }
}
