using System.Security.Cryptography;
using Myna.Card.Apdu;
using Myna.Card.Issuer;
using Myna.Issuance.Personalization;
using Myna.Reader;

namespace Myna.Card.Tests;

/// <summary>The issuer protocol (docs/card.md §2).</summary>
public class IssuerTests
{
    private const string Jpki = "00A4040C0AD392F000260100000001 → 9000";

    private static string Authenticate(VirtualCard card, ECDsa key, string serial)
    {
        var challenge = Convert.FromHexString(card.Send("0084000020")[..^4]);
        var signature = IssuerAuthentication.Sign(key, serial, challenge);
        return card.Sw("0082000140" + Convert.ToHexString(signature));
    }

    [Theory]
    [InlineData("PUT FILE", "80D6000A0130")]
    [InlineData("GENERATE KEY PAIR", "8046000000000200170000")]
    [InlineData("DELETE FILE", "80E4000A")]
    [InlineData("SET PIN", "802C00180431323334")]
    [InlineData("TERMINATE CARD", "80FE0000")]
    public void IssuerCommand_WithoutIssuerSession_Is6982(string name, string apdu)
    {
        _ = name;
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, Jpki + $"; {apdu} → 6982");
    }

    [Fact]
    public void ExternalAuthenticate_WrongKeyOrSerial_Is6300AndUsesUpChallenge()
    {
        using var card = TestCards.PersonalisedCard();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal("6300", Authenticate(card, other, TestCards.Serial));
        Assert.Equal("6300", Authenticate(card, TestCards.IssuerKey, "9999999999999999"));
        Script.Run(card, Jpki + "; 80D6000A0130 → 6982");
        // The challenge is used up either way: a replay of the same signature finds no challenge.
        var challenge = Convert.FromHexString(card.Send("0084000020")[..^4]);
        var signature = Convert.ToHexString(IssuerAuthentication.Sign(TestCards.IssuerKey, TestCards.Serial, challenge));
        Assert.Equal("9000", card.Sw("0082000140" + signature));
        Assert.Equal("6985", card.Sw("0082000140" + signature));
        Assert.Equal("6985", card.Sw("0082000140" + new string('0', 128)));
    }

    [Theory]
    [InlineData("bad P1P2", "0082000040", "6A86")]
    public void ExternalAuthenticate_Errors(string name, string apdu, string sw)
    {
        _ = name;
        using var card = TestCards.Blank();
        Assert.Equal(sw, card.Sw(apdu));
    }

    [Fact]
    public void ExternalAuthenticate_NoChallenge_Is6985()
    {
        using var card = TestCards.Blank();
        Assert.Equal("6985", card.Sw("0082000140" + new string('0', 128)));
    }

    [Theory]
    [InlineData("key FID not a key of the AP", Jpki + "; 8046000000000200180000 → 6A82")]
    [InlineData("GENERATE with wrong P1P2", Jpki + "; 8046010000000200170000 → 6A86")]
    [InlineData("PUT FILE onto a PIN", Jpki + "; 80D600180130 → 6981")]
    [InlineData("PUT FILE onto EF0008", Jpki + "; 80D600080130 → 6981")]
    [InlineData("PUT FILE without AP", "80D6000A0130 → 6985")]
    [InlineData("PUT then read", Jpki + "; 80D6000C03AABBCC → 9000; 00A4020C02000C → 9000; 00B0000000 → AABBCC9000")]
    [InlineData("DELETE absent", Jpki + "; 80E4000C → 6A82")]
    [InlineData("DELETE cert updates EF0008", Jpki + "; 80E4000A → 9000; 00A4020C02000A → 6A82; 00B0880000 → 8F00009000")]
    [InlineData("DELETE PIN makes it absent", Jpki + "; 80E40018 → 9000; 00A4020C020018 → 6A82; 00200098 → 6A82")]
    [InlineData("DELETE signature cert, key and PIN", Jpki + "; 80E40001 → 9000; 80E4001A → 9000; 80E4001B → 9000; 00A4020C02001B → 6A82; 0020009B → 6A82")]
    [InlineData("DELETE key", Jpki + "; 80E40017 → 9000; 00A4020C020017 → 6A82")]
    [InlineData("SET PIN wrong format", Jpki + "; 802C00180431323341 → 6A80")]
    [InlineData("SET PIN short sign PIN", Jpki + "; 802C001B054142433132 → 6A80")]
    [InlineData("SET PIN absent PIN FID", Jpki + "; 802C000A0431323334 → 6A82")]
    [InlineData("SET PIN unblocks", Jpki + "; 002000980430303030 → 63C2; 802C00180439393939 → 9000; 00200098 → 63C3; 002000980439393939 → 9000")]
    public void IssuerCommand_InSession_AnswersPerContract(string name, string script)
    {
        _ = name;
        using var card = TestCards.PersonalisedCard();
        Assert.Equal("9000", Authenticate(card, TestCards.IssuerKey, TestCards.Serial));
        Script.Run(card, script);
    }

    [Fact]
    public void DeletePin_StaysDeleted_AfterTheChipIsOpenedAgain()
    {
        var store = TestCards.PersonalisedStore();
        using (var card = VirtualCard.Open(store))
        {
            Assert.Equal("9000", Authenticate(card, TestCards.IssuerKey, TestCards.Serial));
            Script.Run(card, Jpki + "; 80E4001B → 9000; 00A4020C02001B → 6A82");
        }
        using var reopened = VirtualCard.Open(store);
        Script.Run(reopened, Jpki + "; 00A4020C02001B → 6A82; 0020009B → 6A82");
    }

    [Fact]
    public void GenerateKeyPair_ReplacesKey_AndSignaturesFollowTheNewKey()
    {
        using var card = TestCards.PersonalisedCard();
        var issuer = new CardIssuerClient(new EmulatorTransport(card));
        issuer.Authenticate(TestCards.IssuerKey, TestCards.Serial);
        issuer.Select(CardApplication.Jpki);
        var fresh = issuer.GenerateKeyPair(JpkiFiles.AuthenticationKey);
        Assert.Equal(256, fresh.Modulus!.Length);
        Assert.Equal("010001", Convert.ToHexString(fresh.Exponent!));
        Assert.NotEqual(Convert.ToHexString(TestCards.AuthPublicKey.Modulus!), Convert.ToHexString(fresh.Modulus));
        Script.Run(card, "002000980431323334 → 9000; 00A4020C020017 → 9000");
        var hash = SHA256.HashData("after rekey"u8);
        var response = card.Send("802A008033" + "3031300D060960864801650304020105000420" + Convert.ToHexString(hash) + "00");
        using var rsa = RSA.Create(fresh);
        Assert.True(rsa.VerifyHash(hash, Convert.FromHexString(response[..^4]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Terminate_ThenEveryCommand_Is6A81_EvenAfterReopen()
    {
        var store = TestCards.PersonalisedStore();
        using (var card = VirtualCard.Open(store))
        {
            var issuer = new CardIssuerClient(new EmulatorTransport(card));
            issuer.Authenticate(TestCards.IssuerKey, TestCards.Serial);
            issuer.Terminate();
            Assert.True(card.IsTerminated);
            Script.Run(card, "00A4040C0AD392F000260100000001 → 6A81; 0084000008 → 6A81; 00 → 6A81; FFFFFFFF → 6A81");
            var ex = Assert.Throws<CardCommandException>(() => issuer.Select(CardApplication.Jpki));
            Assert.Equal(StatusWord.FunctionNotSupported, ex.StatusWord);
        }
        using var reopened = VirtualCard.Open(store);
        Assert.True(reopened.IsTerminated);
        Assert.Empty(reopened.State.Applications);
        Script.Run(reopened, "00A4040C0AD392F000260100000001 → 6A81");
    }

    [Fact]
    public void IssuerSession_IsClearedByReset()
    {
        using var card = TestCards.PersonalisedCard();
        Assert.Equal("9000", Authenticate(card, TestCards.IssuerKey, TestCards.Serial));
        card.Reset();
        Script.Run(card, Jpki + "; 80D6000C0130 → 6982");
    }

    [Fact]
    public void Manufacture_RejectsBadSerialOrKeyOrExistingCard()
    {
        Assert.Throws<ArgumentException>(() => VirtualCard.Manufacture(new InMemoryStoreAlias(), TestCards.IssuerSpki, "123"));
        using var rsa = RSA.Create(2048);
        Assert.Throws<ArgumentException>(() => VirtualCard.Manufacture(new InMemoryStoreAlias(), rsa.ExportSubjectPublicKeyInfo(), TestCards.Serial));
        Assert.Throws<InvalidOperationException>(() => VirtualCard.Manufacture(TestCards.PersonalisedStore(), TestCards.IssuerSpki, TestCards.Serial));
    }

    private sealed class InMemoryStoreAlias : Image.ICardImageStore
    {
        private readonly Image.InMemoryCardImageStore _inner = new();
        public bool Exists => _inner.Exists;
        public byte[] Read() => _inner.Read();
        public void Write(string serial, ReadOnlySpan<byte> state) => _inner.Write(serial, state);
    }
}
