using Myna.Card.Image;
using Myna.Issuance.Personalization;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.Card.Tests;

/// <summary>PIN counters (rules P, P3; card-interface §3).</summary>
public class PinTests
{
    private const string Jpki = "00A4040C0AD392F000260100000001";
    private const string Text = "00A4040C0AD3921000310001010408";
    private const string Visual = "00A4040C0AD3921000310001010402";
    private const string Juki = "00A4040C0AD3921000310001010401";
    private const string Common = "00A4040C0AD3921000310001010100";

    [Theory]
    [InlineData("signature 001B", Jpki, "001B", 5, "ABC123", "ZZZ999")]
    [InlineData("authentication 0018", Jpki, "0018", 3, "1234", "0000")]
    [InlineData("text 0011", Text, "0011", 3, "5678", "0000")]
    [InlineData("住基 001C", Juki, "001C", 3, "4321", "0000")]
    [InlineData("共通 001C", Common, "001C", 3, "4321", "0000")]
    public void Verify_WrongPinRepeated_LocksAfterMaxTriesThen6984_P(string name, string ap, string fid, int tries, string right, string wrong)
    {
        _ = name;
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, $"{ap} → 9000; 00A4020C02{fid} → 9000; 00200080 → 63C{tries:X}");
        for (var left = tries - 1; left >= 0; left--)
            Assert.Equal($"63C{left:X}", card.Sw(ChipExtensions.VerifyApdu(wrong)));
        // Every attempt after the one that exhausted the counter: 6984, the right PIN included (card-interface §3).
        Assert.Equal("6984", card.Sw(ChipExtensions.VerifyApdu(wrong)));
        Assert.Equal("6984", card.Sw(ChipExtensions.VerifyApdu(right)));
        Assert.Equal("63C0", card.Sw("00200080"));
    }

    [Theory]
    [InlineData("authentication", Jpki, "0018", 3, "1234")]
    [InlineData("signature", Jpki, "001B", 5, "ABC123")]
    [InlineData("text", Text, "0011", 3, "5678")]
    public void Verify_RightPinBeforeLock_ResetsCounter_P3(string name, string ap, string fid, int tries, string right)
    {
        _ = name;
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, $"{ap} → 9000; 00A4020C02{fid} → 9000");
        for (var i = 1; i < tries; i++)
            Assert.Equal($"63C{tries - i:X}", card.Sw(ChipExtensions.VerifyApdu(right == "ABC123" ? "ABC124" : "9999")));
        Assert.Equal("9000", card.Sw(ChipExtensions.VerifyApdu(right)));
        Assert.Equal($"63C{tries:X}", card.Sw("00200080"));
    }

    [Theory]
    [InlineData("auth PIN info", Jpki + " → 9000; 00A4020C020018 → 9000; 00200080 → 63C3")]
    [InlineData("query after success still 63Cx", Jpki + " → 9000; 00A4020C020018 → 9000; 002000800431323334 → 9000; 00200080 → 63C3")]
    [InlineData("VERIFY by SFI 98 without SELECT", Jpki + " → 9000; 002000980431323334 → 9000; 00200098 → 63C3")]
    [InlineData("VERIFY by SFI 9B", Jpki + " → 9000; 0020009B06414243313233 → 9000")]
    [InlineData("VERIFY by SFI 91 text PIN", Text + " → 9000; 002000910435363738 → 9000")]
    [InlineData("VERIFY by SFI 95 照合番号B", Text + " → 9000; 002000950E3535303231373230333532323835 → 9000")]
    [InlineData("wrong length counts as wrong", Jpki + " → 9000; 00A4020C020018 → 9000; 0020008003313233 → 63C2")]
    [InlineData("wrong charset counts as wrong", Jpki + " → 9000; 00A4020C020018 → 9000; 002000800431323341 → 63C2")]
    [InlineData("lower-case signature PIN is wrong", Jpki + " → 9000; 00A4020C02001B → 9000; 0020008006616263313233 → 63C4")]
    [InlineData("VERIFY current EF not a PIN", Jpki + " → 9000; 00A4020C02000A → 9000; 00200080 → 6981")]
    [InlineData("VERIFY bad P1", Jpki + " → 9000; 00A4020C020018 → 9000; 00200180 → 6A86")]
    [InlineData("VERIFY bad P2", Jpki + " → 9000; 00200001 → 6A86")]
    [InlineData("VERIFY absent SFI", Jpki + " → 9000; 00200099 → 6A82")]
    [InlineData("text 0012 ships blocked", Text + " → 9000; 00A4020C020012 → 9000; 00200080 → 63C0; 002000800431323334 → 6984")]
    [InlineData("visual birth key", Visual + " → 9000; 00A4020C020011 → 9000; 00200080 → 63CA; 0020008006353530323137 → 9000")]
    [InlineData("re-selecting the AP clears verified PINs", Jpki + " → 9000; 0020009B06414243313233 → 9000; 00A4020C020001 → 9000; 00B0000004 → 308206009000; " + Jpki + " → 9000; 00A4020C020001 → 9000; 00B0000004 → 6982")]
    [InlineData("change auth PIN", Jpki + " → 9000; 00A4020C020018 → 9000; 002000800431323334 → 9000; 002401800439393939 → 9000; 002000800431323334 → 63C2; 002000800439393939 → 9000")]
    [InlineData("change needs VERIFY", Jpki + " → 9000; 00A4020C020018 → 9000; 002401800439393939 → 6982")]
    [InlineData("change: new PIN of wrong format", Jpki + " → 9000; 00A4020C020018 → 9000; 002000800431323334 → 9000; 00240180053939393939 → 6A80")]
    [InlineData("change sign PIN to 16 chars", Jpki + " → 9000; 00A4020C02001B → 9000; 0020008006414243313233 → 9000; 0024018010" + "41424344454647484950515253545556 → 9000; 002000801041424344454647484950515253545556 → 9000")]
    [InlineData("JICSAP change 住基 PIN", Juki + " → 9000; 00A4020C02001C → 9000; 002000800434333231 → 9000; 803200800431313131 → 9000; 002000800431313131 → 9000")]
    [InlineData("住基 PIN: ISO change refused", Juki + " → 9000; 00A4020C02001C → 9000; 002000800434333231 → 9000; 002401800431313131 → 6985")]
    [InlineData("照合番号A not changeable by the holder", Text + " → 9000; 00A4020C020014 → 9000; 002000800C313233343536373839303138 → 9000; 002401800C313233343536373839303137 → 6985")]
    public void Verify_Sequences_AnswerPerCardInterface_P(string name, string script)
    {
        _ = name;
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, script);
    }

    [Fact]
    public void Verify_UnsetPinOnBlankCard_AnswersAbsent_Interface3()
    {
        using var card = TestCards.Blank();
        Script.Run(card, $"{Jpki} → 9000; 00A4020C020018 → 6A82; 00200098 → 6A82; 002000980431323334 → 6A82; 00A4020C020017 → 6A82; 00A4020C020008 → 9000; 00B0000003 → 0000009000");
    }

    [Fact]
    public void Verify_WrongPin_SurvivesReopenOfTheImage_P3()
    {
        var store = TestCards.PersonalisedStore();
        using (var card = VirtualCard.Open(store))
            Script.Run(card, $"{Jpki} → 9000; 00A4020C020018 → 9000; 002000800430303030 → 63C2");
        // A restart (new chip object on the same image) keeps the count: nothing resets over time (P3).
        using (var card = VirtualCard.Open(store))
            Script.Run(card, $"{Jpki} → 9000; 00A4020C020018 → 9000; 00200080 → 63C2; 002000800430303030 → 63C1");
        using (var card = VirtualCard.Open(store))
            Script.Run(card, $"{Jpki} → 9000; 00200098 → 63C1; 002000980430303030 → 63C0");
        using (var card = VirtualCard.Open(store))
            Script.Run(card, $"{Jpki} → 9000; 00200098 → 63C0; 002000980431323334 → 6984");
    }

    [Fact]
    public void Verify_Reset_ClearsVerifiedButNotCounter_P3()
    {
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, $"{Jpki} → 9000; 0020009B06414243313234 → 63C4; 0020009B06414243313233 → 9000; 0020009B06414243313234 → 63C4");
        card.Reset();
        Script.Run(card, $"{Jpki} → 9000; 0020009B → 63C4; 00A4020C020001 → 9000; 00B0000004 → 6982");
    }

    [Fact]
    public void BlockedPin_ResetOnlyByIssuerSetPin_P3()
    {
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, $"{Jpki} → 9000; 00A4020C020018 → 9000; 002000800430303030 → 63C2; 002000800430303030 → 63C1; 002000800430303030 → 63C0; 002000800431323334 → 6984");
        // The holder cannot change a blocked PIN: CHANGE needs a VERIFY first.
        Script.Run(card, "002401800439393939 → 6982");
        var issuer = new CardIssuerClient(new EmulatorTransport(card));
        issuer.Authenticate(TestCards.IssuerKey, TestCards.Serial);
        issuer.Select(CardApplication.Jpki);
        using var newPin = Pin.Parse(PinKind.UserAuthentication, "2468").Value;
        issuer.SetPin(JpkiFiles.AuthenticationPin, newPin);
        Script.Run(card, "00A4020C020018 → 9000; 00200080 → 63C3; 002000800431323334 → 63C2; 002000800432343638 → 9000; 00200080 → 63C3");
    }

    [Fact]
    public void Verify_EachTry_IsWrittenBeforeTheAnswer_P3()
    {
        var store = new InMemoryCardImageStore();
        using (var card = VirtualCard.Manufacture(store, TestCards.IssuerSpki, TestCards.Serial))
        {
            var issuer = new CardIssuerClient(new EmulatorTransport(card));
            issuer.Authenticate(TestCards.IssuerKey, TestCards.Serial);
            issuer.Select(CardApplication.Jpki);
            issuer.SetPinBytes(JpkiFiles.AuthenticationPin, "1234"u8);
            var before = store.WriteCount;
            Assert.Equal("63C2", card.Sw("002000980430303030"));
            Assert.Equal(before + 1, store.WriteCount);
            // A right entry: the try is written first (anti-tearing), then the reset.
            Assert.Equal("9000", card.Sw("002000980431323334"));
            Assert.Equal(before + 3, store.WriteCount);
            // Queries write nothing.
            Assert.Equal("63C3", card.Sw("00200098"));
            Assert.Equal(before + 3, store.WriteCount);
        }
    }
}

