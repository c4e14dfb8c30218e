using Myna.Card.Apdu;

namespace Myna.Reader;

/// <summary>The card refused a command with a status word the caller did not expect.</summary>
/// <remarks>The message names the operation and the status word; never data sent or received.</remarks>
public sealed class CardCommandException : Exception
{
    public CardCommandException(string operation, StatusWord statusWord)
        : base($"{operation} failed: the card answered {statusWord}.")
    {
        Operation = operation;
        StatusWord = statusWord;
    }

    public CardCommandException() { }
    public CardCommandException(string message) : base(message) { }
    public CardCommandException(string message, Exception inner) : base(message, inner) { }

    public string Operation { get; } = "";
    public StatusWord StatusWord { get; }
}
