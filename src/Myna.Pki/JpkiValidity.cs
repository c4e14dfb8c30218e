using Myna.Primitives;

namespace Myna.Pki;

/// <summary>Validity periods of the JPKI certificates (V2, E2, card-interface §6).</summary>
public static class JpkiValidity
{
    /// <summary>Years an e-certificate lasts, counted in birthdays from the day of issue (V2, E2).</summary>
    public const int EndEntityBirthdays = 5;

    /// <summary>Years a CA certificate lasts (card-interface §6: e.g. 2023-07-16 → 2033-07-15).</summary>
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

    /// <summary>
    /// A fixed CA validity under which an authority can issue on every Japanese date from
    /// <paramref name="firstIssueDay"/> to <paramref name="lastIssueDay"/>: from 00:00 JST of the first day to
    /// 23:59:59 JST of the day <see cref="AuthorityYears"/> years after the last. A card issued on the last day
    /// lasts at most 10 birthdays (V2) and its e-certificates at most 5 (V2, E2), so the CA outlives every
    /// certificate it issues in the window and every card that carries one (RFC 5280 §6.1.3: the CA must be valid
    /// whenever the path is). The sandbox server's choice, whose clock may be set to any of those dates.
    /// </summary>
    /// <exception cref="ArgumentException">The last day is before the first.</exception>
    public static ValidityPeriod AuthorityValidityCovering(DateOnly firstIssueDay, DateOnly lastIssueDay)
    {
        if (lastIssueDay < firstIssueDay)
            throw new ArgumentException("The last issue day is before the first.", nameof(lastIssueDay));
        return new ValidityPeriod(JapanClock.StartOf(firstIssueDay), EndOf(lastIssueDay.AddYears(AuthorityYears)));
    }
}
