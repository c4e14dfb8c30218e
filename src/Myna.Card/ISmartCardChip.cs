namespace Myna.Card;

/// <summary>
/// A contact IC chip as a reader sees it: an ATR after power-on, then command APDUs in, response
/// APDUs out. The emulator implements it; the vpcd bridge and the in-process transport drive it.
/// </summary>
/// <remarks>
/// <see cref="Transmit"/> never throws for any byte string: a malformed command gets a status word.
/// Implementations are safe to call from several threads; commands are processed one at a time.
/// </remarks>
public interface ISmartCardChip
{
    /// <summary>The answer to reset (ISO/IEC 7816-3), e.g. <c>3B E0 00 FF 81 31 FE 45 14</c>.</summary>
    ReadOnlyMemory<byte> Atr { get; }

    /// <summary>Processes one command APDU and returns the response APDU (data ‖ SW1 SW2).</summary>
    byte[] Transmit(ReadOnlySpan<byte> commandApdu);

    /// <summary>Warm reset: clears the current application, the current EF and every verified PIN.</summary>
    void Reset();

    /// <summary>Power off: as <see cref="Reset"/>; the next command comes after a power-on.</summary>
    void PowerOff();
}
