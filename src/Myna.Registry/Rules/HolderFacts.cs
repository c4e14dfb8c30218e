using Myna.Primitives;

namespace Myna.Registry.Rules;

/// <summary>What P4 and Q6 need to know of a card's holder: age and legal capacity.</summary>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="IsAdultWard">Whether the holder is an adult ward (成年被後見人) with a guardian as legal representative.</param>
public sealed record HolderFacts(DateOnly BirthDate, bool IsAdultWard = false)
{
    /// <summary>The age from which a holder applies and signs alone (P4, Q6).</summary>
    public const int AgeOfOwnApplication = 15;

    /// <summary>The age of majority (成年, Civil Code art. 4 since 2022-04-01), until which parents are legal representatives.</summary>
    public const int AgeOfMajority = 18;

    /// <summary>Age in completed years on <paramref name="on"/> (<see cref="Birthdays.AgeOn"/>).</summary>
    public int AgeOn(DateOnly on) => Birthdays.AgeOn(BirthDate, on);

    /// <summary>Whether the holder is under 15 on <paramref name="on"/>.</summary>
    public bool IsUnder15On(DateOnly on) => AgeOn(on) < AgeOfOwnApplication;

    /// <summary>Whether someone acts as the holder's legal representative on <paramref name="on"/> (a minor or an adult ward).</summary>
    public bool HasLegalRepresentativeOn(DateOnly on) => IsAdultWard || AgeOn(on) < AgeOfMajority;
}
