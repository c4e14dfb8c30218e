using System.Numerics;
using System.Security.Cryptography;
using Myna.Card.Keys;

namespace Myna.Card.Tests;

/// <summary>COMPUTE DIGITAL SIGNATURE (card-interface §4): padding on the card, PIN per key, schemes.</summary>
public class SignatureTests
{
    private const string Jpki = "00A4040C0AD392F000260100000001 → 9000";
    private const string DigestInfoPrefix = "3031300D060960864801650304020105000420";

    private static byte[] Sign(VirtualCard card, string apduHex)
    {
        var response = card.Send(apduHex);
        Assert.True(response.EndsWith("9000", StringComparison.Ordinal), response[^4..]);
        return Convert.FromHexString(response[..^4]);
    }

    [Theory]
    [InlineData("auth key without PIN", Jpki + "; 00A4020C020017 → 9000; 802A0080033031300 0 → 6982")]
    [InlineData("sign key with auth PIN only", Jpki + "; 002000980431323334 → 9000; 00A4020C02001A → 9000; 802A008003303130 00 → 6982")]
    [InlineData("auth key with sign PIN only", Jpki + "; 0020009B06414243313233 → 9000; 00A4020C020017 → 9000; 802A008003303130 00 → 6982")]
    [InlineData("current EF not a key", Jpki + "; 002000980431323334 → 9000; 00A4020C02000A → 9000; 802A008003303130 00 → 6981")]
    [InlineData("no current EF", Jpki + "; 002000980431323334 → 9000; 802A008003303130 00 → 6986")]
    [InlineData("no data", Jpki + "; 002000980431323334 → 9000; 00A4020C020017 → 9000; 802A0080 → 6700")]
    [InlineData("unknown scheme", Jpki + "; 002000980431323334 → 9000; 00A4020C020017 → 9000; 802A068003303130 00 → 6A86")]
    [InlineData("key by SFI 97", Jpki + "; 002000980431323334 → 9000; 802A009703303130 00 → #256 9000")]
    [InlineData("CLA 00 is not the JPKI sign command", Jpki + "; 002000980431323334 → 9000; 00A4020C020017 → 9000; 002A008003303130 00 → 6D00")]
    [InlineData("verified PIN is lost on AP reselect", Jpki + "; 002000980431323334 → 9000; " + Jpki + "; 00A4020C020017 → 9000; 802A008003303130 00 → 6982")]
    public void Sign_Sequences_AnswerPerCardInterface_Interface4(string name, string script)
    {
        _ = name;
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, script);
    }

    [Theory]
    [InlineData(1, "9000")]
    [InlineData(245, "9000")]
    [InlineData(246, "6700")]
    public void Sign_DataLength_Is1To245_Interface4(int length, string sw)
    {
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, Jpki + "; 002000980431323334 → 9000; 00A4020C020017 → 9000");
        Assert.Equal(sw, card.Sw($"802A0080{length:X2}{new string('A', length * 2)}00"));
    }

    [Fact]
    public void Sign_ArbitraryData_IsType1PaddedOnCard_Interface4()
    {
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, Jpki + "; 002000980431323334 → 9000; 00A4020C020017 → 9000");
        var data = RandomNumberGenerator.GetBytes(100);
        var signature = Sign(card, "802A008064" + Convert.ToHexString(data) + "00");
        // s^e mod n must be EM = 00 01 FF..FF 00 || data (PKCS#1 v1.5 type 1, k = 256).
        var key = TestCards.AuthPublicKey;
        var em = BigInteger.ModPow(
            new BigInteger(signature, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.Exponent, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.Modulus, isUnsigned: true, isBigEndian: true)).ToByteArray(isUnsigned: true, isBigEndian: true);
        var expected = new byte[255];
        expected[0] = 0x01;
        expected.AsSpan(1, 255 - 1 - 1 - data.Length).Fill(0xFF);
        data.CopyTo(expected.AsSpan(255 - data.Length));
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(em));
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x02)]
    [InlineData(0x03)]
    [InlineData(0x04)]
    [InlineData(0x05)]
    public void Sign_OptionalSchemes_VerifyWithFrameworkRsa_Interface4(byte scheme)
    {
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, Jpki + "; 0020009B06414243313233 → 9000; 00A4020C02001A → 9000");
        var message = "scheme test message"u8.ToArray();
        var hash = SHA256.HashData(message);
        var input = scheme is 0x02 or 0x04 ? hash : message;
        var signature = Sign(card, $"802A{scheme:X2}80{input.Length:X2}{Convert.ToHexString(input)}00");
        using var rsa = RSA.Create(TestCards.SignPublicKey);
        var ok = scheme switch
        {
            // 01: SHA-256(data) padded bare, no DigestInfo: check through the raw public operation.
            0x01 => RawEm(signature, TestCards.SignPublicKey).AsSpan().EndsWith(hash),
            0x02 or 0x03 => rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        };
        Assert.True(ok);
    }

    [Fact]
    public void CardRsaKey_FrameworkPathAndBigIntegerPath_GiveTheSameSignature_Interface4()
    {
        using var rsa = RSA.Create(2048);
        using var key = new CardRsaKey(rsa.ExportRSAPrivateKey());
        var digestInfo = Convert.FromHexString(DigestInfoPrefix + Convert.ToHexString(SHA256.HashData("x"u8)));
        Assert.Equal(key.SignPkcs1Type1Raw(digestInfo), key.SignPkcs1Type1(digestInfo));
        Assert.True(rsa.VerifyHash(SHA256.HashData("x"u8), key.SignPkcs1Type1Raw(digestInfo), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void InternalAuthenticate_CommonKey_SignsChallengeWithoutPin_Interface2()
    {
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, "00A4040C0AD3921000310001010100 → 9000");
        var challenge = RandomNumberGenerator.GetBytes(16);
        var signature = Sign(card, "00880099 10" .Replace(" ", "", StringComparison.Ordinal) + Convert.ToHexString(challenge) + "00");
        Assert.EndsWith(Convert.ToHexString(challenge), Convert.ToHexString(RawEm(signature, TestCards.CommonPublicKey)));
    }

    private static byte[] RawEm(byte[] signature, RSAParameters key) =>
        BigInteger.ModPow(
            new BigInteger(signature, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.Exponent, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.Modulus, isUnsigned: true, isBigEndian: true)).ToByteArray(isUnsigned: true, isBigEndian: true);
}
