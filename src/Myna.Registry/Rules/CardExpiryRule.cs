using Myna.Primitives;

namespace Myna.Registry.Rules;

/// <summary>
/// V2: a card's expiry (有効期限), counted in birthdays from the day of issue — the 10th birthday for a
/// holder 18 or over on that day, the 5th for a younger one (whose face photo changes faster).
/// </summary>
/// <remarks>
/// Foreign residents' expiries (V3, V4) never pass this date: see <see cref="ForeignResidentExpiryRule"/>.
/// A holder born on 29 February has the expiry on 28 February in a common year (<see cref="Birthdays.InYear"/>).
/// </remarks>
public static class CardExpiryRule
{
    /// <summary>The age on the day of issue from which the card runs ten birthdays (V2).</summary>
    public const int AdultAge = 18;

    /// <summary>The card's last valid day (the expiry date itself is still valid).</summary>
    public static DateOnly ExpiryFor(DateOnly birthDate, DateOnly issueDate)
    {
        if (birthDate > issueDate)
            throw new ArgumentOutOfRangeException(nameof(birthDate), "A card is not issued before its holder is born.");
        var birthdays = Birthdays.AgeOn(birthDate, issueDate) >= AdultAge ? 10 : 5;
        return Birthdays.NthBirthdayAfter(birthDate, issueDate, birthdays);
    }

    /// <summary>
    /// E2, V2: an e-certificate expires on the 5th birthday after its issue, and never after the card.
    /// </summary>
    public static DateOnly CertificateExpiryFor(DateOnly birthDate, DateOnly issueDate, DateOnly cardExpiry)
    {
        var fifth = Birthdays.NthBirthdayAfter(birthDate, issueDate, 5);
        return fifth < cardExpiry ? fifth : cardExpiry;
    }
}
