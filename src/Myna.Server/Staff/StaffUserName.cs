using System.Text.RegularExpressions;

namespace Myna.Server.Staff;

/// <summary>The format of staff user names: a letter, then letters, digits, <c>.</c>, <c>_</c> or <c>-</c>, 64 at most; kept lower-case.</summary>
/// <remarks>
/// Starting with a letter keeps a user name from ever reading as a My Number in the audit trail; <c>system</c>
/// and <c>call-centre</c> are the audit trail's own actors and not staff names.
/// </remarks>
public static partial class StaffUserName
{
    /// <summary>The user name in its stored form (lower-case), or null when it is not one.</summary>
    public static string? Normalize(string? text)
    {
        if (text is null)
            return null;
        var lower = text.Trim().ToLowerInvariant();
        return Format().IsMatch(lower) && lower is not ("system" or "call-centre") ? lower : null;
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
