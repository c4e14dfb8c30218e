using System.Globalization;
using System.Text;

namespace Myna.Documents;

/// <summary>
/// The one rule for every string a certificate holds: Unicode NFC, no control characters, no unpaired surrogates.
/// Applied where the content is made, so what is printed, what is signed and what a verifier reads back are the same
/// characters, and a name typed with a combining mark (か + ゙) is the same name as the precomposed one (が).
/// </summary>
internal static class CertificateText
{
    /// <summary><paramref name="text"/> in NFC, or an <see cref="ArgumentException"/> naming <paramref name="what"/>.</summary>
    public static string Normalize(string text, string what, bool allowEmpty = true)
    {
        ArgumentNullException.ThrowIfNull(text, what);
        // Every UTF-16 unit in a pair or a character of its own: an unpaired surrogate has no UTF-8 form to sign.
        for (var rest = text.AsSpan(); !rest.IsEmpty;)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done)
                throw new ArgumentException($"The {what} is not valid Unicode text (an unpaired surrogate).", what);
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control)
                throw new ArgumentException($"The {what} holds a control character (U+{rune.Value:X4}).", what);
            rest = rest[used..];
        }
        var normalized = text.Normalize(NormalizationForm.FormC);
        if (!allowEmpty && normalized.Length == 0)
            throw new ArgumentException($"The {what} is empty.", what);
        return normalized;
    }
}
