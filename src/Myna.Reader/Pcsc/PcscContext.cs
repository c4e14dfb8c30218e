using System.Text;

namespace Myna.Reader.Pcsc;

/// <summary>
/// A PC/SC resource-manager context (<c>SCardEstablishContext</c>, system scope) on 64-bit Linux (pcsc-lite).
/// </summary>
/// <remarks>
/// One context serves one thread at a time (pcsc-lite contexts are not meant to be shared concurrently);
/// <see cref="Cancel"/> is the exception and may be called from any thread to end a <see cref="WaitForCard"/>.
/// </remarks>
public sealed unsafe class PcscContext : IDisposable
{
    private nint _handle;

    private PcscContext(nint handle) => _handle = handle;

    /// <summary>Connects to the PC/SC service.</summary>
    /// <exception cref="CardTransportException">
    /// No service (<c>SCARD_E_NO_SERVICE</c>: pcscd is not running) or another PC/SC failure.
    /// </exception>
    /// <exception cref="PlatformNotSupportedException">Not 64-bit Linux (the declarations assume LP64 pcsc-lite).</exception>
    public static PcscContext Establish()
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
            throw new PlatformNotSupportedException("The PC/SC transport supports pcsc-lite on 64-bit Linux only.");
        nint handle;
        nint rv;
        try
        {
            rv = PcscNative.SCardEstablishContext(PcscNative.ScopeSystem, 0, 0, out handle);
        }
        catch (DllNotFoundException e)
        {
            throw new CardTransportException(
                "The PC/SC library libpcsclite.so.1 was not found: install libpcsclite1 (and pcscd).", e);
        }
        var code = PcscNative.Code(rv);
        if (code != PcscError.Success)
            throw PcscError.ToException("SCardEstablishContext", code);
        return new PcscContext(handle);
    }

    internal nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == 0, this);
            return _handle;
        }
    }

    /// <summary>The names of the readers pcscd knows, e.g. <c>Virtual PCD 00 00</c>; empty when there are none.</summary>
    /// <exception cref="CardTransportException">A PC/SC failure other than "no readers".</exception>
    public IReadOnlyList<string> ListReaders()
    {
        nuint length = 0;
        var code = PcscNative.Code(PcscNative.SCardListReaders(Handle, null, null, &length));
        if (code == PcscError.NoReadersAvailable)
            return [];
        if (code != PcscError.Success)
            throw PcscError.ToException("SCardListReaders", code);
        var buffer = new byte[(int)length];
        fixed (byte* p = buffer)
        {
            code = PcscNative.Code(PcscNative.SCardListReaders(Handle, null, p, &length));
        }
        if (code == PcscError.NoReadersAvailable)
            return [];
        if (code != PcscError.Success)
            throw PcscError.ToException("SCardListReaders", code);
        // A multi-string: names separated by NUL, ended by an empty name.
        return Encoding.UTF8.GetString(buffer, 0, (int)length)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Whether a card is present in the reader now, and its ATR if so.</summary>
    /// <exception cref="CardTransportException">Unknown reader or another PC/SC failure.</exception>
    public bool IsCardPresent(string reader, out byte[] atr)
    {
        var state = GetStatusChange(reader, PcscNative.StateUnaware, TimeSpan.Zero, out atr, out _);
        return (state & PcscNative.StatePresent) != 0 && (state & PcscNative.StateMute) == 0;
    }

    /// <summary>
    /// Waits until a card is present in <paramref name="reader"/> (a card already present counts).
    /// </summary>
    /// <returns>True when a card is present; false on timeout or <see cref="Cancel"/>.</returns>
    /// <exception cref="CardTransportException">Unknown reader, no service or another PC/SC failure.</exception>
    public bool WaitForCard(string reader, TimeSpan timeout) => WaitFor(reader, present: true, timeout);

    /// <summary>Waits until <paramref name="reader"/> is empty (an empty reader counts).</summary>
    /// <returns>True when no card is present; false on timeout or <see cref="Cancel"/>.</returns>
    /// <exception cref="CardTransportException">Unknown reader, no service or another PC/SC failure.</exception>
    public bool WaitForCardRemoval(string reader, TimeSpan timeout) => WaitFor(reader, present: false, timeout);

    private bool WaitFor(string reader, bool present, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(reader);
        // A monotonic stopwatch: this is a wait, not a date, and must not jump with the wall clock.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var known = PcscNative.StateUnaware;
        while (true)
        {
            var remaining = timeout - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (remaining < TimeSpan.Zero)
                remaining = TimeSpan.Zero;
            var state = GetStatusChange(reader, known, remaining, out _, out var timedOut);
            if (timedOut || state == 0)
                return false; // timeout or cancelled
            var isPresent = (state & PcscNative.StatePresent) != 0 && (state & PcscNative.StateMute) == 0;
            if (isPresent == present)
                return true;
            // Tell pcscd what we now know, without the CHANGED bit, so the next call blocks until a change.
            known = state & ~PcscNative.StateChanged;
            if (remaining == TimeSpan.Zero)
                return false;
        }
    }

    /// <summary>Ends a <see cref="WaitForCard"/> in progress on another thread (<c>SCardCancel</c>).</summary>
    public void Cancel()
    {
        if (_handle != 0)
            _ = PcscNative.SCardCancel(_handle);
    }

    /// <summary>Connects to the card in <paramref name="reader"/>: shared, T=0 or T=1.</summary>
    /// <exception cref="CardTransportException">No card, unknown reader or another PC/SC failure.</exception>
    public PcscTransport Connect(string reader) => PcscTransport.Connect(this, reader);

    private nuint GetStatusChange(string reader, nuint known, TimeSpan timeout, out byte[] atr, out bool timedOut)
    {
        var name = Encoding.UTF8.GetBytes(reader + "\0");
        var ms = (nuint)Math.Min((long)timeout.TotalMilliseconds, uint.MaxValue - 1L);
        fixed (byte* pName = name)
        {
            var state = new PcscNative.ReaderState { Reader = (nint)pName, CurrentState = known };
            var code = PcscNative.Code(PcscNative.SCardGetStatusChange(Handle, ms, &state, 1));
            atr = [];
            timedOut = code == PcscError.Timeout;
            if (timedOut)
                return known;
            if (code == PcscError.Cancelled)
                return 0;
            if (code != PcscError.Success)
                throw PcscError.ToException($"SCardGetStatusChange on reader '{reader}'", code);
            var atrLength = (int)Math.Min(state.AtrLength, 33u);
            atr = new ReadOnlySpan<byte>(state.Atr, atrLength).ToArray();
            return state.EventState;
        }
    }

    public void Dispose()
    {
        if (_handle != 0)
        {
            _ = PcscNative.SCardReleaseContext(_handle);
            _handle = 0;
        }
    }
}
