namespace Myna.Pki.Verification;

/// <summary>Limits and tolerances of a <see cref="JpkiVerifier"/>.</summary>
public sealed record JpkiVerifierOptions
{
    /// <summary>Longest login challenge accepted. Default 1,024 bytes (a challenge is a nonce, typically 32).</summary>
    public int MaxChallengeBytes { get; init; } = 1024;

    /// <summary>
    /// Most certificates whose chain result is kept; the cache is emptied when full, so a flood of distinct
    /// certificates costs memory only up to this bound. Default 100,000.
    /// </summary>
    public int MaxCachedCertificates { get; init; } = 100_000;

    /// <summary>How far in the future a document's signingTime may lie (clock difference). Default five minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    internal void Validate()
    {
        if (MaxChallengeBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxChallengeBytes));
        if (MaxCachedCertificates < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxCachedCertificates));
        if (ClockSkew < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ClockSkew));
    }
}
