using Myna.Primitives;

namespace Myna.Insurance;

/// <summary>
/// An insurer number (保険者番号), as the insurance card and the online eligibility check carry it: eight digits for the
/// employee schemes and late-stage elderly care (法別番号 2, prefecture 2, insurer 3, check digit 1), six for national
/// health insurance (prefecture 2, insurer 3, check digit 1). E.g. <c>33120015</c>, <c>070037</c>.
/// </summary>
/// <remarks>
/// The check digit (検証番号) is the one the health ministry's rules for setting insurer numbers (保険者番号設定要領)
/// prescribe: going leftwards from the digit before the check digit, multiply the digits by 2, 1, 2, 1 …; add up the
/// products, counting a two-digit product as the sum of its two digits; the check digit is 10 minus the last digit of
/// that sum, or 0 when the last digit is 0. <c>default</c> is not a valid number.
/// </remarks>
public readonly record struct InsurerNumber
{
    private readonly string? _digits;

    private InsurerNumber(string digits) => _digits = digits;

    /// <summary>The six or eight digits.</summary>
    public string Value => _digits ?? throw new InvalidOperationException("An empty insurer number has no digits.");

    /// <summary>Whether it is a national health insurance number (six digits, no 法別番号).</summary>
    public bool IsNationalHealthInsurance => Value.Length == 6;

    /// <summary>The 法別番号 (law code: 01 協会けんぽ, 06 健保組合, 31–34 共済, 39 後期高齢者医療 …); null for six digits.</summary>
    public string? LawCode => IsNationalHealthInsurance ? null : Value[..2];

    /// <summary>The prefecture's two digits (01 Hokkaido … 47 Okinawa).</summary>
    public string Prefecture => IsNationalHealthInsurance ? Value[..2] : Value[2..4];

    /// <summary>Parses six or eight digits with a right check digit.</summary>
    public static ParseResult<InsurerNumber> Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
            return ParseResult<InsurerNumber>.Fail("An insurer number is required.");
        if (text.Length is not (6 or 8) || !text.All(char.IsAsciiDigit))
            return ParseResult<InsurerNumber>.Fail("An insurer number has 8 digits, or 6 for national health insurance.");
        var prefecture = int.Parse(text.AsSpan(text.Length - 6, 2), System.Globalization.CultureInfo.InvariantCulture);
        if (prefecture is < 1 or > 47)
            return ParseResult<InsurerNumber>.Fail("An insurer number's prefecture digits lie between 01 and 47.");
        if (text[^1] - '0' != CheckDigit(text.AsSpan(0, text.Length - 1)))
            return ParseResult<InsurerNumber>.Fail("The insurer number's check digit is wrong.");
        return ParseResult<InsurerNumber>.Ok(new InsurerNumber(text));
    }

    /// <summary>The check digit of the digits before it (see the remarks).</summary>
    public static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var product = (digits[digits.Length - 1 - i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += product / 10 + product % 10;
        }
        return (10 - sum % 10) % 10;
    }

    /// <summary>Whether an insurer of <paramref name="scheme"/> may have this number (six digits for NHI, its 法別番号 otherwise).</summary>
    public bool Fits(InsuranceScheme scheme) =>
        scheme == InsuranceScheme.NationalHealthInsurance
            ? IsNationalHealthInsurance
            : !IsNationalHealthInsurance && InsuranceSchemes.LawCodes(scheme).Contains(LawCode);

    public override string ToString() => _digits ?? "";
}
