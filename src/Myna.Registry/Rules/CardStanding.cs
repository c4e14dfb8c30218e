namespace Myna.Registry.Rules;

/// <summary>
/// Where a card stands apart from its expiry, as the rules need it (D, V7). Expiry is not a standing here:
/// it follows from the date, so rules take the expiry date beside this.
/// </summary>
/// <remarks><c>default</c> is <see cref="InForce"/>.</remarks>
public enum CardStanding
{
    /// <summary>Delivered and usable (交付済み).</summary>
    InForce,

    /// <summary>L1: suspended (一時停止) after a report of loss or theft; the e-certificates are revoked.</summary>
    Suspended,

    /// <summary>V5: lapsed (失効) on moving; never usable again.</summary>
    Lapsed,

    /// <summary>Handed back (返納), also when replaced by a new card.</summary>
    Returned,
}
