using System.Security.Cryptography;

namespace Myna.ConvenienceIssuance.Municipal;

/// <summary>
/// Issue numbers (発行番号) of kiosk documents: the day, then eight random characters of Crockford's base 32, e.g.
/// <c>261206-7K3M-Q9TD</c>. Random rather than counted, so that parallel issues need no shared counter; one in 32^8 a
/// day to collide, which the unique index turns into a retried transaction, never a duplicate.
/// </summary>
public static class IssueNumbers
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new issue number for <paramref name="day"/> (Japan).</summary>
    public static string Next(DateOnly day)
    {
        Span<char> random = stackalloc char[8];
        for (var i = 0; i < random.Length; i++)
            random[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return $"{day:yyMMdd}-{random[..4]}-{random[4..]}";
    }
}
