using Myna.Card;
using Myna.Primitives;
using Myna.Reader.Tests.Fakes;

namespace Myna.Reader.Tests;

/// <summary>
/// The face-recognition terminal's read of the visual AP (券面事項確認AP, card-interface §2.3): 照合番号B from the card's
/// face opens EF 0002 with the photo; a wrong one is counted by the chip and reported with the tries left, then blocks.
/// </summary>
public sealed class CardFaceReadingTests : IDisposable
{
    private const string RightB = "55021720302285"; // Showa 55-02-17, expiry 2030, security code 2285
    private readonly PersonalisedVirtualCard _card = new();

    public void Dispose() => _card.Dispose();

    private static CollationNumberB B(string digits) => CollationNumberB.Parse(digits).Value;

    [Fact]
    public void CollationNumberB_IsTheEraBirthDate_TheExpiryYear_AndTheSecurityCode_Interface3()
    {
        using var made = CollationNumberB.Of(PersonalisedVirtualCard.Holder.BirthDate, PersonalisedVirtualCard.CardExpiry, PersonalisedVirtualCard.SecurityCode);
        Assert.Equal(RightB, System.Text.Encoding.ASCII.GetString(made.AsciiBytes));
        Assert.DoesNotContain("5502", made.ToString(), StringComparison.Ordinal);
        Assert.True(CollationNumberB.Parse("550217-2030-2285").Success);
        Assert.False(CollationNumberB.Parse("5502172030228").Success);   // 13 digits
        Assert.False(CollationNumberB.Parse("5502172030228X").Success);
        Assert.False(CollationNumberB.Parse("55131720302285").Success);  // month 13
    }

    [Fact]
    public void ReadCardFace_WithTheRightCollationNumberB_GivesTheFaceAndItsPhoto_Interface2_3()
    {
        var transport = new RecordingTransport(new EmulatorTransport(_card.StartChip()));
        var reading = new MynaCardClient(transport).ReadCardFace(B(RightB));

        Assert.True(reading.Succeeded);
        Assert.True(reading.Collation.IsVerified);
        var face = reading.Face!;
        Assert.Equal(new DateOnly(1980, 2, 17), face.BirthDate);
        Assert.Equal(Sex.Male, face.Sex);
        Assert.Equal(PersonalisedVirtualCard.CardExpiry, face.CardExpiry);
        Assert.Equal(PersonalisedVirtualCard.Photo, face.Photo);
        Assert.Equal(PersonalisedVirtualCard.NameImage, face.NameImage);
        Assert.Equal(256, face.Signature.Length);
        Assert.DoesNotContain("137", face.ToString(), StringComparison.Ordinal);

        // As the text AP's EF 0002 is read: SELECT AP, SELECT EF 0012, VERIFY, SELECT EF 0002, 7 bytes, then the rest.
        Assert.Equal("00A4040C0AD3921000310001010402", transport.Sent[0]);
        Assert.Equal("00A4020C020012", transport.Sent[1]);
        Assert.Equal("002000800E" + Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(RightB)), transport.Sent[2]);
        Assert.Equal("00A4020C020002", transport.Sent[3]);
        Assert.Equal("00B0000007", transport.Sent[4]);
        Assert.StartsWith("00B00007", transport.Sent[5], StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVisualCardFace_BeforeCollationNumberB_IsRefusedByTheChip_Interface2_3()
    {
        var client = new MynaCardClient(new EmulatorTransport(_card.StartChip()));
        var e = Assert.Throws<CardCommandException>(client.ReadVisualCardFace);
        Assert.Equal(0x6982, e.StatusWord.Value);
    }

    [Fact]
    public void AWrongCollationNumberB_CountsDown_TheRightOneResetsTheCount_Interface3()
    {
        var client = new MynaCardClient(new EmulatorTransport(_card.StartChip()));
        var wrong = client.ReadCardFace(B("55021720302286"));
        Assert.False(wrong.Succeeded);
        Assert.Equal(PinVerificationResult.Wrong(CollationNumberB.MaxTries - 1), wrong.Collation);
        Assert.Equal(PinVerificationResult.Wrong(CollationNumberB.MaxTries - 2), client.ReadCardFace(B("55021720312285")).Collation);
        Assert.True(client.ReadCardFace(B(RightB)).Succeeded);
        Assert.Equal(PinVerificationResult.Wrong(CollationNumberB.MaxTries - 1), client.VerifyCollationNumberB(B("55021720302286")));
    }

    [Fact]
    public void TenWrongCollationNumbersB_BlockIt_EvenForTheRightOne_AfterARestart_Interface3()
    {
        var client = new MynaCardClient(new EmulatorTransport(_card.StartChip()));
        using var wrong = B("01010120302285");
        for (var left = CollationNumberB.MaxTries - 1; left > 0; left--)
            Assert.Equal(PinVerificationResult.Wrong(left), client.VerifyCollationNumberB(wrong));
        Assert.Equal(PinVerificationResult.Blocked, client.VerifyCollationNumberB(wrong));

        var restarted = new MynaCardClient(new EmulatorTransport(_card.StartChip()));
        var reading = restarted.ReadCardFace(B(RightB));
        Assert.False(reading.Succeeded);
        Assert.Equal(PinVerificationOutcome.Blocked, reading.Collation.Outcome);
        // The JPKI PINs are other objects: untouched.
        Assert.Equal(new PinStatus(3), restarted.GetPinStatus(PinKind.UserAuthentication));
    }

    [Fact]
    public void ParseCardFace_MissingAnElement_SaysWhich_Interface2_3()
    {
        byte[] broken = [0xFF, 0x20, 0x0F, 0xDF, 0x22, 0x08, .. "19800217"u8, 0xDF, 0x23, 0x01, (byte)'1'];
        var e = Assert.Throws<CardDataFormatException>(() => VisualApRecords.ParseCardFace(broken));
        Assert.Contains("DF24", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Passes the APDUs on and keeps them in hex.</summary>
    private sealed class RecordingTransport(ICardTransport inner) : ICardTransport
    {
        public List<string> Sent { get; } = [];
        public string Name => inner.Name;
        public ReadOnlyMemory<byte> Atr => inner.Atr;

        public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
        {
            Sent.Add(Convert.ToHexString(commandApdu));
            return inner.Transmit(commandApdu);
        }

        public void Dispose() => inner.Dispose();
    }
}
