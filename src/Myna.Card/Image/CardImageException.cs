namespace Myna.Card.Image;

/// <summary>A card file could not be opened: bad magic, unknown version, or a failed authentication tag.</summary>
/// <remarks>The message never carries any of the file's content.</remarks>
public sealed class CardImageException : Exception
{
    public CardImageException() { }
    public CardImageException(string message) : base(message) { }
    public CardImageException(string message, Exception inner) : base(message, inner) { }
}
