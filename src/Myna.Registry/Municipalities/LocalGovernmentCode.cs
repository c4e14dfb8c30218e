using Myna.Primitives;

namespace Myna.Registry.Municipalities;

/// <summary>
/// A local government code (全国地方公共団体コード): the five digits of JIS X 0402 and a check digit
/// (検査数字), e.g. Koriyama City <c>072036</c>.
/// </summary>
/// <remarks>
/// Check digit (総務省 "全国地方公共団体コード仕様"): weights 6 5 4 3 2 over the five digits, r = Σ mod 11,
/// check = 11 − r, and its last digit when that is 10 or 11 (i.e. (11 − r) mod 10). <c>default</c> is not a
/// valid code.
/// </remarks>
public readonly record struct LocalGovernmentCode
{
    private readonly string? _digits;

    private LocalGovernmentCode(string digits) => _digits = digits;

    /// <summary>The six digits.</summary>
    public string Value => _digits ?? throw new InvalidOperationException("An empty local government code has no digits.");

    /// <summary>The five JIS X 0402 digits, without the check digit (as the card's issuer records it).</summary>
    public string JisCode => Value[..5];

    /// <summary>Parses six digits with a right check digit, or five digits to which it is added.</summary>
    public static ParseResult<LocalGovernmentCode> Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
            return ParseResult<LocalGovernmentCode>.Fail("A local government code is required.");
        if (text.Length is not (5 or 6) || !text.All(char.IsAsciiDigit))
            return ParseResult<LocalGovernmentCode>.Fail("A local government code has 5 digits, or 6 with its check digit.");
        var check = CheckDigit(text.AsSpan(0, 5));
        if (text.Length == 6 && text[5] - '0' != check)
            return ParseResult<LocalGovernmentCode>.Fail("The local government code's check digit is wrong.");
        return ParseResult<LocalGovernmentCode>.Ok(new LocalGovernmentCode(text[..5] + (char)('0' + check)));
    }

    private static int CheckDigit(ReadOnlySpan<char> five)
    {
        var sum = 0;
        for (var i = 0; i < 5; i++)
            sum += (five[i] - '0') * (6 - i);
        return (11 - (sum % 11)) % 10;
    }

    public override string ToString() => _digits ?? "";
}
