namespace Myna.Card.Tests;

/// <summary>SELECT, MF rules, probes of other OpenSC drivers, class/instruction errors (card-interface §1, §5).</summary>
public class SelectionTests
{
    [Theory]
    [InlineData("JPKI AP", "00A4040C0AD392F000260100000001", "9000")]
    [InlineData("text AP", "00A4040C0AD3921000310001010408", "9000")]
    [InlineData("visual AP", "00A4040C0AD3921000310001010402", "9000")]
    [InlineData("住基 AP", "00A4040C0AD3921000310001010401", "9000")]
    [InlineData("common AP", "00A4040C0AD3921000310001010100", "9000")]
    [InlineData("FCI on request", "00A404000AD392F00026010000000100", "6F0C840AD392F0002601000000019000")]
    [InlineData("P2=00 without Le: no FCI", "00A404000AD392F000260100000001", "9000")]
    [InlineData("PIV probe", "00A404000BA00000030800001000010000", "6A82")]
    [InlineData("OpenPGP probe", "00A4040006D2760001240100", "6A82")]
    [InlineData("sc-hsm probe", "00A404000BE82B0601040181C31F020100", "6A82")]
    [InlineData("truncated JPKI AID", "00A4040C09D392F0002601000000", "6A82")]
    [InlineData("MF by FID", "00A4000C023F00", "6A82")]
    [InlineData("MF by FID, P1=02", "00A4020C023F00", "6A82")]
    [InlineData("select MF after reset", "00A40000", "6A86")]
    [InlineData("path select", "00A4080C043F000001", "6A82")]
    [InlineData("EF without an AP", "00A4020C02000A", "6A82")]
    [InlineData("setcos GET DATA probe", "00CADF3005", "6A88")]
    [InlineData("esteid2018 probe", "00CB3FFF035C017E08", "6D00")]
    [InlineData("GET DATA ATR", "00CA5F5100", "E000FF8131FE45149000")]
    [InlineData("GET DATA card id", "00CA004500", "313233343536373839303132333435369000")]
    [InlineData("GET DATA unknown tag", "00CA00FF00", "6A88")]
    [InlineData("GET DATA municipality", "00CA00F000", "31333232319000")]
    [InlineData("GET DATA expiry", "00CA00F200", "32303335303231379000")]
    [InlineData("unknown INS", "00FF0000", "6D00")]
    [InlineData("unknown proprietary INS", "80FF0000", "6D00")]
    [InlineData("unknown CLA", "A0A4000C023F00", "6E00")]
    [InlineData("SELECT with bad P1", "00A4070C023F00", "6A86")]
    [InlineData("three bytes", "00A400", "6700")]
    [InlineData("Lc longer than data", "00A4040C0AD392", "6700")]
    [InlineData("READ BINARY, no current EF", "00B0000004", "6986")]
    [InlineData("VERIFY, no AP", "00200080", "6986")]
    [InlineData("VERIFY by SFI, no AP", "00200098", "6A82")]
    public void Select_OnFreshCard_AnswersPerCardInterface_Interface1(string name, string command, string expected)
    {
        using var card = TestCards.PersonalisedCard();
        Assert.True(card.Send(command) == expected, $"{name}: {card.Send(command)}");
    }

    [Theory]
    [InlineData("after an AP: MF select changes nothing", "00A4040C0AD392F000260100000001 → 9000; 00A40000 → 9000; 00A4020C02000A → 9000; 00B0000004 → 3082039D9000")]
    [InlineData("foreign SELECT keeps the AP", "00A4040C0AD392F000260100000001 → 9000; 00A4040006D2760001240100 → 6A82; 00A4020C02000A → 9000")]
    [InlineData("EF of another AP is absent", "00A4040C0AD3921000310001010408 → 9000; 00A4020C02000A → 6A82")]
    [InlineData("absent EF", "00A4040C0AD392F000260100000001 → 9000; 00A4020C020009 → 6A82")]
    [InlineData("PIN and key EFs are selectable", "00A4040C0AD392F000260100000001 → 9000; 00A4020C020018 → 9000; 00A4020C020017 → 9000; 00A4020C02001A → 9000; 00A4020C02001B → 9000")]
    [InlineData("GET DATA inside an AP", "00A4040C0AD392F000260100000001 → 9000; 00CA5F5100 → 6A88")]
    [InlineData("SELECT EF with 1-byte FID", "00A4040C0AD392F000260100000001 → 9000; 00A4020C0100 → 6700")]
    public void Select_Sequences_AnswerPerCardInterface_Interface1(string name, string script)
    {
        _ = name;
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, script);
    }

    [Fact]
    public void Atr_IsTheRealCardsContactAtr_Interface5()
    {
        using var card = TestCards.Blank();
        Assert.Equal("3BE000FF8131FE4514", Convert.ToHexString(card.Atr.Span));
    }

    [Fact]
    public void GetChallenge_ReturnsLeRandomBytes_Interface4()
    {
        using var card = TestCards.Blank();
        Script.Run(card, "0084000008 → #8 9000; 0084000000 → #256 9000; 00840000 → 6700; 0084010008 → 6A86");
        Assert.NotEqual(card.Send("0084000010"), card.Send("0084000010"));
    }
}
