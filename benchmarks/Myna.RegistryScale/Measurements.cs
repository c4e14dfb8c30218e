using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Myna.Primitives;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Window;

namespace Myna.RegistryScale;

/// <summary>One kind of look-up timed: how many, and the percentiles in milliseconds.</summary>
public sealed record Timing(string Kind, int Count, double P50, double P95, double P99, double Max, string Note);

/// <summary>
/// Times the window's own code paths on a loaded registry: the look-ups as the staff pages make them (with their audit
/// entries), the daily sweep as the server runs it, and the expiry notices of a month (V1); and shows the plans of the
/// very SQL those paths sent (captured from EF Core's diagnostics, explained with the same parameters).
/// </summary>
public sealed class Measurements(MunicipalWindow window, MynaDbContextFactory contexts, Population population, long residents, FakeTimeProvider clock)
{
    private static readonly AuditActor Staff = AuditActor.Staff("scale");

    public async Task<IReadOnlyList<Timing>> LookUpsAsync(int count, TimeSpan budgetPerKind, CancellationToken cancellationToken = default)
    {
        var kinds = Kinds();
        var results = new List<Timing>();
        foreach (var (kind, note, run) in kinds)
        {
            var random = new Random(17);
            // Warm-up: the first calls compile EF's queries.
            for (var i = 0; i < 5; i++)
                await run(random.NextInt64(residents), cancellationToken);
            var samples = new List<double>(count);
            var budget = Stopwatch.StartNew();
            while (samples.Count < count && (samples.Count < 20 || budget.Elapsed < budgetPerKind))
            {
                var n = random.NextInt64(residents);
                var timer = Stopwatch.StartNew();
                await run(n, cancellationToken);
                samples.Add(timer.Elapsed.TotalMilliseconds);
            }
            samples.Sort();
            results.Add(new Timing(kind, samples.Count, Percentile(samples, 0.50), Percentile(samples, 0.95), Percentile(samples, 0.99), samples[^1], note));
            Console.WriteLine(Invariant($"  {kind}: {samples.Count} look-ups, p50 {Percentile(samples, 0.50):F2} ms, p99 {Percentile(samples, 0.99):F2} ms"));
        }
        return results;
    }

    /// <summary>The plans of the SQL each kind of look-up sends, and of the sweep's and the notices' queries.</summary>
    public async Task<string> PlansAsync(CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        // A resident with a card, so that every kind sends its queries.
        var n = residents / 3;
        while (population.Make(n).Cards.Count == 0)
            n = (n + 1) % residents;
        foreach (var (kind, _, run) in Kinds())
            await ExplainAsync(text, kind, () => run(n, cancellationToken), cancellationToken);
        var month = NoticeMonth();
        await ExplainAsync(text, "expiry notices (V1)", () => window.ExpiryNoticesAsync(month.First, month.Last, cancellationToken), cancellationToken);
        return text.ToString();
    }

    /// <summary>The expiry notices whose notice date falls in the month after <see cref="Population.Today"/>'s (V1).</summary>
    public async Task<(TimeSpan Time, int Notices, int Cards)> ExpiryNoticesAsync(CancellationToken cancellationToken = default)
    {
        var month = NoticeMonth();
        await window.ExpiryNoticesAsync(month.First, month.First, cancellationToken);
        var timer = Stopwatch.StartNew();
        var notices = await window.ExpiryNoticesAsync(month.First, month.Last, cancellationToken);
        return (timer.Elapsed, notices.Count, notices.Select(x => x.CardId).Distinct().Count());
    }

