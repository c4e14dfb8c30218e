using System.Security.Cryptography;

namespace Myna.Portal.Login;

/// <summary>
/// The short code a login page shows for the holder's app to type or scan: eight characters from an alphabet without
/// look-alikes (no 0/O, 1/I/L), written <c>ABCD-EFGH</c>. It names a challenge; it proves nothing by itself.
/// </summary>
public readonly record struct LoginCode
{
    /// <summary>The characters a code is made of.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>Characters in a code (the hyphen not counted).</summary>
    public const int Length = 8;

    private LoginCode(string value) => Value = value;

    /// <summary>The eight characters, without the hyphen.</summary>
    public string Value { get; }

    /// <summary>A new random code.</summary>
    public static LoginCode New() => new(RandomNumberGenerator.GetString(Alphabet, Length));

    /// <summary>
    /// Reads a code as a person types it: any case, with or without the hyphen and spaces. Null when it cannot be one.
    /// </summary>
    public static LoginCode? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 2 * Length)
            return null;
        var value = string.Concat(text.Where(c => c is not ('-' or ' '))).ToUpperInvariant();
        return value.Length == Length && value.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? new LoginCode(value) : null;
    }

    /// <summary>As the page shows it: <c>ABCD-EFGH</c>.</summary>
    public override string ToString() => Value is null ? "" : Value[..4] + "-" + Value[4..];
}
