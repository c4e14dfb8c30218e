using System.Text;

namespace Myna.Reader.Pcsc;

/// <summary>The transmission protocol negotiated with the card.</summary>
public enum PcscProtocol
{
    /// <summary>T=0 (character protocol).</summary>
    T0 = 1,
    /// <summary>T=1 (block protocol); the My Number Card's ATR announces it (card-interface §5).</summary>
    T1 = 2,
}

/// <summary>
/// A card in a PC/SC reader (pcsc-lite on 64-bit Linux), connected shared with T=0 or T=1.
/// </summary>
/// <remarks>
/// <para>The receive buffer holds 65536 data bytes and the status word, so an extended READ BINARY
/// (card-interface §4, the JS client's <c>00 B0 8x 00 00 00 00</c>) gets its whole answer.</para>
/// <para><see cref="Dispose"/> disconnects with <c>SCARD_LEAVE_CARD</c>: the card is not reset, so another
/// program sees the security state this one left (as OpenSC does by default).</para>
/// <para>Calls are serialised by a lock; the transport may be used from several threads.</para>
/// </remarks>
public sealed unsafe class PcscTransport : ICardTransport
{
    /// <summary>64 KiB of data plus SW1 SW2.</summary>
    private const int ReceiveBufferSize = 65536 + 2;

    private readonly Lock _lock = new();
    private readonly PcscContext? _ownedContext;
    private nint _card;

    private PcscTransport(nint card, string reader, PcscProtocol protocol, byte[] atr, PcscContext? ownedContext)
    {
        _card = card;
        Name = reader;
        Protocol = protocol;
        Atr = atr;
        _ownedContext = ownedContext;
    }

    /// <summary>The reader's name.</summary>
    public string Name { get; }

    /// <summary>The ATR, as <c>SCardStatus</c> reported it after connecting.</summary>
    public ReadOnlyMemory<byte> Atr { get; }

    /// <summary>The protocol pcscd negotiated.</summary>
    public PcscProtocol Protocol { get; }

    /// <summary>Connects to the card in <paramref name="reader"/> through <paramref name="context"/> (which stays the caller's).</summary>
    /// <exception cref="CardTransportException">No card, unknown reader, no service or another PC/SC failure.</exception>
    public static PcscTransport Connect(PcscContext context, string reader) => Connect(context, reader, owned: null);

    /// <summary>Establishes a context of its own and connects to the card in <paramref name="reader"/>.</summary>
    /// <exception cref="CardTransportException">No service (is pcscd running?), no card, unknown reader.</exception>
    public static PcscTransport Connect(string reader)
    {
        var context = PcscContext.Establish();
        try
        {
            return Connect(context, reader, owned: context);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    private static PcscTransport Connect(PcscContext context, string reader, PcscContext? owned)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(reader);
        var name = Encoding.UTF8.GetBytes(reader + "\0");
        nint card;
        nuint active;
        uint code;
        fixed (byte* pName = name)
        {
            code = PcscNative.Code(PcscNative.SCardConnect(context.Handle, pName, PcscNative.ShareShared,
                PcscNative.ProtocolT0 | PcscNative.ProtocolT1, &card, &active));
        }
        if (code != PcscError.Success)
            throw PcscError.ToException($"SCardConnect to reader '{reader}'", code);

        var atr = new byte[33];
        nuint atrLength = 33;
        nuint readerLength = 0;
        nuint state;
        nuint protocol;
        fixed (byte* pAtr = atr)
        {
            // A null reader-name buffer with length 0 asks only for the length, which we do not need.
            code = PcscNative.Code(PcscNative.SCardStatus(card, null, &readerLength, &state, &protocol, pAtr, &atrLength));
        }
        if (code != PcscError.Success)
        {
            _ = PcscNative.SCardDisconnect(card, PcscNative.LeaveCard);
            throw PcscError.ToException($"SCardStatus on reader '{reader}'", code);
        }
        return new PcscTransport(card, reader, (PcscProtocol)(int)active, atr[..(int)Math.Min(atrLength, 33u)], owned);
    }

    /// <inheritdoc />
    public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
    {
        if (commandApdu.Length < 4)
            throw new ArgumentException("A command APDU has at least four header bytes.", nameof(commandApdu));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_card == 0, this);
            var receive = new byte[ReceiveBufferSize];
            nuint receiveLength = ReceiveBufferSize;
            uint code;
            var pci = new PcscNative.IoRequest
            {
                Protocol = (nuint)(int)Protocol,
                PciLength = (nuint)sizeof(PcscNative.IoRequest),
            };
            fixed (byte* pSend = commandApdu)
            fixed (byte* pReceive = receive)
            {
                code = PcscNative.Code(PcscNative.SCardTransmit(_card, &pci, pSend, (nuint)commandApdu.Length, null,
                    pReceive, &receiveLength));
            }
            if (code != PcscError.Success)
                throw PcscError.ToException($"SCardTransmit on reader '{Name}'", code);
            if (receiveLength < 2)
                throw new CardTransportException($"The card in reader '{Name}' answered without a status word.");
            return receive[..(int)receiveLength];
        }
    }

    /// <summary>Disconnects, leaving the card as it is (<c>SCARD_LEAVE_CARD</c>).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_card != 0)
            {
                _ = PcscNative.SCardDisconnect(_card, PcscNative.LeaveCard);
                _card = 0;
            }
        }
        _ownedContext?.Dispose();
    }
}
