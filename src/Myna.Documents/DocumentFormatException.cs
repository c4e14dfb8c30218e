namespace Myna.Documents;

/// <summary>Bytes read from outside (a seal payload, a canonical form) that are not what they should be.</summary>
/// <remarks>Thrown inside this project only: <see cref="SealVerifier"/> turns it into a <see cref="SealFailure.Malformed"/> result.</remarks>
public sealed class DocumentFormatException : FormatException
{
    public DocumentFormatException()
    {
    }

    public DocumentFormatException(string message) : base(message)
    {
    }

    public DocumentFormatException(string message, Exception inner) : base(message, inner)
    {
    }
}
