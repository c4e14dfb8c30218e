using System.Globalization;

namespace Myna.Reader.Pcsc;

/// <summary>PC/SC return codes (pcsc-lite <c>pcsclite.h</c>, same values as WinSCard) and their meaning.</summary>
public static class PcscError
{
    public const uint Success = 0x00000000;
    public const uint InternalError = 0x80100001;
    public const uint Cancelled = 0x80100002;
    public const uint InvalidHandle = 0x80100003;
    public const uint InvalidParameter = 0x80100004;
    public const uint NoMemory = 0x80100006;
    public const uint InsufficientBuffer = 0x80100008;
    public const uint UnknownReader = 0x80100009;
    public const uint Timeout = 0x8010000A;
    public const uint SharingViolation = 0x8010000B;
    public const uint NoSmartcard = 0x8010000C;
    public const uint ProtoMismatch = 0x8010000F;
    public const uint InvalidValue = 0x80100011;
    public const uint CommError = 0x80100013;
    public const uint ReaderUnavailable = 0x80100017;
    public const uint NoService = 0x8010001D;
    public const uint ServiceStopped = 0x8010001E;
    public const uint NoReadersAvailable = 0x8010002E;
    public const uint CommDataLost = 0x8010002F;
    public const uint UnresponsiveCard = 0x80100066;
    public const uint UnpoweredCard = 0x80100067;
    public const uint ResetCard = 0x80100068;
    public const uint RemovedCard = 0x80100069;

    /// <summary>The symbolic name of a code, e.g. <c>SCARD_E_NO_SERVICE</c>.</summary>
    public static string Name(uint code) => code switch
    {
        Success => "SCARD_S_SUCCESS",
        InternalError => "SCARD_F_INTERNAL_ERROR",
        Cancelled => "SCARD_E_CANCELLED",
        InvalidHandle => "SCARD_E_INVALID_HANDLE",
        InvalidParameter => "SCARD_E_INVALID_PARAMETER",
        NoMemory => "SCARD_E_NO_MEMORY",
        InsufficientBuffer => "SCARD_E_INSUFFICIENT_BUFFER",
        UnknownReader => "SCARD_E_UNKNOWN_READER",
        Timeout => "SCARD_E_TIMEOUT",
        SharingViolation => "SCARD_E_SHARING_VIOLATION",
        NoSmartcard => "SCARD_E_NO_SMARTCARD",
        ProtoMismatch => "SCARD_E_PROTO_MISMATCH",
        InvalidValue => "SCARD_E_INVALID_VALUE",
        CommError => "SCARD_F_COMM_ERROR",
        ReaderUnavailable => "SCARD_E_READER_UNAVAILABLE",
        NoService => "SCARD_E_NO_SERVICE",
        ServiceStopped => "SCARD_E_SERVICE_STOPPED",
        NoReadersAvailable => "SCARD_E_NO_READERS_AVAILABLE",
        CommDataLost => "SCARD_E_COMM_DATA_LOST",
        UnresponsiveCard => "SCARD_W_UNRESPONSIVE_CARD",
        UnpoweredCard => "SCARD_W_UNPOWERED_CARD",
        ResetCard => "SCARD_W_RESET_CARD",
        RemovedCard => "SCARD_W_REMOVED_CARD",
        _ => "0x" + code.ToString("X8", CultureInfo.InvariantCulture),
    };

    /// <summary>A hint for the codes a user can act on.</summary>
    private static string? Hint(uint code) => code switch
    {
        NoService or ServiceStopped => "is pcscd running?",
        NoReadersAvailable => "is a reader attached (for the emulator: is vsmartcard-vpcd installed and pcscd restarted)?",
        NoSmartcard or RemovedCard => "is a card in the reader (for the emulator: is the vpcd bridge connected)?",
        UnknownReader => "the reader name is not known to pcscd",
        SharingViolation => "another program holds the card exclusively",
        ResetCard => "another program reset the card; its security state is lost, connect again",
        _ => null,
    };

    /// <summary>Builds the exception for a failed call, naming the operation and the PC/SC code.</summary>
    public static CardTransportException ToException(string operation, uint code)
    {
        var what = code is NoService or ServiceStopped ? "No smart card reader service" : $"{operation} failed";
        var hint = Hint(code);
        return new CardTransportException(hint is null
            ? $"{what} ({Name(code)})."
            : $"{what} ({Name(code)}): {hint}", code);
    }
}
