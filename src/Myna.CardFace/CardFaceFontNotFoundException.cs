namespace Myna.CardFace;

/// <summary>The Japanese font the card-face images are drawn in is not installed.</summary>
public sealed class CardFaceFontNotFoundException : FileNotFoundException
{
    public CardFaceFontNotFoundException()
    {
    }

    public CardFaceFontNotFoundException(string message) : base(message)
    {
    }

    public CardFaceFontNotFoundException(string message, Exception inner) : base(message, inner)
    {
    }

    internal static CardFaceFontNotFoundException For(string path) => new(
        $"The card-face font '{path}' is missing or unreadable: install fonts-ipaexfont " +
        "(apt-get install -y fonts-ipaexfont) or pass the path of IPAex Gothic (ipaexg.ttf).");
}
