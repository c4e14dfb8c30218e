using System.Security.Cryptography;

namespace Myna.Card.Tests;

/// <summary>The exact APDU sequences OpenSC 0.23 sends (card-interface §5), replayed against the emulator.</summary>
public class OpenScSequenceTests
{
    private const string SelectJpki = "00A4040C0AD392F000260100000001 → 9000";

    [Theory]
    [InlineData("pkcs15-tool --list-certificates",
        SelectJpki + ";" +
        "00A4020C020018 → 9000; 00200080 → 63C3;" +
        "00A4020C02001B → 9000; 00200080 → 63C5;" +
        "00A4020C02000A → 9000; 00B0000004 → 3082039D9000;" +
        "00B0000000 → #256 9000; 00B0010000 → #256 9000; 00B0020000 → #256 9000; 00B00300A1 → #161 9000;" +
        "00A4020C020001 → 9000; 00B0000004 → 6982;" +
        "00A4020C02000B → 9000; 00B0000004 → 30820510 9000;" +
        "00A4020C020002 → 9000; 00B0000004 → 30820511 9000")]
    [InlineData("pkcs15-tool --read-certificate 02 --verify-pin",
        SelectJpki + ";" +
        "00A4020C02001B → 9000; 0020008006414243313234 → 63C4;" +
        "00A4020C02001B → 9000; 0020008006414243313233 → 9000;" +
        "00A4020C020001 → 9000; 00B0000004 → 30820600 9000; 00B0000000 → #256 9000; 00B0060000 → #4 9000")]
    [InlineData("GET_INFO does not change state",
        SelectJpki + "; 00A4020C020018 → 9000; 00200080 → 63C3; 00200080 → 63C3; 00200080 → 63C3; 00200080 → 63C3")]
    [InlineData("pkcs11-tool -O order",
        SelectJpki + "; 00A4020C02000A → 9000; 00B0000004 → 3082039D9000; 00A4020C020001 → 9000; 00B0000004 → 6982;" +
        "00A4020C02000A → 9000; 00B0000004 → 3082039D9000; 00A4020C02000B → 9000; 00B0000004 → 308205109000;" +
        "00A4020C020002 → 9000; 00B0000004 → 308205119000")]
    public void OpenSc_Sequence_MatchesCapturedTrace_Interface5(string name, string script)
    {
        _ = name;
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, script);
    }

    [Fact]
    public void OpenSc_SignWithAuthKey_VerifiesWithGeneratedPublicKey_Interface5()
    {
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, SelectJpki + "; 00A4020C020018 → 9000; 00200080 → 63C3; 00A4020C020018 → 9000; 00200080 → 63C3;" +
            "00A4020C020018 → 9000; 002000800431323334 → 9000; 00A4020C020017 → 9000");
        var hash = SHA256.HashData("data to sign"u8);
        var response = card.Send("802A008033" + "3031300D060960864801650304020105000420" + Convert.ToHexString(hash) + "00");
        Assert.EndsWith("9000", response);
        var signature = Convert.FromHexString(response[..^4]);
        Assert.Equal(256, signature.Length);
        using var rsa = RSA.Create(TestCards.AuthPublicKey);
        Assert.True(rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void OpenSc_SignWithSignKey_ContextSpecificLogin_Verifies_Interface5()
    {
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, SelectJpki + "; 00A4020C02001B → 9000; 0020008006414243313233 → 9000; 00200080 → 63C5;" +
            "0020008006414243313233 → 9000; 00A4020C02001A → 9000");
        var hash = SHA256.HashData("contract"u8);
        var response = card.Send("802A008033" + "3031300D060960864801650304020105000420" + Convert.ToHexString(hash) + "00");
        using var rsa = RSA.Create(TestCards.SignPublicKey);
        Assert.True(rsa.VerifyHash(hash, Convert.FromHexString(response[..^4]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}
