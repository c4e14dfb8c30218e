using Myna.Primitives.Text;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Myna.Server.Clock;
using Myna.Server.Ui;
using Myna.Storage.Audit;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Admin;

/// <summary>
/// <c>/Admin</c>: the sandbox clock — the administrator moves the whole system's day (the same
/// <see cref="SandboxClock"/> and audit entry as <c>PUT /api/admin/clock</c>) and may run the daily sweep (V5, V7)
/// at once. In production the clock is real and the page offers nothing to change.
/// </summary>
public sealed class IndexModel(IServiceProvider services, MunicipalWindow window, AuditTrail audit) : StaffPageModel
{
    /// <summary>The sandbox clock; null in production, where the system runs on real time.</summary>
    public SandboxClock? Clock { get; } = services.GetService<SandboxClock>();

    [BindProperty]
    public DateOnly? Date { get; set; }

    public DateOnly Today => window.Today;

    public int OffsetDays => Clock is null ? 0 : (int)Math.Round(Clock.Offset.TotalDays);

    public void OnGet() => Date = Today;

    public async Task<IActionResult> OnPostClockAsync(CancellationToken cancellationToken)
    {
        if (Clock is null)
            return NotFound();
        if (Date is not { } date || !SandboxClock.IsInRange(date))
        {
            return Refused(Refusal.Invalid(new LocalizedText(
                $"日付は {Bilingual.Date(SandboxClock.Earliest)} から {Bilingual.Date(SandboxClock.Latest)} の間で指定してください。",
                $"Choose a date between {Bilingual.Date(SandboxClock.Earliest)} and {Bilingual.Date(SandboxClock.Latest)}.")));
        }
        var move = await Clock.MoveToAsync(date, cancellationToken);
        // The same entry as the clock endpoint writes, so the trail reads alike whichever way the day moved.
        await audit.RecordClockMoveAsync(Actor, move, cancellationToken);
        return Done(T($"システムの日付を {Bilingual.Date(move.To)} にしました。", $"The system's date is now {Bilingual.Date(move.To)}."), "/Admin/Index");
    }

    public async Task<IActionResult> OnPostSweepAsync(CancellationToken cancellationToken)
    {
        var report = await window.SweepAsync(cancellationToken);
        return Done(T($"{Bilingual.Date(report.Day)} の日次処理を実行しました：失効 {report.Lapsed} 枚（V5）、有効期限切れ {report.Expired} 枚（V7）。",
                $"The daily sweep of {Bilingual.Date(report.Day)} ran: {report.Lapsed} cards lapsed (V5), {report.Expired} expired (V7)."), "/Admin/Index");
    }
}
