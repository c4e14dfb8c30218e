namespace Myna.Transparency.Notes;

/// <summary>Why a signed note (or a checkpoint in one) was refused.</summary>
public enum SignedNoteError
{
    /// <summary>Not a signed note: bad characters, no blank line before the signatures, a bad signature line, or a bad checkpoint body.</summary>
    Malformed,

    /// <summary>Well formed, but no signature is by a known key.</summary>
    NoKnownSignature,

    /// <summary>A signature by a known key does not verify: the whole note is refused.</summary>
    InvalidSignature,

    /// <summary>Two known keys share a name and key ID, so a signature cannot tell which one it is by.</summary>
    AmbiguousKey,

    /// <summary>A checkpoint of another log: its origin line is not the one expected.</summary>
    WrongOrigin,
}

/// <summary>A signed note or checkpoint that must not be trusted; <see cref="Error"/> says why.</summary>
public sealed class SignedNoteException : Exception
{
    public SignedNoteException(SignedNoteError error, string message)
        : base(message) => Error = error;

    public SignedNoteException()
        : this(SignedNoteError.Malformed, "Malformed note.")
    {
    }

    public SignedNoteException(string message)
        : this(SignedNoteError.Malformed, message)
    {
    }

    public SignedNoteException(string message, Exception innerException)
        : base(message, innerException) => Error = SignedNoteError.Malformed;

    public SignedNoteError Error { get; }
}
