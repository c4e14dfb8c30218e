namespace Myna.Reader;

/// <summary>
/// Bytes read from a card do not have the structure card-interface §2 gives them (e.g. a broken BER-TLV in the text AP).
/// </summary>
/// <remarks>As <c>AsnContentException</c>: the parser of outside bytes throws its own type. The message says
/// what is wrong and where; it never repeats the content, which may be a My Number or a name.</remarks>
public sealed class CardDataFormatException : Exception
{
    public CardDataFormatException() { }
    public CardDataFormatException(string message) : base(message) { }
    public CardDataFormatException(string message, Exception inner) : base(message, inner) { }
}
