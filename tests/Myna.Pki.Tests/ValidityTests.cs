using System.Formats.Asn1;
using Myna.Primitives;
using static Myna.Pki.Tests.TestPki;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests;

/// <summary>V2 / E2: issue → 5th birthday after issue (23:59:59 JST), never past the card's expiry.</summary>
public sealed class ValidityTests
{
    private static readonly DateOnly FarCardExpiry = new(2045, 1, 1);

    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) IssueBoth(
        DateTimeOffset issueInstant, DateOnly birthDate, DateOnly cardExpiry)
    {
        using var authorities = NewAuthorities(ClockAt(issueInstant));
        using var auth = authorities.Authentication.IssueAuthenticationCertificate(CardPublicKey, birthDate, Koriyama, cardExpiry);
        using var sign = authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako with { BirthDate = birthDate }, Koriyama), cardExpiry);
        var a = Validity(auth);
        var s = Validity(sign);
        // Both certificates of one card get the same period (V2 table) …
        Assert.Equal(a.NotBefore.Time, s.NotBefore.Time);
        Assert.Equal(a.NotAfter.Time, s.NotAfter.Time);
        // … in UTCTime, as every date before 2050 must be (RFC 5280 §4.1.2.5).
        Assert.All([a.NotBefore.Tag, a.NotAfter.Tag, s.NotBefore.Tag, s.NotAfter.Tag],
            t => Assert.Equal(Asn1Tag.UtcTime, t));
        return (a.NotBefore.Time, a.NotAfter.Time);
    }

    private static DateTimeOffset Jst(int y, int m, int d, int h = 23, int min = 59, int s = 59) =>
        new(y, m, d, h, min, s, JapanClock.Offset);

    [Fact]
    public void Validity_TestCardHolder_RunsFromIssueToFifthBirthday_V2()
    {
        // card-interface §6 test card: issued 2025-10-27, birthday 02-17, valid to 2030-02-17.
        var (notBefore, notAfter) = IssueBoth(IssueInstant, new DateOnly(1980, 2, 17), FarCardExpiry);
        Assert.Equal(IssueInstant, notBefore);
        Assert.Equal(Jst(2030, 2, 17), notAfter);
        Assert.Equal(new DateTimeOffset(2030, 2, 17, 14, 59, 59, TimeSpan.Zero), notAfter);
    }

    [Fact]
    public void Validity_IssuedOnTheBirthday_ThatBirthdayDoesNotCount_V2()
    {
        var (_, notAfter) = IssueBoth(IssueInstant, new DateOnly(1990, 10, 27), FarCardExpiry);
        Assert.Equal(Jst(2030, 10, 27), notAfter);
    }

    [Fact]
    public void Validity_IssuedTheDayBeforeTheBirthday_FifthBirthdayIsFourYearsAndADayLater_V2()
    {
        var (_, notAfter) = IssueBoth(IssueInstant, new DateOnly(1990, 10, 28), FarCardExpiry);
        Assert.Equal(Jst(2029, 10, 28), notAfter);
    }

    [Fact]
    public void Validity_IssuedJustAfterMidnightJst_UsesTheJapaneseDateNotUtc_V2()
    {
        // 2025-10-27 15:30 UTC is 2025-10-28 00:30 JST: the issue day is the 28th, the holder's birthday,
        // so it does not count. Counting from the UTC date would give 2029-10-28.
        var issued = new DateTimeOffset(2025, 10, 27, 15, 30, 0, TimeSpan.Zero);
        var (notBefore, notAfter) = IssueBoth(issued, new DateOnly(1990, 10, 28), FarCardExpiry);
        Assert.Equal(issued, notBefore);
        Assert.Equal(Jst(2030, 10, 28), notAfter);
    }

    [Fact]
    public void Validity_Feb29BirthdayFifthInCommonYear_EndsFeb28_V2()
    {
        // Birthdays after 2025-10-27: 2026, 2027, 2028 (29th), 2029, 2030 → 2030-02-28.
        var (_, notAfter) = IssueBoth(IssueInstant, new DateOnly(2000, 2, 29), FarCardExpiry);
        Assert.Equal(Jst(2030, 2, 28), notAfter);
    }

    [Fact]
    public void Validity_Feb29BirthdayFifthInLeapYear_EndsFeb29_V2()
    {
        // Issued 2023-03-01: 2024-02-29, 2025, 2026, 2027, 2028-02-29.
        var (_, notAfter) = IssueBoth(Jst(2023, 3, 1, 9, 0, 0), new DateOnly(2000, 2, 29), FarCardExpiry);
        Assert.Equal(Jst(2028, 2, 29), notAfter);
    }

    [Fact]
    public void Validity_Feb29BirthdayIssuedOnFeb28OfCommonYear_ThatDayIsTheBirthdayAndDoesNotCount_V2()
    {
        // In 2025 the holder's birthday is 02-28 (V2 note); issuing on it, the 5th birthday after is 2030-02-28.
        var (_, notAfter) = IssueBoth(Jst(2025, 2, 28, 9, 0, 0), new DateOnly(2004, 2, 29), FarCardExpiry);
        Assert.Equal(Jst(2030, 2, 28), notAfter);
    }

    [Fact]
    public void Validity_CardExpiresBeforeFifthBirthday_CappedAtCardExpiry_E2()
    {
        var (_, notAfter) = IssueBoth(IssueInstant, new DateOnly(1980, 2, 17), new DateOnly(2028, 5, 31));
        Assert.Equal(Jst(2028, 5, 31), notAfter);
    }

    [Fact]
    public void Validity_CardExpiresOnFifthBirthday_EndsThatDay_E2()
    {
        var (_, notAfter) = IssueBoth(IssueInstant, new DateOnly(1980, 2, 17), new DateOnly(2030, 2, 17));
        Assert.Equal(Jst(2030, 2, 17), notAfter);
    }

    [Fact]
    public void Validity_CardExpiresTheDayAfterFifthBirthday_StillFifthBirthday_V2()
    {
        var (_, notAfter) = IssueBoth(IssueInstant, new DateOnly(1980, 2, 17), new DateOnly(2030, 2, 18));
        Assert.Equal(Jst(2030, 2, 17), notAfter);
    }

    [Fact]
    public void Validity_ChildUnder15_AuthenticationRunsToFifthBirthday_V2()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        using var cert = authorities.Authentication.IssueAuthenticationCertificate(
            CardPublicKey, new DateOnly(2018, 4, 1), Koriyama, new DateOnly(2030, 4, 1));
        Assert.Equal(Jst(2030, 4, 1), Validity(cert).NotAfter.Time);
    }

    [Fact]
    public void Validity_CardAlreadyExpired_IsRefused_V7()
    {
        using var authorities = NewAuthorities(ClockAt(IssueInstant));
        Assert.Throws<ArgumentException>(() => authorities.Authentication.IssueAuthenticationCertificate(
            CardPublicKey, new DateOnly(1980, 2, 17), Koriyama, new DateOnly(2025, 10, 26)));
    }

    [Fact]
    public void Validity_NotBefore_IsTheClockTruncatedToTheSecond_Rfc5280_4_1_2_5()
    {
        var instant = IssueInstant.AddMilliseconds(987);
        using var authorities = NewAuthorities(ClockAt(instant));
        using var cert = authorities.Authentication.IssueAuthenticationCertificate(
            CardPublicKey, new DateOnly(1980, 2, 17), Koriyama, FarCardExpiry);
        Assert.Equal(IssueInstant, Validity(cert).NotBefore.Time);
        Assert.Equal(IssueInstant, authorities.Log.All[^1].NotBefore);
    }

    [Theory]
    [InlineData("1980-02-17", "2025-10-27", "2045-01-01", "2030-02-17")]
    [InlineData("1980-02-17", "2025-02-17", "2045-01-01", "2030-02-17")] // issued on the birthday
    [InlineData("1980-02-17", "2025-02-16", "2045-01-01", "2029-02-17")]
    [InlineData("2000-02-29", "2025-10-27", "2045-01-01", "2030-02-28")]
    [InlineData("2000-02-29", "2023-03-01", "2045-01-01", "2028-02-29")]
    [InlineData("1980-02-17", "2025-10-27", "2027-01-01", "2027-01-01")] // E2 cap
    public void EndEntityLastDay_Cases_AreFifthBirthdayOrCardExpiry_V2E2(
        string birth, string issue, string cardExpiry, string expected)
    {
        Assert.Equal(
            DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            JpkiValidity.EndEntityLastDay(
                DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture),
                DateOnly.Parse(issue, System.Globalization.CultureInfo.InvariantCulture),
                DateOnly.Parse(cardExpiry, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
