using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Primitives.Text;

namespace Myna.Storage.Audit;

/// <summary>
/// Writes and reads the audit trail. Refuses anything that looks like a My Number or carries a PIN, so the
/// trail never holds them (the audit outlives the secrets it would otherwise copy). Safe for concurrent use:
/// a context per call.
/// </summary>
public sealed partial class AuditTrail
{
    public const int MaxActionLength = 64;
    public const int MaxDetailsLength = 2000;

    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly TimeProvider _clock;

    public AuditTrail(IDbContextFactory<MynaDbContext> contexts, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(clock);
        _contexts = contexts;
        _clock = clock;
    }

    /// <summary>Appends an entry at the clock's current instant.</summary>
    /// <returns>The entry as stored, with its id.</returns>
    /// <exception cref="ArgumentException">
    /// The actor is <c>default</c>; the action is empty or too long; the details are too long, hold 12
    /// consecutive digits (or 4-4-4 groups) that could be a My Number, or a PIN field (<c>pin:</c>, <c>authPin=</c>,
    /// <c>暗証番号：</c>); or the subject id is a 12-digit number. The message never repeats the value.
    /// </exception>
    public Task<AuditEntry> RecordAsync(
        AuditActor actor, string action, AuditSubject subject, string details, CancellationToken cancellationToken = default) =>
        SaveAsync(NewEntry(_clock, actor, action, subject, details), cancellationToken);

    /// <summary>Appends an entry whose details a person reads, in both languages.</summary>
    /// <exception cref="ArgumentException">As the other overload, for either language.</exception>
    public Task<AuditEntry> RecordAsync(
        AuditActor actor, string action, AuditSubject subject, LocalizedText details, CancellationToken cancellationToken = default) =>
        SaveAsync(NewEntry(_clock, actor, action, subject, details), cancellationToken);

    private async Task<AuditEntry> SaveAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var db = _contexts.CreateDbContext();
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>
    /// A checked entry at the clock's current instant, for a procedure that adds it to its own unit of work so
    /// that the change and its audit entry are saved together (or not at all).
    /// </summary>
    /// <exception cref="ArgumentException">As the string overload of <c>RecordAsync</c>.</exception>
    public static AuditEntry NewEntry(TimeProvider clock, AuditActor actor, string action, AuditSubject subject, string details) =>
        NewEntry(clock, actor, action, subject, details, japanese: null);

    /// <summary>An entry whose details a person reads on the pages, in both languages.</summary>
    /// <exception cref="ArgumentException">As the string overload, for either language.</exception>
    public static AuditEntry NewEntry(TimeProvider clock, AuditActor actor, string action, AuditSubject subject, LocalizedText details) =>
        NewEntry(clock, actor, action, subject, details.English, details.Japanese);

    private static AuditEntry NewEntry(TimeProvider clock, AuditActor actor, string action, AuditSubject subject, string details, string? japanese)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (string.IsNullOrEmpty(actor.Name))
            throw new ArgumentException("The actor is required: a staff user, System or CallCentre.", nameof(actor));
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(details);
        if (subject.Kind is null)
            throw new ArgumentException("The subject is required.", nameof(subject));
        if (action.Length > MaxActionLength)
            throw new ArgumentException($"An action has at most {MaxActionLength} characters.", nameof(action));
        if (details.Length > MaxDetailsLength)
            throw new ArgumentException($"Details have at most {MaxDetailsLength} characters.", nameof(details));
        RefuseSecrets(action, nameof(action));
        RefuseSecrets(details, nameof(details));
        if (japanese is not null)
        {
            if (japanese.Length > MaxDetailsLength)
                throw new ArgumentException($"Details have at most {MaxDetailsLength} characters.", nameof(details));
            RefuseSecrets(japanese, nameof(details));
        }
        // A subject id may be a certificate serial, whose hex often has 12 digits in a row; only an id that is
        // nothing but a 12-digit number reads as a My Number.
        if (WholeMyNumber().IsMatch(subject.Id))
            throw new ArgumentException("The audit subject id must be an internal id, never a My Number.", nameof(subject));

        var entry = new AuditEntry
        {
            Instant = clock.GetUtcNow().ToUniversalTime(),
            RealInstant = clock is IShiftedClock shifted ? shifted.GetRealUtcNow().ToUniversalTime() : null,
            Actor = actor.Name,
            Action = action,
            SubjectKind = subject.Kind,
            SubjectId = subject.Id,
            Details = details,
            DetailsJapanese = japanese,
        };
        return entry;
    }

    /// <summary>The entries with <paramref name="from"/> ≤ instant &lt; <paramref name="until"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(
        DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.Instant >= from && e.Instant < until)
            .OrderBy(e => e.Instant).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every entry about <paramref name="subject"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditSubject subject, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.SubjectKind == subject.Kind && e.SubjectId == subject.Id)
            .OrderBy(e => e.Instant).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether the text holds something that could be a My Number or a PIN field.</summary>
    internal static bool LooksSecret(string text) => MyNumberLike().IsMatch(text) || PinField().IsMatch(text);

    private static void RefuseSecrets(string text, string parameterName)
    {
        if (LooksSecret(text))
            throw new ArgumentException(
                "The audit trail never holds a My Number (12 consecutive digits) or a PIN field; leave them out.", parameterName);
    }

    // \d is any Unicode decimal digit, so full-width １２３… counts too. Digits grouped 4-4-4 by a space or a
    // hyphen (as the number is printed on the card) count as well.
    [GeneratedRegex(@"\d{12}|\d{4}[\s\-‐－]\d{4}[\s\-‐－]\d{4}")]
    private static partial Regex MyNumberLike();

    [GeneratedRegex(@"^\s*(\d{12}|\d{4}[\s\-‐－]\d{4}[\s\-‐－]\d{4})\s*$")]
    private static partial Regex WholeMyNumber();

    // A key naming a PIN followed by a value: "pin: 1234", "PIN=…", "authPin=", "sign_pin":…, "暗証番号：…".
    // "PIN reset" or "pinned" are fine: only a key with ':' or '=' after it is a field.
    [GeneratedRegex(@"(?<![a-z])([a-z]+[_\-]?)?pin(code)?[""']?\s*[:=＝：]|暗証番号\s*[:=＝：]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PinField();
}
