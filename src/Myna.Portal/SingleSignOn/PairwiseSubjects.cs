using System.Security.Cryptography;
using System.Text;

namespace Myna.Portal.SingleSignOn;

/// <summary>
/// The subject (<c>sub</c>) an outside service knows a holder by (U3.6): pairwise, one per service, so that two services
/// cannot match their users by it, and stable, so that each service finds the same holder at every login. It is
/// HMAC-SHA256, under the portal's own secret key, of the service's sector (its client id) and the portal account, in
/// Base64url: neither the account id nor the My Number, and nothing that can be turned back into either without the key.
/// </summary>
public sealed class PairwiseSubjects
{
    /// <summary>The key's length in bytes.</summary>
    public const int KeyLength = 32;

    private readonly byte[] _key;

    /// <param name="key">The server's secret of <see cref="KeyLength"/> bytes (kept in the data directory's keys folder).</param>
    public PairwiseSubjects(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeyLength)
            throw new ArgumentException($"The pairwise subject key is {KeyLength} bytes.", nameof(key));
        _key = (byte[])key.Clone();
    }

    /// <summary>The subject of <paramref name="account"/> for the service of sector <paramref name="sector"/>.</summary>
    public string For(string sector, Guid account)
    {
        ArgumentException.ThrowIfNullOrEmpty(sector);
        // Length-prefixed, so that no sector and account can be read as another pair.
        var input = Encoding.UTF8.GetBytes($"myna-portal-sub|{sector.Length}|{sector}|{account:N}");
        return Convert.ToBase64String(HMACSHA256.HashData(_key, input)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
