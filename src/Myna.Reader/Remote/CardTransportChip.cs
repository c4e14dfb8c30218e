using Myna.Card;

namespace Myna.Reader.Remote;

/// <summary>
/// Any <see cref="ICardTransport"/> seen as a chip, so that the vpcd bridge can put it into pcscd's virtual reader:
/// PC/SC software on this machine then talks to the card behind the transport (the server's chip, for a remote reader).
/// </summary>
/// <remarks>
/// A failure of the channel is answered with <c>6F00</c> (the chip's contract is never to throw) and raises
/// <see cref="Failed"/>, so that whoever runs the bridge can pull the card out. Reset and power-off reach the card when
/// the transport can pass them on (<see cref="IResettableCardTransport"/>); otherwise the card keeps its state.
/// </remarks>
public sealed class CardTransportChip(ICardTransport transport) : ISmartCardChip
{
    private static readonly byte[] NoPreciseDiagnosis = [0x6F, 0x00];

    /// <summary>Raised once per failure of the channel, with the failure.</summary>
    public event EventHandler<CardTransportException>? Failed;

    public ReadOnlyMemory<byte> Atr => transport.Atr;

    public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
    {
        try
        {
            return transport.Transmit(commandApdu);
        }
        catch (CardTransportException e)
        {
            Failed?.Invoke(this, e);
            return NoPreciseDiagnosis;
        }
        catch (ArgumentException)
        {
            // Not a command APDU the channel can carry: the card could not have understood it either.
            return NoPreciseDiagnosis;
        }
    }

    public void Reset() => Pass(static t => t.Reset());

    public void PowerOff() => Pass(static t => t.PowerOff());

    private void Pass(Action<IResettableCardTransport> control)
    {
        if (transport is not IResettableCardTransport resettable)
            return;
        try
        {
            control(resettable);
        }
        catch (CardTransportException e)
        {
            Failed?.Invoke(this, e);
        }
    }
}
