using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Myna.OnlineEligibility.Checks;

/// <summary>
/// Checks the service opens without writing anything: the check's id says when it was opened and carries a MAC that
/// binds it to the terminal it was opened for, and its challenge is a MAC of the id, so the service knows both again
/// from the id alone when the answer comes. The ids of opened checks and of challenges given ahead in a batch are made
/// alike; the answered or ended check's row is what makes a second answer be refused.
/// </summary>
/// <remarks>
/// <para>The id's 16 bytes (big-endian, as its text shows them): the opening time in Unix milliseconds (6), a counter
/// that starts at a random value (4: two checks of one process never share an id), and the first 6 bytes of
/// HMAC-SHA256(secret, 1 ‖ terminal id ‖ the first 10 bytes). Only the service makes a valid id, and only for that
/// terminal: a guessed or another terminal's id is an unknown check. The challenge is HMAC-SHA256(secret, 2 ‖ terminal id
/// ‖ check id), 32 bytes no one can tell before the service gives them.</para>
/// <para>The secret is the service's (a file in the data directory); with a new secret, the checks opened before and not
/// yet answered are unknown.</para>
/// </remarks>
public sealed class CheckChallenges
{
    private const byte IdPurpose = 1;
    private const byte ChallengePurpose = 2;
    private const int MacOffset = 10;
    private readonly byte[] _secret;
    private uint _counter = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));

    /// <param name="secret">At least 32 bytes.</param>
    public CheckChallenges(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32)
            throw new ArgumentException("The checks' secret has at least 32 bytes.", nameof(secret));
        _secret = secret;
    }

    /// <summary>A new check's id for <paramref name="terminalId"/>, opened at <paramref name="now"/> (to the millisecond).</summary>
    public Guid Issue(Guid terminalId, DateTimeOffset now)
    {
        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(id[..8], now.ToUnixTimeMilliseconds() << 16);
        BinaryPrimitives.WriteUInt32BigEndian(id[6..], Interlocked.Increment(ref _counter));
        Mac(terminalId, id[..MacOffset], id[MacOffset..]);
        return new Guid(id, bigEndian: true);
    }

    /// <summary>When the check was opened, if <paramref name="checkId"/> is one the service opened for <paramref name="terminalId"/>; null otherwise.</summary>
    public DateTimeOffset? OpenedAt(Guid checkId, Guid terminalId)
    {
        Span<byte> id = stackalloc byte[16];
        checkId.TryWriteBytes(id, bigEndian: true, out _);
        Span<byte> mac = stackalloc byte[16 - MacOffset];
        Mac(terminalId, id[..MacOffset], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, id[MacOffset..]))
            return null;
        return DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(id[..8]) >>> 16);
    }

    /// <summary>The challenge of the check: what the card signs (SHA-256 of it) after the PIN.</summary>
    public byte[] ChallengeOf(Guid checkId, Guid terminalId)
    {
        Span<byte> input = stackalloc byte[33];
        input[0] = ChallengePurpose;
        terminalId.TryWriteBytes(input[1..17], bigEndian: true, out _);
        checkId.TryWriteBytes(input[17..], bigEndian: true, out _);
        return HMACSHA256.HashData(_secret, input);
    }

    private void Mac(Guid terminalId, ReadOnlySpan<byte> head, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[1 + 16 + MacOffset];
        input[0] = IdPurpose;
        terminalId.TryWriteBytes(input[1..17], bigEndian: true, out _);
        head.CopyTo(input[17..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, input, mac);
        mac[..destination.Length].CopyTo(destination);
    }
}
