using Myna.Primitives.Text;

namespace Myna.Registry.Rules;

/// <summary>Which line of the My Number free dial is called (K, L1).</summary>
public enum CallCentreLine
{
    /// <summary>Questions and everything else.</summary>
    General,

    /// <summary>L1: suspending a lost or stolen card's functions (一時停止), 24 hours a day, 365 days a year.</summary>
    Suspension,
}

/// <summary>
/// K: the My Number general free dial (マイナンバー総合フリーダイヤル) 0120-95-0178 — weekdays 09:30–20:00,
/// weekends and national holidays 09:30–17:30, closed 29 December – 3 January; suspensions (L1) at any hour.
/// </summary>
public static class CallCentreHours
{
    /// <summary>The free dial number (K, L1).</summary>
    public const string FreeDial = "0120-95-0178";

    /// <summary>Monday to Friday, not a holiday.</summary>
    public static readonly DailyHours Weekdays = new(new TimeOnly(9, 30), new TimeOnly(20, 0));

    /// <summary>Saturdays, Sundays and national holidays (including substitute and citizens' holidays).</summary>
    public static readonly DailyHours WeekendsAndHolidays = new(new TimeOnly(9, 30), new TimeOnly(17, 30));

    /// <summary>The general line's hours on <paramref name="date"/>; <c>null</c> from 29 December to 3 January.</summary>
    public static DailyHours? HoursOn(DateOnly date) =>
        OfficeDays.IsYearEnd(date) ? null : OfficeDays.IsWeekendOrHoliday(date) ? WeekendsAndHolidays : Weekdays;

    /// <summary>Whether <paramref name="line"/> answers now.</summary>
    public static RuleDecision IsOpen(CallCentreLine line, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return IsOpen(line, clock.GetUtcNow());
    }

    /// <summary>Whether <paramref name="line"/> answers at <paramref name="instant"/> (read in Japan time).</summary>
    public static RuleDecision IsOpen(CallCentreLine line, DateTimeOffset instant)
    {
        if (line == CallCentreLine.Suspension)
        {
            return RuleDecision.Allow(RuleIds.L1, new(
                $"紛失・盗難にあったカードの一時停止は、フリーダイヤル{FreeDial}で24時間365日受け付けます。",
                $"the free dial {FreeDial} suspends a lost or stolen card 24 hours a day, 365 days a year"));
        }
        var (date, time) = OfficeDays.InJapan(instant);
        var suspensions = new LocalizedText(
            "紛失・盗難にあったカードの一時停止は、時間を問わず受け付けます。",
            "suspensions of a lost or stolen card are taken at any hour");
        if (HoursOn(date) is not { } hours)
        {
            return RuleDecision.Refuse(RuleIds.K, new(
                $"コールセンター（{FreeDial}）は12月29日から1月3日までお休みです。{suspensions.Japanese}",
                $"the call centre {FreeDial} is closed from 29 December to 3 January; {suspensions.English}"));
        }
        var days = hours == Weekdays ? new LocalizedText("平日", "weekdays") : new LocalizedText("土日祝日", "weekends and holidays");
        return hours.Contains(time)
            ? RuleDecision.Allow(RuleIds.K, new(
                $"コールセンター（{FreeDial}）は{DailyHours.Time(hours.Closes)}まで受け付けています（{days.Japanese} {hours}）。",
                $"the call centre {FreeDial} is open until {DailyHours.Time(hours.Closes)} ({days.English} {hours})"))
            : RuleDecision.Refuse(RuleIds.K, new(
                $"コールセンター（{FreeDial}）の受付時間は{days.Japanese}{hours}です。{RuleText.JapaneseDate(date)}の{DailyHours.Time(time)}は受付時間外です。{suspensions.Japanese}",
                $"the call centre {FreeDial} is open {hours} on {days.English}, not at {DailyHours.Time(time)} on {RuleText.Date(date)}; {suspensions.English}"));
    }
}
