using System.Buffers;
using System.Text;

namespace Myna.Transparency.Notes;

/// <summary>The characters a signed note may hold: valid UTF-8 and no control character but the newline.</summary>
internal static class NoteText
{
    /// <summary>Reads UTF-8 and refuses invalid bytes rather than replacing them.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>No lone surrogate, so the text has a UTF-8 form.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out _, out var used) != OperationStatus.Done)
                return false;
            i += used;
        }
        return true;
    }

    public static bool IsValid(string text) => IsWellFormed(text) && !text.Any(c => c < ' ' && c != '\n');
}
