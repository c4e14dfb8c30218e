using System.Net.WebSockets;

namespace Myna.Reader.Remote;

/// <summary>
/// The framing of a remote card reader over a WebSocket (the sandbox's <c>GET /api/sandbox/cards/{id}/reader</c>): the
/// server holds the card's own chip, the client drives it as if it were in its reader.
/// </summary>
/// <remarks>
/// <para>Every message is binary and every one the client sends is answered by exactly one, in order:</para>
/// <list type="bullet">
/// <item>4 to <see cref="MaxCommandLength"/> bytes: a command APDU; the answer is the response APDU (data ‖ SW1 SW2).</item>
/// <item>1 byte: a control code, as vpcd's — <see cref="PowerOff"/>, <see cref="Reset"/> (answered with an empty
/// message once done) and <see cref="GetAtr"/> (answered with the ATR).</item>
/// </list>
/// <para>Anything else — a text message, an empty message, 2 or 3 bytes, an unknown control code — closes the socket
/// with <see cref="WebSocketCloseStatus.InvalidMessageType"/> or <see cref="WebSocketCloseStatus.InvalidPayloadData"/>; a
/// longer one with <see cref="WebSocketCloseStatus.MessageTooBig"/>; the description says which.</para>
/// </remarks>
public static class RemoteReaderProtocol
{
    /// <summary>
    /// The longest command APDU: an extended case 4 — header 4, Lc 3, 65,535 bytes of data, Le 2 (ISO/IEC 7816-4).
    /// </summary>
    public const int MaxCommandLength = 4 + 3 + 65_535 + 2;

    /// <summary>The shortest command APDU: the header alone (case 1).</summary>
    public const int MinCommandLength = 4;

    /// <summary>Power off: as a reset, the card's security state is gone; the next command powers it on again.</summary>
    public const byte PowerOff = 0x00;

    /// <summary>Warm reset: the current application, file and every verified PIN are cleared (a PIN's tries are not).</summary>
    public const byte Reset = 0x02;

    /// <summary>The card's answer to reset.</summary>
    public const byte GetAtr = 0x04;

    /// <summary>The WebSocket subprotocol both sides name, so that nothing else is taken for a reader by mistake.</summary>
    public const string SubProtocol = "myna-card-reader.v1";

    /// <summary>The path of a sandbox card's remote reader, relative to the server's base address.</summary>
    public static string PathOf(Guid cardId) => $"api/sandbox/cards/{cardId:D}/reader";
}
