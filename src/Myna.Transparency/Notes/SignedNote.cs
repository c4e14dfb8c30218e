using System.Buffers.Binary;
using System.Text;

namespace Myna.Transparency.Notes;

/// <summary>A signature line of a note: the key's name and ID, and the base64 of key ID || signature.</summary>
public sealed record NoteSignature(string KeyName, uint KeyId, string Base64);

/// <summary>
/// A signed note: a text ending in a newline, a blank line, and one or more signature lines
/// "— &lt;key name&gt; &lt;base64(4-byte key ID || signature)&gt;" (an em dash U+2014 and a space first).
/// </summary>
/// <remarks>
/// An opened note has at least one signature that verified with a known key; signatures by unknown keys are kept
/// apart, unchecked, so that other parties (witnesses) can add theirs.
/// </remarks>
public sealed class SignedNote
{
    /// <summary>At most this many signature lines are read, so that a huge note costs no more than a small one.</summary>
    public const int MaxSignatures = 100;

    private const string SignaturePrefix = "\u2014 ";

    private SignedNote(string text, IReadOnlyList<NoteSignature> signatures, IReadOnlyList<NoteSignature> unverified)
    {
        Text = text;
        Signatures = signatures;
        UnverifiedSignatures = unverified;
    }

    /// <summary>The signed text, its final newline included.</summary>
    public string Text { get; }

    /// <summary>The signatures that verified with a known key.</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>The signatures by keys that were not known, not checked.</summary>
    public IReadOnlyList<NoteSignature> UnverifiedSignatures { get; }

    /// <summary>The note: <paramref name="text"/>, a blank line and one signature line for each signer.</summary>
    /// <exception cref="ArgumentException">The text does not end in a newline or holds a control character.</exception>
    public static string Sign(string text, params IReadOnlyList<NoteSigner> signers)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signers);
        if (!text.EndsWith('\n') || !NoteText.IsValid(text))
            throw new ArgumentException("A note's text ends in a newline and holds no other control character.", nameof(text));
        if (signers.Count == 0)
            throw new ArgumentException("A note needs a signature.", nameof(signers));
        var message = NoteText.StrictUtf8.GetBytes(text);
        var note = new StringBuilder(text).Append('\n');
        foreach (var signer in signers)
        {
            var signature = new byte[4 + 64];
            BinaryPrimitives.WriteUInt32BigEndian(signature, signer.KeyId);
            signer.Sign(message).CopyTo(signature, 4);
            note.Append(SignaturePrefix).Append(signer.Name).Append(' ').Append(Convert.ToBase64String(signature)).Append('\n');
        }
        return note.ToString();
    }

    /// <summary>Reads a note and checks its signatures against the known keys.</summary>
    /// <exception cref="SignedNoteException">The note is malformed, or has no valid signature by a known key, or an invalid one.</exception>
    public static SignedNote Open(string note, IEnumerable<NoteVerifier> known)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (!NoteText.IsWellFormed(note))
            throw Malformed("it is not valid UTF-8");
        return Open(NoteText.StrictUtf8.GetBytes(note), known);
    }

    /// <summary>Reads a note from its UTF-8 bytes and checks its signatures against the known keys.</summary>
    /// <exception cref="SignedNoteException">The note is malformed, or has no valid signature by a known key, or an invalid one.</exception>
    public static SignedNote Open(ReadOnlySpan<byte> note, IEnumerable<NoteVerifier> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        string all;
        try
        {
            all = NoteText.StrictUtf8.GetString(note);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed("it is not valid UTF-8");
        }
        if (!NoteText.IsValid(all))
            throw Malformed("it holds a control character other than a newline");
        // The text ends at the last blank line; the signature lines follow it.
        var split = all.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
            throw Malformed("no blank line separates the text from the signatures");
        var text = all[..(split + 1)];
        var block = all[(split + 2)..];
        if (block.Length == 0 || !block.EndsWith('\n'))
            throw Malformed("the signature lines do not end in a newline");

        var lines = block[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
            throw Malformed($"it has more than {MaxSignatures} signatures");
        var keys = known.ToLookup(k => (k.Name, k.KeyId));
        var message = NoteText.StrictUtf8.GetBytes(text);
        var verified = new List<NoteSignature>();
        var unverified = new List<NoteSignature>();
        foreach (var line in lines)
        {
            var signature = ParseSignatureLine(line, out var signatureBytes);
            var matches = keys[(signature.KeyName, signature.KeyId)].ToList();
            if (matches.Count == 0)
            {
                if (!unverified.Contains(signature))
                    unverified.Add(signature);
                continue;
            }
            var id = $"{signature.KeyName}+{NoteKeys.FormatKeyId(signature.KeyId)}";
            if (matches.Count > 1)
                throw new SignedNoteException(SignedNoteError.AmbiguousKey, $"Two known keys are {id}.");
            // One key's repeated signature is checked once.
            if (verified.Any(s => s.KeyName == signature.KeyName && s.KeyId == signature.KeyId))
                continue;
            if (!matches[0].Verify(message, signatureBytes))
                throw new SignedNoteException(SignedNoteError.InvalidSignature, $"The signature by the known key {id} does not verify.");
            verified.Add(signature);
        }
        if (verified.Count == 0)
            throw new SignedNoteException(SignedNoteError.NoKnownSignature, "The note has no signature by a known key.");
        return new SignedNote(text, verified, unverified);
    }

    private static NoteSignature ParseSignatureLine(string line, out byte[] signature)
    {
        signature = [];
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            throw Malformed("a signature line does not start with an em dash and a space");
        var rest = line[SignaturePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
            throw Malformed("a signature line has no space between the key name and the signature");
        var name = rest[..space];
        var base64 = rest[(space + 1)..];
        if (!NoteKeys.IsValidName(name))
            throw Malformed("a signature line's key name is empty or has a space or '+'");
        // At least a key ID and one byte of signature.
        if (!Base64Strict.TryDecode(base64, out var bytes) || bytes.Length < 5)
            throw Malformed("a signature line's signature is not the base64 of a key ID and a signature");
        signature = bytes[4..];
        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(bytes), base64);
    }

    private static SignedNoteException Malformed(string why) => new(SignedNoteError.Malformed, $"Malformed note: {why}.");
}
