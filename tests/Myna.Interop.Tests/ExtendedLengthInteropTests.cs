using Myna.Card;
using Myna.Reader.Pcsc;

namespace Myna.Interop.Tests;

/// <summary>
/// Extended-length responses through pcscd and vpcd (card-interface §4: the JS client reads a whole EF with one extended
/// READ BINARY), proving the 64 KiB receive buffer of <see cref="PcscTransport"/>.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class ExtendedLengthInteropTests(PcscdFixture pcsc) : IAsyncLifetime
{
    public async Task InitializeAsync() => await pcsc.InsertAsync(new EchoLengthChip());

    public Task DisposeAsync() => pcsc.RemoveAsync();

    [Theory]
    [InlineData(256)]
    [InlineData(2000)]
    [InlineData(4096)]
    public void PcscTransport_ExtendedLe_ReceivesWholeResponse(int length)
    {
        using var transport = PcscTransport.Connect(pcsc.ReaderName);
        // 00 B0 00 00 | 00 Le1 Le2 (case 2E)
        var response = transport.Transmit([0x00, 0xB0, 0x00, 0x00, 0x00, (byte)(length >> 8), unchecked((byte)length)]);
        Assert.Equal(length + 2, response.Length);
        Assert.Equal([0x90, 0x00], response[^2..]);
        for (var i = 0; i < length; i++)
            Assert.Equal(unchecked((byte)i), response[i]);
    }

    /// <summary>Answers any READ BINARY with as many bytes as Le asks (0, 1, 2, …), short or extended.</summary>
    private sealed class EchoLengthChip : ISmartCardChip
    {
        public ReadOnlyMemory<byte> Atr { get; } = Convert.FromHexString("3BE000FF8131FE4514");

        public byte[] Transmit(ReadOnlySpan<byte> c)
        {
            int le = c.Length switch
            {
                5 => c[4] == 0 ? 256 : c[4],
                7 when c[4] == 0 => (c[5] << 8) | c[6],
                _ => -1,
            };
            if (c.Length < 4 || c[1] != 0xB0 || le <= 0)
                return [0x6D, 0x00];
            var r = new byte[le + 2];
            for (var i = 0; i < le; i++)
                r[i] = unchecked((byte)i);
            r[^2] = 0x90;
            return r;
        }

        public void Reset() { }
        public void PowerOff() { }
    }
}