/// <summary>The chip's fixed retry maxima and the domain's PIN policy must agree (P).</summary>
public class PinLimitTests
{
    [Theory]
    [InlineData(CardApplication.Jpki, JpkiFiles.SignaturePin, Myna.Primitives.PinKind.Signature)]
    [InlineData(CardApplication.Jpki, JpkiFiles.AuthenticationPin, Myna.Primitives.PinKind.UserAuthentication)]
    [InlineData(CardApplication.TextInputAssist, TextApFiles.Pin, Myna.Primitives.PinKind.TextInputAssist)]
    [InlineData(CardApplication.ResidentRegistry, ResidentRegistryApFiles.Pin, Myna.Primitives.PinKind.ResidentRegistry)]
    [InlineData(CardApplication.Common, ResidentRegistryApFiles.Pin, Myna.Primitives.PinKind.ResidentRegistry)]
    public void ChipRetryLimit_MatchesPinPolicy_P(CardApplication application, ushort fid, Myna.Primitives.PinKind kind)
    {
        var definition = Files.ApplicationLayout.For(application).Pins[fid];
        var policy = Myna.Primitives.PinPolicy.For(kind);
        Assert.Equal(policy.MaxTries, definition.MaxTries);
        Assert.Equal(policy.MinLength, definition.Format.MinLength);
        Assert.Equal(policy.MaxLength, definition.Format.MaxLength);
        Assert.Equal(policy.AllowsLetters, definition.Format.AllowsUpperLetters);
    }
}
