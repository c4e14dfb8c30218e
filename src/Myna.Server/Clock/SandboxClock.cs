using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Settings;

namespace Myna.Server.Clock;

/// <summary>
/// The sandbox's clock: real time moved by an offset that an administrator sets, kept in the database
/// (<c>server_settings</c>) so that it survives a restart. Safe for concurrent use.
/// </summary>
/// <remarks>
/// <para>Only wall-clock time moves: timestamps and timers are the real clock's, so durations, time-outs and
/// periodic timers are unaffected by a jump. As an <see cref="IShiftedClock"/> it also tells the real instant, which
/// the audit trail records beside the sandbox's.</para>
/// <para>Three ways to move it, forward or back (trying a rule on an earlier day is as legitimate as on a later
/// one), anywhere from <see cref="Earliest"/> 00:00 to <see cref="Latest"/> 23:59 Japan time: to a Japan date
/// keeping the time of day (<see cref="MoveToAsync"/>), by whole days (<see cref="AdvanceAsync"/>), or to a Japan
/// date and time to the minute (<see cref="SetAsync"/>, seconds 0), e.g. 03:00 on a Sunday. Every move is saved
/// together with its <c>clock.set</c> audit entry, stamped with the sandbox time before the move (when the person
/// acted) and the real time beside it. Default: no offset (real time) until <see cref="LoadAsync"/> reads a stored
/// one.</para>
/// </remarks>
public sealed class SandboxClock : TimeProvider, IShiftedClock
{
    /// <summary>The key of the stored offset (a <see cref="TimeSpan"/> in the invariant "c" format).</summary>
    public const string OffsetSettingKey = "sandbox-clock.offset";

    /// <summary>The audit action of a move.</summary>
    public const string AuditAction = "clock.set";

    /// <summary>The earliest Japan date the clock can be set to.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The latest Japan date the clock can be set to.</summary>
    public static readonly DateOnly Latest = new(2099, 12, 31);

    /// <summary>The subject of the <c>clock.set</c> audit entries.</summary>
    public static AuditSubject AuditSubject { get; } = new("sandbox-clock", "offset");

    private readonly TimeProvider _real;
    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly SemaphoreSlim _changing = new(1, 1);
    private long _offsetTicks;

    /// <param name="real">Real time, the base of the offset.</param>
    /// <param name="contexts">Where the offset is kept, and the audit entry of each move.</param>
    public SandboxClock(TimeProvider real, IDbContextFactory<MynaDbContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(contexts);
        _real = real;
        _contexts = contexts;
    }

    /// <summary>How far this clock is ahead of real time (negative: behind).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _real.GetUtcNow() + Offset;

    /// <inheritdoc />
    public DateTimeOffset GetRealUtcNow() => _real.GetUtcNow();

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    /// <inheritdoc />
    public override long TimestampFrequency => _real.TimestampFrequency;

