namespace Myna.Primitives;

/// <summary>
/// The dates the system reckons with: from the first day of Meiji, the earliest date the card can write, to the end
/// of 2199, beyond any card's expiry. A date typed outside them (0001-01-01, 9999-12-31) is refused as input before any
/// date arithmetic, which would overflow at the ends of <see cref="DateOnly"/>.
/// </summary>
public static class CivilDates
{
    public static readonly DateOnly Earliest = JapaneseEras.Earliest;

    public static readonly DateOnly Latest = new(2199, 12, 31);

    public static bool Contains(DateOnly date) => date >= Earliest && date <= Latest;
}
