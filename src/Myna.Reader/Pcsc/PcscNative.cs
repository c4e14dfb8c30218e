using System.Runtime.InteropServices;

namespace Myna.Reader.Pcsc;

/// <summary>
/// P/Invoke declarations for pcsc-lite (<c>libpcsclite.so.1</c>) on 64-bit Linux.
/// </summary>
/// <remarks>
/// pcsc-lite declares DWORD as <c>unsigned long</c> and LONG as <c>long</c>, which are 8 bytes on LP64
/// Linux, not 4 as on Windows (docs/reader.md §1). Every DWORD is therefore <see cref="nuint"/>, every
/// LONG (the return values too) <see cref="nint"/>, and the structs below are 16 and 80 bytes. Windows-style
/// 4-byte declarations appear to work but let pcsc-lite write 8 bytes through each LPDWORD.
/// The calls are kept in synchronous methods so that taking addresses of locals stays legal (CS9123).
/// </remarks>
internal static unsafe partial class PcscNative
{
    private const string Library = "libpcsclite.so.1";

    public const nuint ScopeSystem = 2;
    public const nuint ShareShared = 2;
    public const nuint ProtocolT0 = 1;
    public const nuint ProtocolT1 = 2;
    public const nuint LeaveCard = 0;
    public const nuint StateUnaware = 0;
    public const nuint StateChanged = 0x0002;
    public const nuint StateUnknown = 0x0004;
    public const nuint StateUnavailable = 0x0008;
    public const nuint StateEmpty = 0x0010;
    public const nuint StatePresent = 0x0020;
    public const nuint StateMute = 0x0200;
    public const nuint Infinite = 0xFFFFFFFF;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoRequest
    {
        public nuint Protocol;
        public nuint PciLength;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ReaderState
    {
        public nint Reader;
        public nint UserData;
        public nuint CurrentState;
        public nuint EventState;
        public nuint AtrLength;
        public fixed byte Atr[33];
    }

    [LibraryImport(Library)]
    public static partial nint SCardEstablishContext(nuint scope, nint reserved1, nint reserved2, out nint context);

    [LibraryImport(Library)]
    public static partial nint SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    public static partial nint SCardListReaders(nint context, byte* groups, byte* readers, nuint* readersLength);

    [LibraryImport(Library)]
    public static partial nint SCardGetStatusChange(nint context, nuint timeoutMs, ReaderState* states, nuint count);

    [LibraryImport(Library)]
    public static partial nint SCardCancel(nint context);

    [LibraryImport(Library)]
    public static partial nint SCardConnect(
        nint context, byte* reader, nuint shareMode, nuint preferredProtocols, nint* card, nuint* activeProtocol);

    [LibraryImport(Library)]
    public static partial nint SCardDisconnect(nint card, nuint disposition);

    [LibraryImport(Library)]
    public static partial nint SCardTransmit(
        nint card, IoRequest* sendPci, byte* send, nuint sendLength, IoRequest* receivePci, byte* receive,
        nuint* receiveLength);

    [LibraryImport(Library)]
    public static partial nint SCardStatus(
        nint card, byte* readerNames, nuint* readerLength, nuint* state, nuint* protocol, byte* atr, nuint* atrLength);

    /// <summary>The 32-bit PC/SC code of a LONG return value.</summary>
    public static uint Code(nint rv) => unchecked((uint)(ulong)rv);
}
