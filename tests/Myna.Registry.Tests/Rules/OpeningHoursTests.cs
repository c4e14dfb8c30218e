using Microsoft.Extensions.Time.Testing;
using Myna.Registry.Rules;
using static Myna.Registry.Tests.Rules.Dates;

namespace Myna.Registry.Tests.Rules;

public class OpeningHoursTests
{
    [Theory]
    [InlineData("2026-03-02 09:29:59", false)] // Monday, before opening
    [InlineData("2026-03-02 09:30", true)]
    [InlineData("2026-03-02 19:59:59", true)]
    [InlineData("2026-03-02 20:00", false)]    // K: closing time is closed
    [InlineData("2026-03-07 17:29:59", true)]  // Saturday: 09:30–17:30
    [InlineData("2026-03-07 17:30", false)]
    [InlineData("2026-05-04 18:00", false)]    // Monday but Greenery Day: holiday hours
    [InlineData("2026-05-06 18:00", false)]    // Wednesday but a substitute holiday
    [InlineData("2026-05-07 18:00", true)]     // an ordinary Thursday
    [InlineData("2026-12-28 19:00", true)]     // the last weekday before the year-end closure
    [InlineData("2026-12-29 12:00", false)]    // K: closed 29 December – 3 January, even on a Tuesday
    [InlineData("2027-01-03 12:00", false)]
    [InlineData("2027-01-04 09:30", true)]
    public void CallCentre_GeneralLine_Hours_K(string jst, bool open)
    {
        var decision = CallCentreHours.IsOpen(CallCentreLine.General, Jst(jst));
        Assert.Equal(open, decision.IsAllowed);
        Assert.Equal("K", decision.Rule);
    }

    [Theory]
    [InlineData("2027-01-01 03:00")]
    [InlineData("2026-03-02 23:59")]
    [InlineData("2026-05-04 05:00")]
    public void CallCentre_Suspensions_AnyHour_L1(string jst) =>
        Assert.True(CallCentreHours.IsOpen(CallCentreLine.Suspension, Jst(jst)).IsAllowed);

    [Fact]
    public void CallCentre_Closed_PointsToTheSuspensionLine_K() =>
        Assert.Equal(
            "the call centre 0120-95-0178 is open 09:30–20:00 on weekdays, not at 20:00 on 2026-03-02; suspensions of a lost or stolen card are taken at any hour (K)",
            CallCentreHours.IsOpen(CallCentreLine.General, Jst("2026-03-02 20:00")).Reason.English);

    [Fact]
    public void CallCentre_ReadsTheClockInJapanTime_K()
    {
        // 00:30 UTC is 09:30 in Tokyo: open; 11:00 UTC is 20:00 in Tokyo: closed.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero));
        Assert.True(CallCentreHours.IsOpen(CallCentreLine.General, clock).IsAllowed);
        clock.Advance(TimeSpan.FromHours(10.5));
        Assert.False(CallCentreHours.IsOpen(CallCentreLine.General, clock).IsAllowed);
    }

    [Theory]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-01 06:29:59", false)] // Sunday too: every day
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-01 06:30", true)]
    [InlineData(KioskCertificate.SealRegistration, "2026-05-04 22:59:59", true)]
    [InlineData(KioskCertificate.IncomeAndTax, "2026-12-31 23:00", false)]
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 09:59:59", false)] // family register: 10:00–17:15
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 10:00", true)]
    [InlineData(KioskCertificate.FamilyRegisterAttachment, "2026-03-02 17:14:59", true)]
    [InlineData(KioskCertificate.FamilyRegisterAttachment, "2026-03-02 17:15", false)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 17:15", true)]
    public void Kiosk_ConvenienceStoreHours_U2_1(KioskCertificate certificate, string jst, bool open)
    {
        var decision = KioskHours.MayIssue(KioskPlace.ConvenienceStore, certificate, Jst(jst));
        Assert.Equal(open, decision.IsAllowed);
        Assert.Equal("U2.1", decision.Rule);
    }

    [Theory]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 08:29:59", false)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 08:30", true)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-02 17:15", false)]
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 09:00", false)]  // family register keeps 10:00–17:15
    [InlineData(KioskCertificate.FamilyRegister, "2026-03-02 10:00", true)]
    [InlineData(KioskCertificate.ResidentRecord, "2026-03-07 10:00", false)]  // Saturday: the hall is closed
    [InlineData(KioskCertificate.ResidentRecord, "2026-05-04 10:00", false)]  // national holiday
    [InlineData(KioskCertificate.ResidentRecord, "2026-12-29 10:00", false)]  // year-end closure
    public void Kiosk_CityHallMachine_WhileTheHallIsOpen_U2_11(KioskCertificate certificate, string jst, bool open)
    {
        var decision = KioskHours.MayIssue(KioskPlace.CityHall, certificate, Jst(jst));
        Assert.Equal(open, decision.IsAllowed);
        Assert.Equal("U2.11", decision.Rule);
    }

    [Fact]
    public void Kiosk_Refusal_NamesTheHours_U2_1() =>
        Assert.Equal("convenience-store kiosks issue family-register certificates only 10:00–17:15, not at 09:59 (U2.1)",
            KioskHours.MayIssue(KioskPlace.ConvenienceStore, KioskCertificate.FamilyRegister, Jst("2026-03-02 09:59")).Reason.English);

    [Fact]
    public void Kiosk_ReadsTheClockInJapanTime_U2_1()
    {
        // 21:30 UTC on 1 March is 06:30 on 2 March in Tokyo.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 21, 29, 0, TimeSpan.Zero));
        Assert.False(KioskHours.MayIssue(KioskPlace.ConvenienceStore, KioskCertificate.ResidentRecord, clock).IsAllowed);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(KioskHours.MayIssue(KioskPlace.ConvenienceStore, KioskCertificate.ResidentRecord, clock).IsAllowed);
    }

    [Fact]
    public void DailyHours_Within_IsTheOverlap() =>
        Assert.Equal(new DailyHours(new TimeOnly(10, 0), new TimeOnly(17, 15)), KioskHours.CityHall.Within(KioskHours.FamilyRegister));
}
