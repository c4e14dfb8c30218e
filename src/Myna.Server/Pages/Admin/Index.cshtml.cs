using Myna.Primitives.Text;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Myna.Primitives;
using Myna.Server.Clock;
using Myna.Server.Ui;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Admin;

/// <summary>
/// <c>/Admin</c>: the sandbox clock — the administrator moves the whole system to another day keeping the time of
/// day, or to a date and time to the minute (the same <see cref="SandboxClock"/> and <c>clock.set</c> audit entry as
/// <c>PUT /api/admin/clock</c>), and may run the daily sweep (V5, V7) at once. In production the clock is real and
/// the page offers nothing to change.
/// </summary>
public sealed class IndexModel(IServiceProvider services, MunicipalWindow window) : StaffPageModel
{
    private static readonly string[] TimeFormats = ["HH':'mm", "HH':'mm':'ss"];

    /// <summary>The sandbox clock; null in production, where the system runs on real time.</summary>
    public SandboxClock? Clock { get; } = services.GetService<SandboxClock>();

    /// <summary>The date of the form that keeps the time of day.</summary>
    [BindProperty]
    public DateOnly? Date { get; set; }

    /// <summary>The date of the form that sets date and time.</summary>
    [BindProperty]
    public DateOnly? AtDate { get; set; }

    /// <summary>The time of that form, <c>HH:mm</c> (Japan time) as the browser's time field sends it.</summary>
    [BindProperty]
    public string? AtTime { get; set; }

    /// <summary>The sandbox's now, in Japan time.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>The real now, in Japan time.</summary>
    public DateTimeOffset RealNow { get; private set; }

    /// <summary>How many days the sandbox's Japan date is ahead of the real one.</summary>
    public int OffsetDays => JapanClock.DateOf(Now).DayNumber - JapanClock.DateOf(RealNow).DayNumber;

    public static string EarliestText => Iso(SandboxClock.Earliest);

    public static string LatestText => Iso(SandboxClock.Latest);

    public void OnGet()
    {
        ReadClock();
        FillForms();
    }

    public async Task<IActionResult> OnPostClockAsync(CancellationToken cancellationToken)
    {
        if (Clock is null)
            return NotFound();
        ReadClock();
        if (Date is not { } date || !SandboxClock.IsInRange(date))
        {
            FillForms();
            return Refused(Refusal.Invalid(new LocalizedText(
                $"日付は {Bilingual.Date(SandboxClock.Earliest)} から {Bilingual.Date(SandboxClock.Latest)} の間で指定してください。",
                $"Choose a date between {Bilingual.Date(SandboxClock.Earliest)} and {Bilingual.Date(SandboxClock.Latest)}.")));
        }
        // The clock saves the move together with the same clock.set entry as the API's.
        var move = await Clock.MoveToAsync(date, Actor, cancellationToken);
        return Done(T($"システムの日付を {Bilingual.Date(move.ToDate)} にしました。", $"The system's date is now {Bilingual.Date(move.ToDate)}."), "/Admin/Index");
    }

    public async Task<IActionResult> OnPostClockTimeAsync(CancellationToken cancellationToken)
    {
        if (Clock is null)
            return NotFound();
        ReadClock();
        if (AtDate is not { } date
            || !DateTime.TryParseExact(AtTime, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            || !SandboxClock.IsJapanTimeInRange(date.ToDateTime(TimeOnly.FromDateTime(time))))
        {
            FillForms();
            return Refused(Refusal.Invalid(new LocalizedText(
                $"日時は {Bilingual.Date(SandboxClock.Earliest)} 00:00 から {Bilingual.Date(SandboxClock.Latest)} 23:59 の間で、日付と時刻の両方を指定してください。",
                $"Give both a date and a time between {Bilingual.Date(SandboxClock.Earliest)} 00:00 and {Bilingual.Date(SandboxClock.Latest)} 23:59.")));
        }
        var move = await Clock.SetAsync(date.ToDateTime(TimeOnly.FromDateTime(time)), Actor, cancellationToken);
        return Done(T($"システムの日時を {DateAndTime(move.To)} にしました。", $"The system's date and time is now {DateAndTime(move.To)}."), "/Admin/Index");
    }

    public async Task<IActionResult> OnPostSweepAsync(CancellationToken cancellationToken)
    {
        var report = await window.SweepAsync(cancellationToken);
        return Done(T($"{Bilingual.Date(report.Day)} の日次処理を実行しました：失効 {report.Lapsed} 枚（V5）、有効期限切れ {report.Expired} 枚（V7）。",
                $"The daily sweep of {Bilingual.Date(report.Day)} ran: {report.Lapsed} cards lapsed (V5), {report.Expired} expired (V7)."), "/Admin/Index");
    }

    private void ReadClock()
    {
        if (Clock is null)
            return;
        // One reading of real time, so the two clocks shown agree.
        RealNow = Clock.GetRealUtcNow().ToOffset(JapanClock.Offset);
        Now = (RealNow + Clock.Offset).ToOffset(JapanClock.Offset);
    }

    /// <summary>What the forms show where nothing (valid) was typed: the sandbox's date and time now.</summary>
    private void FillForms()
    {
        if (Clock is null)
            return;
        Date ??= JapanClock.DateOf(Now);
        AtDate ??= JapanClock.DateOf(Now);
        AtTime ??= Now.ToString("HH':'mm", CultureInfo.InvariantCulture);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
