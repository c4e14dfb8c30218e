using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Storage;
using Myna.Storage.Settings;

namespace Myna.Server.Clock;

/// <summary>
/// The sandbox's clock: real time moved by an offset that an administrator sets, kept in the database
/// (<c>server_settings</c>) so that it survives a restart. Safe for concurrent use.
/// </summary>
/// <remarks>
/// <para>Only wall-clock time moves: timestamps and timers are the real clock's, so durations, time-outs and
/// periodic timers are unaffected by a jump.</para>
/// <para>The offset changes in whole days (<see cref="MoveToAsync"/> keeps the time of day), and may go
/// backwards: trying a rule on an earlier day is as legitimate as on a later one. Every change is recorded in
/// the audit trail by the endpoint that makes it. Default: no offset (the real date) until <see cref="LoadAsync"/>
/// reads a stored one.</para>
/// </remarks>
public sealed class SandboxClock : TimeProvider
{
    /// <summary>The key of the stored offset (a <see cref="TimeSpan"/> in the invariant "c" format).</summary>
    public const string OffsetSettingKey = "sandbox-clock.offset";

    /// <summary>The earliest Japan date the clock can be set to.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The latest Japan date the clock can be set to.</summary>
    public static readonly DateOnly Latest = new(2099, 12, 31);

    private readonly TimeProvider _real;
    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly SemaphoreSlim _changing = new(1, 1);
    private long _offsetTicks;

    public SandboxClock(TimeProvider real, IDbContextFactory<MynaDbContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(contexts);
        _real = real;
        _contexts = contexts;
    }

    /// <summary>How far this clock is ahead of real time (negative: behind).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => _real.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    public override long TimestampFrequency => _real.TimestampFrequency;

    public override long GetTimestamp() => _real.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, dueTime, period);

    /// <summary>Reads the stored offset; none stored leaves the clock at real time.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        var setting = await db.Set<ServerSetting>().AsNoTracking()
            .SingleOrDefaultAsync(s => s.Key == OffsetSettingKey, cancellationToken);
        var offset = setting is null ? TimeSpan.Zero : TimeSpan.ParseExact(setting.Value, "c", CultureInfo.InvariantCulture);
        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
    }

    /// <summary>Sets today's Japan date to <paramref name="japanDate"/>, keeping the time of day.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is outside <see cref="Earliest"/>–<see cref="Latest"/>.</exception>
    public Task<ClockMove> MoveToAsync(DateOnly japanDate, CancellationToken cancellationToken = default) =>
        ChangeAsync(today => japanDate.DayNumber - today.DayNumber, cancellationToken);

    /// <summary>Moves the date on by <paramref name="days"/> (negative: back), keeping the time of day.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The new date is outside <see cref="Earliest"/>–<see cref="Latest"/>.</exception>
    public Task<ClockMove> AdvanceAsync(int days, CancellationToken cancellationToken = default) =>
        ChangeAsync(_ => days, cancellationToken);

    /// <summary>Whether <paramref name="date"/> is a date the clock can show.</summary>
    public static bool IsInRange(DateOnly date) => date >= Earliest && date <= Latest;

    private async Task<ClockMove> ChangeAsync(Func<DateOnly, int> daysFromToday, CancellationToken cancellationToken)
    {
        await _changing.WaitAsync(cancellationToken);
        try
        {
            var before = JapanClock.Today(this);
            var days = daysFromToday(before);
            var afterDayNumber = (long)before.DayNumber + days;
            if (afterDayNumber < Earliest.DayNumber || afterDayNumber > Latest.DayNumber)
                throw new ArgumentOutOfRangeException(nameof(daysFromToday), $"The date must lie between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.");
            var after = DateOnly.FromDayNumber((int)afterDayNumber);
            var offset = Offset + TimeSpan.FromDays(days);

            await using (var db = _contexts.CreateDbContext())
            {
                var value = offset.ToString("c", CultureInfo.InvariantCulture);
                var setting = await db.Set<ServerSetting>().SingleOrDefaultAsync(s => s.Key == OffsetSettingKey, cancellationToken);
                if (setting is null)
                    db.Add(new ServerSetting { Key = OffsetSettingKey, Value = value });
                else
                    setting.Value = value;
                await db.SaveChangesAsync(cancellationToken);
            }
            // Stored first: a clock that moved without being stored would jump back at the next start.
            Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
            return new ClockMove(before, after, days);
        }
        finally
        {
            _changing.Release();
        }
    }
}

/// <summary>A change of the sandbox date: from, to, and by how many days (negative: backwards).</summary>
public sealed record ClockMove(DateOnly From, DateOnly To, int Days);
