namespace Myna.Card.Tests;

/// <summary>READ BINARY / READ RECORD and the read rules of each AP (card-interface §2, §4).</summary>
public class ReadTests
{
    private const string Jpki = "00A4040C0AD392F000260100000001 → 9000";
    private const string Text = "00A4040C0AD3921000310001010408 → 9000";
    private const string Visual = "00A4040C0AD3921000310001010402 → 9000";
    private const string Juki = "00A4040C0AD3921000310001010401 → 9000";
    private const string Common = "00A4040C0AD3921000310001010100 → 9000";
    private const string CommonRecordHex = "011C3132333435363738393031323334353133323231323033353032313790 00";

    [Theory]
    [InlineData("sign cert needs sign PIN", Jpki + "; 00A4020C020001 → 9000; 00B0000004 → 6982; 0020009B06414243313233 → 9000; 00B0000004 → 308206009000")]
    [InlineData("auth PIN does not open sign cert", Jpki + "; 002000980431323334 → 9000; 00A4020C020001 → 9000; 00B0000004 → 6982")]
    [InlineData("PIN stays verified across EF selects", Jpki + "; 0020009B06414243313233 → 9000; 00A4020C02000A → 9000; 00A4020C020001 → 9000; 00B0000004 → 308206009000")]
    [InlineData("key EF not readable", Jpki + "; 00A4020C020017 → 9000; 00B0000004 → 6981")]
    [InlineData("key EF not readable after PIN", Jpki + "; 002000980431323334 → 9000; 00A4020C020017 → 9000; 00B0000000 → 6981")]
    [InlineData("PIN EF not readable", Jpki + "; 00A4020C020018 → 9000; 00B0000004 → 6981")]
    [InlineData("no current EF", Jpki + "; 00B0000004 → 6986")]
    [InlineData("offset at end", Jpki + "; 00A4020C02000A → 9000; 00B003A101 → 6B00")]
    [InlineData("offset past end", Jpki + "; 00A4020C02000A → 9000; 00B0100001 → 6B00")]
    [InlineData("last byte", Jpki + "; 00A4020C02000A → 9000; 00B003A001 → #1 9000")]
    [InlineData("Le=00 is 256", Jpki + "; 00A4020C02000A → 9000; 00B0000000 → #256 9000")]
    [InlineData("Le beyond the end is cut", Jpki + "; 00A4020C02000A → 9000; 00B0039000 → #17 9000")]
    [InlineData("extended Le reads the whole EF", Jpki + "; 00A4020C02000A → 9000; 00B0000000FFFF → #929 9000")]
    [InlineData("SFI form, extended Le 65536 (jsapdu)", Jpki + "; 00B08A00000000 → #929 9000")]
    [InlineData("SFI form makes the EF current", Jpki + "; 00B08A0004 → 3082039D9000; 00B0000204 → #4 9000")]
    [InlineData("SFI form, absent EF", Jpki + "; 00B0890004 → 6A82")]
    [InlineData("SFI form, bad P1 bits", Jpki + "; 00B0CA0004 → 6A86")]
    [InlineData("READ BINARY with data", Jpki + "; 00A4020C02000A → 9000; 00B0000001FF → 6700")]
    [InlineData("READ BINARY without Le", Jpki + "; 00A4020C02000A → 9000; 00B00000 → 6700")]
    [InlineData("token info label", Jpki + "; 00A4020C020006 → 9000; 00B0000020 → 4A504B494150494343544F4B454E3220202020202020202020202020202020209000")]
    [InlineData("token info is 160 bytes", Jpki + "; 00B0860000 → #160 9000")]
    [InlineData("certificate availability", Jpki + "; 00A4020C020008 → 9000; 00B0000000 → 8F8F009000")]
    [InlineData("text My Number needs PIN", Text + "; 00A4020C020001 → 9000; 00B0000011 → 6982")]
    [InlineData("text My Number after 0011", Text + "; 002000910435363738 → 9000; 00A4020C020001 → 9000; 00B0000011 → FF100C313233343536373839303138FFFF9000")]
    [InlineData("text My Number after 照合番号A", Text + "; 00200094 0C313233343536373839303138 → 9000; 00B0810011 → FF100C313233343536373839303138FFFF9000")]
    [InlineData("text My Number not after 照合番号B", Text + "; 002000950E3535303231373230333532323835 → 9000; 00B0810011 → 6982")]
    [InlineData("text 4 info after 照合番号B, 7 then rest (MYNA)", Text + "; 002000950E3535303231373230333532323835 → 9000; 00B0820007 → FF2065DF210800 9000; 00B0000761 → #97 9000")]
    [InlineData("text CV cert is free", Text + "; 00B0840004 → 308200109000")]
    [InlineData("visual card face needs 照合番号", Visual + "; 00A4020C020002 → 9000; 00B0000000 → 6982; 002000930C313233343536373839303138 → 9000; 00B0000000 → FF2003DF22009000")]
    [InlineData("visual basic info is free", Visual + "; 00B0830000 → FF30009000")]
    [InlineData("common AP record, current EF", Common + "; 00A4020C020001 → 9000; 00B2010400 → " + CommonRecordHex)]
    [InlineData("common AP record, SFI 1 (MYNA)", Common + "; 00B2010C → " + CommonRecordHex)]
    [InlineData("record 2 absent", Common + "; 00B2020C → 6A83")]
    [InlineData("READ BINARY of a record EF", Common + "; 00A4020C020001 → 9000; 00B0000000 → 6981")]
    [InlineData("READ RECORD of a transparent EF", Jpki + "; 00A4020C02000A → 9000; 00B2010400 → 6981")]
    [InlineData("READ RECORD bad P2", Common + "; 00B2010000 → 6A86")]
    [InlineData("住基 key reference record", Juki + "; 00B20114 → 000000000000000000000000000000009000")]
    [InlineData("INTERNAL AUTHENTICATE in the common AP", Common + "; 008800990801020304050607080 0 → #256 9000")]
    [InlineData("INTERNAL AUTHENTICATE with an auth key without PIN", Jpki + "; 008800970401020304 → 6982")]
    public void Read_Sequences_AnswerPerCardInterface_Interface2(string name, string script)
    {
        _ = name;
        using var card = TestCards.PersonalisedCard();
        Script.Run(card, script);
    }
}
