using System.Globalization;
using System.Text;
using Myna.Transparency.Notes;

namespace Myna.Transparency;

/// <summary>
/// A log's signed statement of its tree at one size: the body of a signed note with the origin line (which log),
/// the tree size in decimal, the base64 root hash, and optional extension lines, each ending in a newline.
/// </summary>
/// <remarks>
/// A log signs no checkpoint inconsistent with one it signed before, so two signed checkpoints with no consistency
/// proof between them prove the log rewrote its history.
/// </remarks>
public sealed record Checkpoint
{
    public Checkpoint(string origin, long treeSize, MerkleHash rootHash, IReadOnlyList<string>? extensions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        if (!IsLine(origin))
            throw new ArgumentException("The origin is one line of text.", nameof(origin));
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        if (rootHash.IsDefault)
            throw new ArgumentException("The root hash is missing.", nameof(rootHash));
        extensions ??= [];
        if (extensions.Any(e => string.IsNullOrEmpty(e) || !IsLine(e)))
            throw new ArgumentException("Each extension is one non-empty line of text.", nameof(extensions));
        Origin = origin;
        TreeSize = treeSize;
        RootHash = rootHash;
        Extensions = [.. extensions];
    }

    /// <summary>Which log: a schema-less URL by convention, and the log key's name.</summary>
    public string Origin { get; }

    public long TreeSize { get; }

    public MerkleHash RootHash { get; }

    /// <summary>Opaque further lines, none by default.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The note text: origin, size, root and extensions, one a line, each ending in a newline.</summary>
    public string ToBody()
    {
        var body = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(TreeSize.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(RootHash.ToBase64()).Append('\n');
        foreach (var extension in Extensions)
            body.Append(extension).Append('\n');
        return body.ToString();
    }

    /// <summary>Reads a checkpoint body strictly.</summary>
    /// <exception cref="FormatException">The text is not a checkpoint body; the message says which line is wrong.</exception>
    public static Checkpoint ParseBody(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n') || !NoteText.IsValid(text))
            throw new FormatException("A checkpoint is lines of text, each ending in a newline.");
        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
            throw new FormatException("A checkpoint has an origin, a tree size and a root hash line.");
        if (lines[0].Length == 0)
            throw new FormatException("The checkpoint's origin line is empty.");
        if (!TryParseSize(lines[1], out var size))
            throw new FormatException("The checkpoint's tree size is not a decimal number without leading zeros.");
        MerkleHash root;
        try
        {
            root = MerkleHash.FromBase64(lines[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("The checkpoint's root hash is not the base64 of 32 bytes.");
        }
        var extensions = lines[3..];
        if (extensions.Any(e => e.Length == 0))
            throw new FormatException("A checkpoint's extension line is empty.");
        return new Checkpoint(lines[0], size, root, extensions);
    }

    /// <summary>The signed note of this checkpoint.</summary>
    public string Sign(params IReadOnlyList<NoteSigner> signers) => SignedNote.Sign(ToBody(), signers);

    /// <summary>
    /// Reads a signed checkpoint of the log <paramref name="origin"/>, with at least one valid signature by the
    /// known keys (and none invalid).
    /// </summary>
    /// <exception cref="SignedNoteException">The note or its body is malformed, not validly signed, or of another log.</exception>
    public static Checkpoint Open(string signedNote, string origin, IEnumerable<NoteVerifier> known)
    {
        var note = SignedNote.Open(signedNote, known);
        Checkpoint checkpoint;
        try
        {
            checkpoint = ParseBody(note.Text);
        }
        catch (FormatException e)
        {
            throw new SignedNoteException(SignedNoteError.Malformed, e.Message);
        }
        return checkpoint.Origin == origin
            ? checkpoint
            : throw new SignedNoteException(SignedNoteError.WrongOrigin, $"The checkpoint is of the log {checkpoint.Origin}, not {origin}.");
    }

    public bool Equals(Checkpoint? other) =>
        other is not null && Origin == other.Origin && TreeSize == other.TreeSize && RootHash == other.RootHash
        && Extensions.SequenceEqual(other.Extensions);

    public override int GetHashCode() => HashCode.Combine(Origin, TreeSize, RootHash);

    public override string ToString() => $"{Origin} at {TreeSize}: {RootHash.ToBase64()}";

    private static bool IsLine(string text) => !text.Contains('\n') && NoteText.IsValid(text);

    private static bool TryParseSize(string line, out long size)
    {
        size = 0;
        if (line.Length == 0 || (line[0] == '0' && line.Length > 1) || !line.All(char.IsAsciiDigit))
            return false;
        return long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }
}
