using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Myna.Primitives;

namespace Myna.Reader;

/// <summary>
/// 照合番号B, the key a terminal reads off the card's face to open the card-face data of the visual AP (card-interface
/// §3): 14 digits — the date of birth as era <c>YYMMDD</c>, the card's expiry year <c>YYYY</c> and the 4-digit security
/// code. The face-recognition terminal's camera reads the three from the card's face.
/// </summary>
/// <remarks>Never shown: <see cref="ToString"/> gives no digit, and <see cref="Dispose"/> wipes the bytes.</remarks>
public sealed class CollationNumberB : IDisposable
{
    /// <summary>Its length in digits.</summary>
    public const int Length = 14;

    /// <summary>
    /// Wrong entries the chip allows before it blocks 照合番号B: the real card's number is unknown (card-interface §3),
    /// Myna's chip allows ten (docs/card.md §5).
    /// </summary>
    public const int MaxTries = 10;

    private readonly byte[] _ascii;

    private CollationNumberB(byte[] ascii) => _ascii = ascii;

    /// <summary>The 14 digits as a terminal sends them (ASCII).</summary>
    public ReadOnlySpan<byte> AsciiBytes => _ascii;

    /// <summary>Takes the 14 digits (spaces and hyphens between groups allowed).</summary>
    public static ParseResult<CollationNumberB> Parse(string? text)
    {
        var digits = string.Concat((text ?? "").Where(c => c is not (' ' or '-')));
        if (digits.Length != Length || !digits.All(char.IsAsciiDigit))
            return ParseResult<CollationNumberB>.Fail("14 digits: the date of birth as era YYMMDD, the card's expiry year YYYY, the 4-digit security code");
        var month = int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(digits.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day is < 1 or > 31)
            return ParseResult<CollationNumberB>.Fail("its first six digits are the date of birth as era YYMMDD (month 01–12, day 01–31)");
        return ParseResult<CollationNumberB>.Ok(new CollationNumberB(Encoding.ASCII.GetBytes(digits)));
    }

    /// <summary>照合番号B from what the card's face shows: the date of birth, the expiry date and the security code.</summary>
    /// <exception cref="ArgumentException">The security code is not 4 digits.</exception>
    public static CollationNumberB Of(DateOnly birthDate, DateOnly cardExpiry, string securityCode)
    {
        if (securityCode is not { Length: 4 } || !securityCode.All(char.IsAsciiDigit))
            throw new ArgumentException("A security code is 4 digits.", nameof(securityCode));
        return new CollationNumberB(Encoding.ASCII.GetBytes(
            JapaneseEras.ToEraYyMmDd(birthDate) + cardExpiry.Year.ToString("D4", CultureInfo.InvariantCulture) + securityCode));
    }

    public override string ToString() => "照合番号B (14 digits)";

    public void Dispose() => CryptographicOperations.ZeroMemory(_ascii);
}
