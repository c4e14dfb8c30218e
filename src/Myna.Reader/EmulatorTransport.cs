using Myna.Card;

namespace Myna.Reader;

/// <summary>The in-process transport: APDUs go straight to an emulated chip.</summary>
public sealed class EmulatorTransport(ISmartCardChip chip, string name = "emulator") : ICardTransport
{
    public string Name => name;

    public ReadOnlyMemory<byte> Atr => chip.Atr;

    public byte[] Transmit(ReadOnlySpan<byte> commandApdu) => chip.Transmit(commandApdu);

    public void Dispose()
    {
        // The chip belongs to whoever made it (it may stay attached elsewhere).
    }
}
