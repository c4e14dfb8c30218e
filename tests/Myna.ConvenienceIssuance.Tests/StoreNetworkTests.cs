using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance.Stores;
using Myna.Storage.Kiosk;

namespace Myna.ConvenienceIssuance.Tests;

public sealed class StoreNetworkTests : IAsyncLifetime
{
    private readonly KioskHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task AGeneratedNetwork_SpreadsItsStoresOverTheChainsInTheirNationalShares_U2_2()
    {
        var reported = new List<int>();
        await _h.Stores.AddNetworkAsync(5_600, ["072036", "072010"], progress: new SynchronousProgress(reported.Add));

        var byChain = await _h.WithDbAsync(db => db.Set<KioskStore>().GroupBy(s => s.Chain).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(5_600, byChain.Sum(c => c.Count));
        var total = StoreNetwork.NationalShares.Sum(s => s.Stores);
        foreach (var (chain, stores) in StoreNetwork.NationalShares)
            Assert.InRange(byChain.Single(c => c.Key == chain).Count, stores * 5_600 / total - 1, stores * 5_600 / total + 1);
        Assert.Equal(5_600, await _h.WithDbAsync(db => db.Set<KioskMachineRow>().CountAsync()));
        Assert.Equal([2_000, 4_000, 5_600], reported);
        // A generated machine has no secret anybody knows.
        var machine = await _h.WithDbAsync(db => db.Set<KioskMachineRow>().FirstAsync());
        Assert.Equal("machine-unknown", (await _h.Centre.OpenAsync(new MachineCredentials(machine.Id, "x"))).Refusal!.Code);
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
