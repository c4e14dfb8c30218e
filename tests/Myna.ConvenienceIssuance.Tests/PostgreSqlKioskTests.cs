using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Storage;
using Myna.Storage.Kiosk;
using Myna.Testing;

namespace Myna.ConvenienceIssuance.Tests;

/// <summary>
/// Convenience-store issuance on PostgreSQL, the scale-out store: simultaneous transactions across machines with every
/// sheet, payment and reprint checked, then the day's settlement. A database of its own on the server named by
/// <c>MYNA_TEST_POSTGRES</c>, which <c>./scripts/test.sh</c> starts; failing, never skipped, without it.
/// </summary>
[Collection(SimultaneousKioskLoad.Name)]
public sealed class PostgreSqlKioskTests : IAsyncLifetime
{
    private PostgreSqlTestDatabase? _database;
    private KioskHarness? _h;

    public async Task InitializeAsync()
    {
        _database = await PostgreSqlTestDatabase.CreateAsync("myna_kiosk_test");
        _h = new KioskHarness(home => new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = _database.ConnectionString }.WithDefaults(home));
        await _h.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public async Task SimultaneousTransactions_OnPostgreSql_PrintEachDocumentForItsOwnCard_ChargeOnce_AndSettle()
    {
        var h = _h!;
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", await h.WithDbAsync(db => Task.FromResult(db.Database.ProviderName)));
        await ConcurrentKioskTests.ProveAsync(h, holderCount: 8, transactionsPerHolder: 12, storeCount: 4, machinesPerStore: 3);

        var day = JapanClock.Today(h.Clock);
        var paid = await h.WithDbAsync(db => db.Set<KioskPayment>().SumAsync(p => (long)p.AmountYen));
        h.Advance(1, new TimeOnly(0, 5));
        Assert.Equal(1, await h.Settlement.CloseFinishedDaysAsync());
        var report = await h.Settlement.ReportAsync("072036", day);
        Assert.NotNull(report.ClosedAt);
        Assert.Equal(paid, report.AmountYen);
        Assert.Equal(paid, report.Stores.Sum(s => s.AmountYen));
    }
}
