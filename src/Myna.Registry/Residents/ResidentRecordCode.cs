using Myna.Primitives;

namespace Myna.Registry.Residents;

/// <summary>
/// A resident record code (住民票コード): ten digits and a check digit, what the 住民基本台帳 PIN protects on
/// the chip (P) and what government bodies use to find a record.
/// </summary>
/// <remarks>
/// Check digit: the same modulus-11 scheme as the My Number (住民基本台帳法施行規則 第1条): with Pn the n-th
/// digit from the right of the ten, Qn = n + 1 for n ≤ 6 and n − 5 above, r = Σ Pn·Qn mod 11, check = 0 when
/// r ≤ 1, else 11 − r. <c>default</c> is not a valid code. Not secret, but shown only to staff.
/// </remarks>
public readonly record struct ResidentRecordCode
{
    /// <summary>The number of digits, check digit included.</summary>
    public const int Length = 11;

    private readonly string? _digits;

    private ResidentRecordCode(string digits) => _digits = digits;

    /// <summary>The eleven digits.</summary>
    public string Value => _digits ?? throw new InvalidOperationException("An empty resident record code has no digits.");

    public static ParseResult<ResidentRecordCode> Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
            return ParseResult<ResidentRecordCode>.Fail("A resident record code is required.");
        if (text.Length != Length || !text.All(char.IsAsciiDigit))
            return ParseResult<ResidentRecordCode>.Fail($"A resident record code has {Length} digits.");
        if (CheckDigit(text.AsSpan(0, Length - 1)) != text[^1] - '0')
            return ParseResult<ResidentRecordCode>.Fail("The resident record code's check digit is wrong.");
        return ParseResult<ResidentRecordCode>.Ok(new ResidentRecordCode(text));
    }

    /// <summary>A new random code (the sandbox assigns its own; uniqueness is the registry's job).</summary>
    public static ResidentRecordCode NewRandom()
    {
        Span<char> ten = stackalloc char[Length - 1];
        for (var i = 0; i < ten.Length; i++)
            ten[i] = (char)('0' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(10));
        ten[0] = (char)('1' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(9)); // no leading zero, as issued codes
        return new ResidentRecordCode(new string(ten) + (char)('0' + CheckDigit(ten)));
    }

    private static int CheckDigit(ReadOnlySpan<char> ten)
    {
        var sum = 0;
        for (var n = 1; n <= ten.Length; n++)
        {
            var p = ten[^n] - '0';
            var q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        var r = sum % 11;
        return r <= 1 ? 0 : 11 - r;
    }

    public override string ToString() => _digits ?? "";
}
