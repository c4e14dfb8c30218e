using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.RegistryScale;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Protection;
using Myna.Testing;

namespace Myna.Window.Tests;

/// <summary>
/// The registry-at-scale generator (benchmarks/Myna.RegistryScale) writes rows the product reads back as it wrote them:
/// a resident found by My Number through the window's own search (blind index, decryption), the cards' states, dates,
/// certificates and security codes, and the sweep finding exactly the cards due. Run on both providers, so that a change
/// of the schema that the bulk load does not follow fails here rather than in a benchmark nobody runs.
/// </summary>
public abstract class RegistryGeneratorTests : IAsyncLifetime
{
    private const int Residents = 3_000;

    private static readonly DateOnly Today = new(2026, 12, 7);

    private readonly string _root = TestDirectories.Create("myna-registry-scale-");
    private readonly Population _population = new(seed: 7, Today);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Today.AddDays(-1).ToDateTime(new TimeOnly(10, 0)), JapanClock.Offset));
    private TestWindow? _window;

    protected abstract Task<StorageOptions> StorageAsync(string directory);

    public async Task InitializeAsync()
    {
        var storage = await StorageAsync(_root);
        storage.MyNumberKeys = MyNumberProtector.GenerateKeys();
        var contexts = new MynaDbContextFactory(storage);
        await contexts.MigrateAsync();
        await new RegistryGenerator(contexts, _population) { BatchSize = 1_000 }.LoadAsync(Residents);
        contexts.ClearPool();
        _window = await TestWindow.OpenAsync(_root, _clock, _ => storage);
    }

    public virtual Task DisposeAsync()
    {
        _window?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private MunicipalWindow Window => _window!.Window;

    [Fact]
    public async Task EachResident_IsFoundByMyNumber_AsGenerated()
    {
        foreach (var n in new long[] { 0, 1, 1_234, Residents - 1 })
        {
            var person = _population.Make(n);
            var found = Assert.Single(await Window.FindResidentsByMyNumberAsync(Population.MyNumberOf(n).Reveal(), AuditActor.Staff("test")));
            Assert.Equal(person.Resident.Id, found.Id);
            Assert.Equal(person.Resident.Name.OnCard, found.Name);
            Assert.Equal(person.Resident.BirthDate, found.BirthDate);
            Assert.Equal(person.Resident.RecordCode.Value, found.RecordCode);
            var file = await Window.GetResidentFileAsync(found.Id);
            Assert.Equal(Population.MyNumberOf(n), file!.Resident.MyNumber);
        }
    }

    [Fact]
    public async Task Cards_ReadBack_WithTheirStatesDatesCertificatesAndCodes()
    {
        var states = new HashSet<CardState>();
        for (long n = 0; n < 400; n++)
        {
            foreach (var generated in _population.Make(n).Cards)
            {
                var card = await Window.GetCardAsync(generated.Id);
                Assert.NotNull(card);
                Assert.Equal((generated.ResidentId, generated.State, generated.IssuedOn, generated.ExpiresOn, generated.SerialNumber, generated.SecurityCode),
                    (card.ResidentId, card.State, card.IssuedOn, card.ExpiresOn, card.SerialNumber, card.SecurityCode));
                Assert.Equal(generated.SignatureCertificate, card.SignatureCertificate);
                Assert.Equal(generated.AuthenticationCertificate, card.AuthenticationCertificate);
                Assert.Equal(generated.ReplacedBy, card.ReplacedBy);
                states.Add(card.State);
            }
        }
        // The spread the benchmark relies on: cards in use, renewed (replaced) and expired among a few hundred holders.
        Assert.Superset(new HashSet<CardState> { CardState.Active, CardState.Replaced, CardState.Expired }, states);
    }

    [Fact]
    public async Task TheSweep_ExpiresExactlyTheCardsDueYesterday_AndRevokesTheirCertificates()
    {
        var due = Enumerable.Range(0, Residents).SelectMany(n => _population.Make(n).Cards)
            .Where(c => c.State is CardState.Active or CardState.Suspended && c.ExpiresOn < Today).ToList();
        _clock.SetUtcNow(new DateTimeOffset(Today.ToDateTime(new TimeOnly(0, 5)), JapanClock.Offset));

        var report = await Window.SweepAsync();

        Assert.Equal(due.Count, report.Expired);
        foreach (var certificate in due.SelectMany(c => c.Certificates))
            Assert.Equal(X509RevocationReason.CessationOfOperation, _window!.Certificates.GetStatus(certificate.Hierarchy, certificate.SerialNumber).Reason);
        Assert.Equal(0, (await Window.SweepAsync()).Expired);
    }
}

public sealed class SqliteRegistryGeneratorTests : RegistryGeneratorTests
{
    protected override Task<StorageOptions> StorageAsync(string directory) => Task.FromResult(new StorageOptions
    {
        Provider = StorageProvider.Sqlite,
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "scale.db") }.ToString(),
    });
}

public sealed class PostgreSqlRegistryGeneratorTests : RegistryGeneratorTests
{
    private PostgreSqlTestDatabase? _database;

    protected override async Task<StorageOptions> StorageAsync(string directory)
    {
        _database = await PostgreSqlTestDatabase.CreateAsync("myna_scale_test");
        return new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = _database.ConnectionString };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
