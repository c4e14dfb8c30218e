namespace Myna.Reader;

/// <summary>
/// A channel to one card: in-process to the emulator, through PC/SC to any reader, or a scripted fake.
/// </summary>
public interface ICardTransport : IDisposable
{
    /// <summary>A human-readable name of the reader or channel (no personal data).</summary>
    string Name { get; }

    /// <summary>The card's answer to reset.</summary>
    ReadOnlyMemory<byte> Atr { get; }

    /// <summary>Sends one command APDU and returns the whole response APDU, status word included.</summary>
    /// <exception cref="CardTransportException">The channel failed (no card, reader gone …).</exception>
    byte[] Transmit(ReadOnlySpan<byte> commandApdu);
}

/// <summary>The channel to the card failed; what the card answered is never in here.</summary>
public sealed class CardTransportException : Exception
{
    public CardTransportException(string message) : base(message) { }
    public CardTransportException(string message, uint pcscCode) : base(message) => PcscCode = pcscCode;
    public CardTransportException(string message, Exception inner) : base(message, inner) { }
    public CardTransportException() { }

    /// <summary>The PC/SC error code (<c>SCARD_E_…</c>, see <c>PcscError</c>) when PC/SC failed; else null.</summary>
    public uint? PcscCode { get; }
}
