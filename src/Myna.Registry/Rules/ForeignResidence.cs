namespace Myna.Registry.Rules;

/// <summary>The kinds of foreign resident (外国人住民) that V3 tells apart for the card's expiry.</summary>
public enum ResidenceCategory
{
    /// <summary>Permanent resident (永住者): expiry as for Japanese nationals (V2).</summary>
    PermanentResident,

    /// <summary>Highly skilled professional (ii) (高度専門職2号): as V2.</summary>
    HighlySkilledProfessionalII,

    /// <summary>Special permanent resident (特別永住者): as V2.</summary>
    SpecialPermanentResident,

    /// <summary>Any other mid- to long-term resident (中長期在留者): the last day of the period of stay.</summary>
    MidToLongTerm,

    /// <summary>Temporary refuge permission (一時庇護許可者): the end of the landing period.</summary>
    TemporaryRefuge,

    /// <summary>Provisional stay permission (仮滞在許可者): the end of the provisional stay period.</summary>
    ProvisionalStay,

    /// <summary>Transitional stay after birth in Japan (出生による経過滞在者): 60 days after the birth.</summary>
    TransitionalStayAfterBirth,

    /// <summary>Transitional stay after losing Japanese nationality (国籍喪失による経過滞在者): 60 days after the loss.</summary>
    TransitionalStayAfterLossOfNationality,
}

/// <summary>
/// A foreign resident's status as V3 needs it: the category and, where the category has one, the date the
/// expiry is counted from.
/// </summary>
/// <remarks>Made only through the factories, so a category never lacks its date.</remarks>
public sealed record ForeignResidence
{
    private ForeignResidence(ResidenceCategory category, DateOnly? date)
    {
        Category = category;
        Date = date;
    }

    /// <summary>The category (在留資格 as V3 groups them).</summary>
    public ResidenceCategory Category { get; }

    /// <summary>
    /// The last day of the period of stay or permission (mid- to long-term, refuge, provisional stay), the day of
    /// birth or of the loss of nationality (transitional stay), or <c>null</c> (the V2 categories).
    /// </summary>
    public DateOnly? Date { get; }

    /// <summary>Permanent resident (永住者).</summary>
    /// <summary>A residence of <paramref name="category"/> with its date, as a store or a form gives them.</summary>
    /// <exception cref="ArgumentException">The category needs a date and none was given, or the other way round.</exception>
    public static ForeignResidence Of(ResidenceCategory category, DateOnly? date)
    {
        var needsDate = category is not (ResidenceCategory.PermanentResident or ResidenceCategory.HighlySkilledProfessionalII
            or ResidenceCategory.SpecialPermanentResident);
        if (needsDate != date.HasValue)
            throw new ArgumentException(needsDate ? "This residence status needs its date (V3)." : "This residence status has no end date (V3).", nameof(date));
        if (!Enum.IsDefined(category))
            throw new ArgumentOutOfRangeException(nameof(category));
        return new ForeignResidence(category, date);
    }

    public static ForeignResidence PermanentResident { get; } = new(ResidenceCategory.PermanentResident, null);

    /// <summary>Highly skilled professional (ii) (高度専門職2号).</summary>
    public static ForeignResidence HighlySkilledProfessionalII { get; } = new(ResidenceCategory.HighlySkilledProfessionalII, null);

    /// <summary>Special permanent resident (特別永住者).</summary>
    public static ForeignResidence SpecialPermanentResident { get; } = new(ResidenceCategory.SpecialPermanentResident, null);

    /// <summary>Another mid- to long-term resident whose period of stay ends on <paramref name="periodOfStayEnds"/>.</summary>
    public static ForeignResidence MidToLongTerm(DateOnly periodOfStayEnds) => new(ResidenceCategory.MidToLongTerm, periodOfStayEnds);

    /// <summary>Temporary refuge whose landing period ends on <paramref name="landingPeriodEnds"/>.</summary>
    public static ForeignResidence TemporaryRefuge(DateOnly landingPeriodEnds) => new(ResidenceCategory.TemporaryRefuge, landingPeriodEnds);

    /// <summary>Provisional stay whose period ends on <paramref name="periodEnds"/>.</summary>
    public static ForeignResidence ProvisionalStay(DateOnly periodEnds) => new(ResidenceCategory.ProvisionalStay, periodEnds);

    /// <summary>Transitional stay of a child born in Japan on <paramref name="bornOn"/>.</summary>
    public static ForeignResidence AfterBirth(DateOnly bornOn) => new(ResidenceCategory.TransitionalStayAfterBirth, bornOn);

    /// <summary>Transitional stay after losing Japanese nationality on <paramref name="lostOn"/>.</summary>
    public static ForeignResidence AfterLossOfNationality(DateOnly lostOn) =>
        new(ResidenceCategory.TransitionalStayAfterLossOfNationality, lostOn);
}
