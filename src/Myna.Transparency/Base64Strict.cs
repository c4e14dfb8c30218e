namespace Myna.Transparency;

/// <summary>
/// Standard base64 read strictly: <see cref="Convert.FromBase64String(string)"/> skips whitespace and accepts
/// stray padding bits, so a note or key could be altered without changing what it decodes to.
/// </summary>
internal static class Base64Strict
{
    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0)
            return false;
        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
            return false;
        bytes = buffer[..written];
        // Only the canonical encoding reads back to itself.
        return Convert.ToBase64String(bytes) == text;
    }
}