    public (DateOnly First, DateOnly Last) NoticeMonth()
    {
        var first = new DateOnly(population.Today.Year, population.Today.Month, 1).AddMonths(1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>
    /// The daily sweep of <see cref="Population.Today"/>, as <c>DailySweepService</c> runs it, then once more (nothing left
    /// to do); with the plans of the queries the first one sent.
    /// </summary>
    public async Task<(TimeSpan First, SweepReport Report, TimeSpan Second, string Plans)> SweepAsync(CancellationToken cancellationToken = default)
    {
        clock.SetUtcNow(new DateTimeOffset(population.Today.ToDateTime(new TimeOnly(0, 5)), JapanClock.Offset));
        SweepReport? report = null;
        var first = TimeSpan.Zero;
        var plans = new StringBuilder();
        await ExplainAsync(plans, "the daily sweep", async () =>
        {
            var sweep = Stopwatch.StartNew();
            report = await window.SweepAsync(cancellationToken);
            first = sweep.Elapsed;
        }, cancellationToken);
        var timer = Stopwatch.StartNew();
        await window.SweepAsync(cancellationToken);
        return (first, report!, timer.Elapsed, plans.ToString());
    }

    private List<(string Kind, string Note, Func<long, CancellationToken, Task> Run)> Kinds() =>
    [
        ("My Number (exact, blind index)", "FindResidentsByMyNumberAsync, with its audit entries", async (n, ct) =>
        {
            var found = await window.FindResidentsByMyNumberAsync(Population.MyNumberOf(n).Reveal(), Staff, LookupChannel.Window, ct);
            Check(found.Count == 1, "a resident by My Number");
        }),
        ("name + birth date", "SearchResidentsAsync(Name, BirthDate) and the card column (CurrentCardStatesAsync)", async (n, ct) =>
        {
            var person = population.Make(n);
            var found = await window.SearchResidentsAsync(new ResidentQuery(Name: person.Resident.Name.FamilyName, BirthDate: person.Resident.BirthDate),
                Staff, LookupChannel.Window, cancellationToken: ct);
            Check(found.Any(r => r.Id == person.Resident.Id), "a resident by name and birth date");
            await window.CurrentCardStatesAsync([.. found.Select(r => r.Id)], ct);
        }),
        ("kana of the given name (part)", "SearchResidentsAsync(Kana), first 50 by kana, and the card column", async (n, ct) =>
        {
            var person = population.Make(n);
            var found = await window.SearchResidentsAsync(new ResidentQuery(Kana: person.Resident.Name.GivenNameKana),
                Staff, LookupChannel.Window, cancellationToken: ct);
            Check(found.Count > 0, "residents by kana");
            await window.CurrentCardStatesAsync([.. found.Select(r => r.Id)], ct);
        }),
        ("resident file by id", "ViewResidentFileAsync: record, cards, applications, documents, moves, fees; audited", async (n, ct) =>
        {
            var file = await window.ViewResidentFileAsync(population.ResidentId(n), Staff, LookupChannel.Window, ct);
            Check(file is not null, "a resident file");
        }),
        ("card by id", "GetCardAsync (the call centre's look-up)", async (n, ct) =>
        {
            var person = population.Make(n);
            if (person.Cards.Count > 0)
                Check(await window.GetCardAsync(person.Cards[^1].Id, ct) is not null, "a card");
        }),
    ];

    private async Task ExplainAsync(StringBuilder text, string kind, Func<Task> run, CancellationToken cancellationToken)
    {
        var commands = await SqlCapture.CaptureAsync(run);
        text.Append("#### ").AppendLine(kind).AppendLine();
        foreach (var (sql, parameters) in commands.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).DistinctBy(c => c.Sql))
        {
            await using var db = contexts.CreateDbContext();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            var sqlite = command is SqliteCommand;
            command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ") + sql;
            foreach (var (name, value, type) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                if (type is { } dbType)
                    parameter.DbType = dbType;
                command.Parameters.Add(parameter);
            }
            if (sqlite && parameters.Any(p => p.Value is Guid))
            {
                // Bound as EF binds it on SQLite: a Guid as upper-case text.
                foreach (SqliteParameter p in command.Parameters)
                {
                    if (p.Value is Guid g)
                        p.Value = g.ToString().ToUpperInvariant();
                }
            }
            var plan = new StringBuilder();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    plan.AppendLine(sqlite ? reader.GetString(3) : reader.GetString(0));
            }
            text.AppendLine("```sql").AppendLine(sql.Trim()).AppendLine("```").AppendLine("```").Append(plan).AppendLine("```").AppendLine();
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
            throw new InvalidOperationException($"The look-up did not find {what}: the generator and the product disagree.");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Captures the commands EF Core sends while a piece of code runs (its diagnostic events), with their parameters.</summary>
internal sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<List<(string, List<(string, object?, System.Data.DbType?)>)>?> Current = new();
    private static readonly SqlCapture Instance = new();
    private static readonly IDisposable Subscription = DiagnosticListener.AllListeners.Subscribe(Instance);

    public static async Task<IReadOnlyList<(string Sql, List<(string Name, object? Value, System.Data.DbType? Type)> Parameters)>> CaptureAsync(Func<Task> run)
    {
        GC.KeepAlive(Subscription);
        var list = new List<(string, List<(string, object?, System.Data.DbType?)>)>();
        Current.Value = list;
        try
        {
            await run();
        }
        finally
        {
            Current.Value = null;
        }
        return list;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
            value.Subscribe(this);
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != RelationalEventId.CommandExecuting.Name || value.Value is not CommandEventData data || Current.Value is not { } list)
            return;
        var parameters = data.Command.Parameters.Cast<DbParameter>()
            .Select(p => (p.ParameterName, p.Value is DBNull ? null : p.Value, p.DbType == System.Data.DbType.Object ? (System.Data.DbType?)null : p.DbType)).ToList();
        list.Add((data.Command.CommandText, parameters));
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