    /// <inheritdoc />
    public override long GetTimestamp() => _real.GetTimestamp();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, dueTime, period);

    /// <summary>Reads the stored offset; none stored leaves the clock at real time.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        // Not while this clock is being moved: a read from before the move's commit must not undo it afterwards.
        await _changing.WaitAsync(cancellationToken);
        try
        {
            await using var db = _contexts.CreateDbContext();
            var setting = await db.Set<ServerSetting>().AsNoTracking()
                .SingleOrDefaultAsync(s => s.Key == OffsetSettingKey, cancellationToken);
            var offset = setting is null ? TimeSpan.Zero : TimeSpan.ParseExact(setting.Value, "c", CultureInfo.InvariantCulture);
            Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>
    /// Reads the stored offset again every <paramref name="interval"/> of real time until cancelled, so that a move made
    /// on another server on the same database is seen here within that bound. A failed read is logged and tried again.
    /// </summary>
    public async Task FollowAsync(TimeSpan interval, ILogger log, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(log);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _real, cancellationToken);
                await LoadAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or global::System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning("The sandbox clock's offset could not be read again ({Error}); trying again in {Interval}", e.GetType().Name, interval);
            }
        }
    }

    /// <summary>Sets today's Japan date to <paramref name="japanDate"/>, keeping the time of day; audited as done by <paramref name="actor"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is outside <see cref="Earliest"/>–<see cref="Latest"/>.</exception>
    public Task<ClockMove> MoveToAsync(DateOnly japanDate, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (!IsInRange(japanDate))
            throw OutOfRange();
        return ChangeAsync(before => before.AddDays(japanDate.DayNumber - JapanClock.DateOf(before).DayNumber), actor, cancellationToken);
    }

    /// <summary>Moves the date on by <paramref name="days"/> (negative: back), keeping the time of day; audited.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The new date is outside <see cref="Earliest"/>–<see cref="Latest"/>.</exception>
    public Task<ClockMove> AdvanceAsync(int days, AuditActor actor, CancellationToken cancellationToken = default)
    {
        // Further than the whole range cannot land inside it.
        if (Math.Abs((long)days) > Latest.DayNumber - Earliest.DayNumber)
            throw OutOfRange();
        return ChangeAsync(before => before.AddDays(days), actor, cancellationToken);
    }

    /// <summary>
    /// Sets the clock to the Japan date and time <paramref name="japanTime"/>, to the minute (its seconds and
    /// fractions are dropped: the clock then reads hh:mm:00 and runs on); audited.
    /// </summary>
    /// <param name="japanTime">A civil date and time in Japan; its <see cref="DateTime.Kind"/> is ignored.</param>
    /// <param name="actor">Who moves it, for the audit trail.</param>
    /// <param name="cancellationToken">Cancels before the move is saved.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time is outside <see cref="Earliest"/> 00:00 – <see cref="Latest"/> 23:59.</exception>
    public Task<ClockMove> SetAsync(DateTime japanTime, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (!IsJapanTimeInRange(japanTime))
            throw OutOfRange();
        var minute = JapanMinute(japanTime);
        return ChangeAsync(_ => minute, actor, cancellationToken);
    }

    /// <summary>Back to the real time, exactly (no offset); audited.</summary>
    public Task<ClockMove> ResetAsync(AuditActor actor, CancellationToken cancellationToken = default) =>
        // Under the change's lock the offset stands still: the instant before the move less it is the real time read for it.
        ChangeAsync(before => before - Offset, actor, cancellationToken);

    /// <summary>Whether <paramref name="date"/> is a date the clock can show.</summary>
    public static bool IsInRange(DateOnly date) => date >= Earliest && date <= Latest;

    /// <summary>Whether <paramref name="instant"/> lies on a date the clock can show (in Japan).</summary>
    public static bool IsInRange(DateTimeOffset instant) =>
        instant >= JapanClock.StartOf(Earliest) && instant < JapanClock.StartOf(Latest.AddDays(1));

    /// <summary>Whether a Japan civil date and time (its <see cref="DateTime.Kind"/> ignored) lies on a date the clock can show.</summary>
    public static bool IsJapanTimeInRange(DateTime japanTime) =>
        japanTime.Ticks >= Earliest.ToDateTime(TimeOnly.MinValue).Ticks && japanTime.Ticks < Latest.AddDays(1).ToDateTime(TimeOnly.MinValue).Ticks;

    /// <summary>A Japan civil date and time (its <see cref="DateTime.Kind"/> ignored) as an instant (+09:00), cut to the minute.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant is outside what <see cref="DateTimeOffset"/> holds (e.g. 0001-01-01 00:00 JST).</exception>
    public static DateTimeOffset JapanMinute(DateTime japanTime) =>
        new(japanTime.Ticks - (japanTime.Ticks % TimeSpan.TicksPerMinute), JapanClock.Offset);

    private static ArgumentOutOfRangeException OutOfRange() =>
        new("japanTime", string.Create(CultureInfo.InvariantCulture,
            $"The sandbox clock must stay between {Earliest:yyyy-MM-dd} 00:00 and {Latest:yyyy-MM-dd} 23:59 Japan time."));

    private async Task<ClockMove> ChangeAsync(Func<DateTimeOffset, DateTimeOffset> target, AuditActor actor, CancellationToken cancellationToken)
    {
        await _changing.WaitAsync(cancellationToken);
        try
        {
            // One reading of real time: the move, the audit entry's real instant and its sandbox instant agree to the tick.
            var real = _real.GetUtcNow();
            var before = (real + Offset).ToOffset(JapanClock.Offset);
            var after = target(before).ToOffset(JapanClock.Offset);
            if (!IsInRange(after))
                throw OutOfRange();
            var offset = after - real;
            var move = new ClockMove(before, after, real);
            // Stamped with the sandbox time before the move, when the person acted, and the real time beside it.
            var entry = AuditTrail.NewEntry(new StoppedClock(before, real), actor, AuditAction, AuditSubject, move.Describe());

            await using (var db = _contexts.CreateDbContext())
            {
                var value = offset.ToString("c", CultureInfo.InvariantCulture);
                var setting = await db.Set<ServerSetting>().SingleOrDefaultAsync(s => s.Key == OffsetSettingKey, cancellationToken);
                if (setting is null)
                    db.Add(new ServerSetting { Key = OffsetSettingKey, Value = value });
                else
                    setting.Value = value;
                db.AuditEntries.Add(entry);
                // The offset and its audit entry together, or neither.
                await db.SaveChangesAsync(cancellationToken);
            }
            // Stored first: a clock that moved without being stored would jump back at the next start.
            Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
            return move;
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>The clock as it stood when a move was asked for: the sandbox instant and the real one.</summary>
    private sealed class StoppedClock(DateTimeOffset shown, DateTimeOffset real) : TimeProvider, IShiftedClock
    {
        public override DateTimeOffset GetUtcNow() => shown.ToUniversalTime();

        public DateTimeOffset GetRealUtcNow() => real.ToUniversalTime();
    }
}

/// <summary>A move of the sandbox clock.</summary>
/// <param name="From">The sandbox time before the move, in Japan time (+09:00).</param>
/// <param name="To">The sandbox time just after it, in Japan time.</param>
/// <param name="Real">The real instant of the move (UTC).</param>
public sealed record ClockMove(DateTimeOffset From, DateTimeOffset To, DateTimeOffset Real)
{
    /// <summary>The Japan date before the move.</summary>
    public DateOnly FromDate => JapanClock.DateOf(From);

    /// <summary>The Japan date after the move.</summary>
    public DateOnly ToDate => JapanClock.DateOf(To);

    /// <summary>
    /// What the audit entry says, to the minute: from what to what in Japan time and by how much, e.g.
    /// <c>Sandbox clock moved from 2026-11-26 10:30 to 2020-02-29 10:30 Japan time (2462 days back).</c>
    /// </summary>
    public LocalizedText Describe()
    {
        var from = Minute(From);
        var to = Minute(To);
        var fromText = from.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var toText = to.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var delta = to - from;
        var size = delta.Duration();
        var days = (long)size.TotalDays;
        var (japanese, english) = (size.Hours, size.Minutes) switch
        {
            (0, 0) when days == 0 => ("", ""),
            (0, 0) => (Invariant($"{days}日"), Invariant($"{days} {(days == 1 ? "day" : "days")}")),
            _ when days == 0 => (JapaneseHoursMinutes(size), EnglishHoursMinutes(size)),
            _ => (Invariant($"{days}日") + JapaneseHoursMinutes(size), Invariant($"{days} {(days == 1 ? "day" : "days")} ") + EnglishHoursMinutes(size)),
        };
        var (japaneseWay, englishWay) = delta.Ticks switch
        {
            0 => ("時刻は変わっていません", "no change"),
            > 0 => (japanese + "進めました", english + " forward"),
            _ => (japanese + "戻しました", english + " back"),
        };
        return new LocalizedText(
            $"システムの日時を {fromText} から {toText} に変更しました（日本時間、{japaneseWay}）。",
            $"Sandbox clock moved from {fromText} to {toText} Japan time ({englishWay}).");
    }

    private static DateTimeOffset Minute(DateTimeOffset instant)
    {
        var local = instant.ToOffset(JapanClock.Offset);
        return new DateTimeOffset(local.Ticks - (local.Ticks % TimeSpan.TicksPerMinute), JapanClock.Offset);
    }

    private static string JapaneseHoursMinutes(TimeSpan size) => (size.Hours, size.Minutes) switch
    {
        (0, var m) => Invariant($"{m}分"),
        (var h, 0) => Invariant($"{h}時間"),
        (var h, var m) => Invariant($"{h}時間{m}分"),
    };

    private static string EnglishHoursMinutes(TimeSpan size) => (size.Hours, size.Minutes) switch
    {
        (0, var m) => Invariant($"{m} min"),
        (var h, 0) => Invariant($"{h} h"),
        (var h, var m) => Invariant($"{h} h {m} min"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
