using Myna.Primitives;

namespace Myna.Pki;

/// <summary>Validity periods of the JPKI certificates (V2, E2, spec §6).</summary>
public static class JpkiValidity
{
    /// <summary>Years an e-certificate lasts, counted in birthdays from the day of issue (V2, E2).</summary>
    public const int EndEntityBirthdays = 5;

    /// <summary>Years a CA certificate lasts (spec §6: e.g. 2023-07-16 → 2033-07-15).</summary>
    public const int AuthorityYears = 10;

    /// <summary>The last second of a Japanese civil date, 23:59:59 JST; notAfter is inclusive (RFC 5280 §4.1.2.5).</summary>
    public static DateTimeOffset EndOf(DateOnly date) => JapanClock.StartOf(date).AddDays(1).AddSeconds(-1);

    /// <summary>
    /// The last day an e-certificate issued on <paramref name="issueDate"/> is valid: the holder's 5th
    /// birthday after the issue date (a birthday on the issue day itself does not count; 29 February is 28
    /// February in a common year), but never after the card's expiry (V2, E2).
    /// </summary>
    public static DateOnly EndEntityLastDay(DateOnly birthDate, DateOnly issueDate, DateOnly cardExpiry)
    {
        var fifthBirthday = Birthdays.NthBirthdayAfter(birthDate, issueDate, EndEntityBirthdays);
        return fifthBirthday < cardExpiry ? fifthBirthday : cardExpiry;
    }

    /// <summary>notAfter of an e-certificate: <see cref="EndEntityLastDay"/> at 23:59:59 JST.</summary>
    public static DateTimeOffset EndEntityNotAfter(DateOnly birthDate, DateOnly issueDate, DateOnly cardExpiry) =>
        EndOf(EndEntityLastDay(birthDate, issueDate, cardExpiry));

    /// <summary>notAfter of a CA certificate created on <paramref name="issueDate"/>: the day before the 10th anniversary.</summary>
    public static DateTimeOffset AuthorityNotAfter(DateOnly issueDate) =>
        EndOf(issueDate.AddYears(AuthorityYears).AddDays(-1));
}
