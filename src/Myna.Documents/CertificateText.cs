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
        // Normalize refuses unpaired surrogates itself (ArgumentException); say which string it was.
        string normalized;
        try
        {
            normalized = text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The {what} is not valid Unicode text.", what, e);
        }
        if (!allowEmpty && normalized.Length == 0)
            throw new ArgumentException($"The {what} is empty.", what);
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Surrogate)
                throw new ArgumentException($"The {what} holds a control character (U+{rune.Value:X4}).", what);
        }
        return normalized;
    }
}
