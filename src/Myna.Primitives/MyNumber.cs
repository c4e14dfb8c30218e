using System.Text;

namespace Myna.Primitives;

/// <summary>
/// An individual number (個人番号, "My Number"): eleven digits and a check digit (検査用数字).
/// </summary>
/// <remarks>
/// <para><see cref="ToString"/> never shows the digits; <see cref="Reveal"/> does, and a caller that
/// uses it takes responsibility for where the digits go (never a log, an exception message or a URL).</para>
/// <para><c>default</c> is not a valid number: <see cref="IsDefault"/> is true and <see cref="Reveal"/>
/// throws.</para>
/// </remarks>
public readonly record struct MyNumber
{
    /// <summary>The number of digits, check digit included.</summary>
    public const int Length = 12;

    private readonly string? _digits;

    private MyNumber(string digits) => _digits = digits;

    public bool IsDefault => _digits is null;

    /// <summary>Parses twelve ASCII digits and checks the check digit (card-interface §7).</summary>
    public static ParseResult<MyNumber> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return ParseResult<MyNumber>.Fail("A My Number is required.");
        if (text.Length != Length)
            return ParseResult<MyNumber>.Fail($"A My Number has {Length} digits.");
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
                return ParseResult<MyNumber>.Fail("A My Number has digits only.");
        }
        if (ComputeCheckDigit(text.AsSpan(0, Length - 1)) != text[Length - 1] - '0')
            return ParseResult<MyNumber>.Fail("The My Number's check digit is wrong.");
        return ParseResult<MyNumber>.Ok(new MyNumber(text));
    }

    /// <summary>Makes a number from its first eleven digits, appending the check digit.</summary>
    /// <exception cref="ArgumentException">Not eleven ASCII digits.</exception>
    public static MyNumber FromFirstElevenDigits(string eleven)
    {
        if (eleven is null || eleven.Length != Length - 1 || !eleven.All(char.IsAsciiDigit))
            throw new ArgumentException("Eleven ASCII digits are required.", nameof(eleven));
        return new MyNumber(eleven + (char)('0' + ComputeCheckDigit(eleven)));
    }

    /// <summary>
    /// The check digit of the first eleven digits: weights 6 5 4 3 2 7 6 5 4 3 2 from the left,
    /// r = Σ mod 11, check = 0 when r ≤ 1, else 11 − r (card-interface §7; 行政手続における特定の個人を識別するための
    /// 番号の利用等に関する法律施行令 第8条).
    /// </summary>
    public static int ComputeCheckDigit(ReadOnlySpan<char> eleven)
    {
        if (eleven.Length != Length - 1)
            throw new ArgumentException("Eleven digits are required.", nameof(eleven));
        ReadOnlySpan<int> weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var d = eleven[i] - '0';
            if (d is < 0 or > 9)
                throw new ArgumentException("Digits only.", nameof(eleven));
            sum += d * weights[i];
        }
        var r = sum % 11;
        return r <= 1 ? 0 : 11 - r;
    }

    /// <summary>The twelve digits. Only for the places that must show or store them.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default</c>.</exception>
    public string Reveal() => _digits ?? throw new InvalidOperationException("An empty My Number has no digits.");

    /// <summary>The twelve digits as ASCII bytes, as the chip stores them (EF 0001 of the text AP).</summary>
    public byte[] ToAsciiBytes() => Encoding.ASCII.GetBytes(Reveal());

    /// <summary>The last four digits, as a list may show them (<c>********9018</c>).</summary>
    public string Masked() => _digits is null ? "" : new string('*', Length - 4) + _digits[^4..];

    /// <summary>Never the digits.</summary>
    public override string ToString() => "************";
}
