using Myna.Reader.Remote;

namespace Myna.Reader.Tests;

/// <summary>
/// Any reader channel seen as a chip, for the vpcd bridge: APDUs pass through; a failed channel is answered 6F00 and
/// reported (never thrown at the bridge); reset and power-off reach a card that can take them.
/// </summary>
public sealed class CardTransportChipTests
{
    private sealed class FakeTransport : IResettableCardTransport
    {
        public bool Fails { get; set; }
        public List<string> Seen { get; } = [];
        public string Name => "fake";
        public ReadOnlyMemory<byte> Atr => new byte[] { 0x3B, 0x00 };

        public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
        {
            Seen.Add(Convert.ToHexString(commandApdu));
            return Fails ? throw new CardTransportException("gone") : [0x90, 0x00];
        }

        public void Reset() => Seen.Add(Fails ? throw new CardTransportException("gone") : "reset");

        public void PowerOff() => Seen.Add("off");

        public void Dispose() { }
    }

    [Fact]
    public void Relays_Apdus_Atr_AndControls()
    {
        var transport = new FakeTransport();
        var chip = new CardTransportChip(transport);
        Assert.Equal("3B00", Convert.ToHexString(chip.Atr.Span));
        Assert.Equal("9000", Convert.ToHexString(chip.Transmit(Convert.FromHexString("00A4040C"))));
        chip.Reset();
        chip.PowerOff();
        Assert.Equal(["00A4040C", "reset", "off"], transport.Seen);
    }

    [Fact]
    public void AFailedChannel_IsAnswered6F00_AndReported_NeverThrown()
    {
        var transport = new FakeTransport { Fails = true };
        var chip = new CardTransportChip(transport);
        var failures = new List<CardTransportException>();
        chip.Failed += (_, e) => failures.Add(e);
        Assert.Equal("6F00", Convert.ToHexString(chip.Transmit(Convert.FromHexString("00A4040C"))));
        chip.Reset();
        Assert.Equal(2, failures.Count);
    }
}
