namespace Myna.Card.Pins;

/// <summary>
/// What reference data a PIN object accepts (card-interface §3): a length range and a character set of ASCII bytes.
/// </summary>
internal sealed record PinFormat(int MinLength, int MaxLength, bool AllowsUpperLetters)
{
    /// <summary>4 digits: user-authentication, input-assist, 住基/共通 PINs (P).</summary>
    public static readonly PinFormat FourDigits = new(4, 4, false);
    /// <summary>6–16 of [0-9A-Z]: the signature password (P).</summary>
    public static readonly PinFormat SignaturePassword = new(6, 16, true);
    /// <summary>照合番号A: the 12-digit 個人番号 (card-interface §3).</summary>
    public static readonly PinFormat CollationNumberA = new(12, 12, false);
    /// <summary>照合番号B: era YYMMDD + expiry year YYYY + 4-digit security code (card-interface §3).</summary>
    public static readonly PinFormat CollationNumberB = new(14, 14, false);
    /// <summary>Birth-date key: era YYMMDD (card-interface §2.3).</summary>
    public static readonly PinFormat EraBirthDate = new(6, 6, false);

    public bool Accepts(ReadOnlySpan<byte> candidate)
    {
        if (candidate.Length < MinLength || candidate.Length > MaxLength)
            return false;
        foreach (var b in candidate)
        {
            var ok = b is >= (byte)'0' and <= (byte)'9' || (AllowsUpperLetters && b is >= (byte)'A' and <= (byte)'Z');
            if (!ok)
                return false;
        }
        return true;
    }
}
