using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Myna.Storage;
using Myna.Storage.Eligibility;
using Myna.Storage.PlainRows;

namespace Myna.Benchmarks;

/// <summary>
/// A hot read of four tables through EF Core on SQLite, as the eligibility service's reads are made (docs/performance.md,
/// "Online eligibility checks over HTTP"): a compiled query on a context kept open, by a key that changes every call —
/// untagged (SQLite parses and plans the statement on every execution, as EF makes a new command each time) and tagged
/// <see cref="KeptStatements.Tag"/> (the statement kept prepared on the connection). The database: 10,000 checks of 32
/// terminals of one clinic, half of them answered with a receipt.
/// </summary>
[MemoryDiagnoser]
public class KeptStatementBenchmarks
{
    private const int Checks = 10_000;
    private string _directory = "";
    private MynaDbContextFactory _contexts = null!;
    private MynaDbContext _db = null!;
    private Guid[] _ids = [];
    private int _next;

    /// <summary>What the read answers.</summary>
    public sealed record CheckAt(EligibilityCheckState State, int Terminal, string Institution, string? Receipt);

    private static readonly Func<MynaDbContext, Guid, Task<CheckAt?>> Untagged = EF.CompileAsyncQuery(
        (MynaDbContext db, Guid id) =>
            (from c in db.Set<EligibilityCheckRow>().AsNoTracking()
             join t in db.Set<ReceptionTerminal>().AsNoTracking() on c.TerminalId equals t.Id
             join i in db.Set<MedicalInstitution>().AsNoTracking() on t.InstitutionId equals i.Id
             from r in db.Set<EligibilityReceiptRow>().AsNoTracking().Where(r => r.CheckId == c.Id).DefaultIfEmpty()
             where c.Id == id
             select new CheckAt(c.State, t.Number, i.Code, r == null ? null : r.Content)).SingleOrDefault());

    private static readonly Func<MynaDbContext, Guid, Task<CheckAt?>> Tagged = EF.CompileAsyncQuery(
        (MynaDbContext db, Guid id) =>
            (from c in db.Set<EligibilityCheckRow>().AsNoTracking().TagWith(KeptStatements.Tag)
             join t in db.Set<ReceptionTerminal>().AsNoTracking() on c.TerminalId equals t.Id
             join i in db.Set<MedicalInstitution>().AsNoTracking() on t.InstitutionId equals i.Id
             from r in db.Set<EligibilityReceiptRow>().AsNoTracking().Where(r => r.CheckId == c.Id).DefaultIfEmpty()
             where c.Id == id
             select new CheckAt(c.State, t.Number, i.Code, r == null ? null : r.Content)).SingleOrDefault());

    [GlobalSetup]
    public async Task Setup()
    {
        _directory = Directory.CreateTempSubdirectory("myna-kept-statements-").FullName;
        _contexts = new MynaDbContextFactory(new StorageOptions
        {
            Provider = StorageProvider.Sqlite,
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "bench.db") }.ToString(),
        }.WithDefaults(new Myna.Primitives.Hosting.MynaHome(_directory)));
        await _contexts.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var db = _contexts.CreateDbContext())
        {
            var clinic = new MedicalInstitution { Id = Guid.NewGuid(), Code = "0719000001", Name = "ベンチマーク内科", Kind = InstitutionKind.Clinic };
            var terminals = Enumerable.Range(1, 32)
                .Select(n => new ReceptionTerminal { Id = Guid.NewGuid(), InstitutionId = clinic.Id, Number = n, SecretHash = new byte[32] }).ToList();
            db.Add(clinic);
            db.AddRange(terminals);
            _ids = new Guid[Checks];
            for (var k = 0; k < Checks; k++)
            {
                var id = Guid.CreateVersion7(now.AddMilliseconds(k));
                _ids[k] = id;
                var answered = k % 2 == 0;
                db.Add(new EligibilityCheckRow
                {
                    Id = id, TerminalId = terminals[k % 32].Id, OpenedAt = now, ExpiresAt = now.AddMinutes(5), Challenge = new byte[32],
                    State = answered ? EligibilityCheckState.Answered : EligibilityCheckState.Open,
                });
                if (answered)
                    db.Add(new EligibilityReceiptRow { Id = Guid.CreateVersion7(now), CheckId = id, Content = "{\"v\":1}", Signature = new byte[64], IssuedAt = now });
            }
            await db.SaveChangesAsync();
        }
        _db = _contexts.CreateReadingContext();
        await _db.Database.OpenConnectionAsync();
        Random.Shared.Shuffle(_ids);
        var (untagged, tagged) = (await Untagged(_db, _ids[0]), await Tagged(_db, _ids[0]));
        if (untagged is null || untagged != tagged)
            throw new InvalidOperationException($"Benchmark setup: the two queries do not answer alike ({untagged}, {tagged}).");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _db.DisposeAsync();
        _contexts.ClearPool();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "statement prepared each time")]
    public Task<CheckAt?> PreparedEachTime() => Untagged(_db, _ids[_next++ % Checks]);

    [Benchmark(Description = "statement kept")]
    public Task<CheckAt?> Kept() => Tagged(_db, _ids[_next++ % Checks]);
}
