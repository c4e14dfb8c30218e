using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Window.Demo;

namespace Myna.Window.Tests;

public class DemoRegistryTests : WindowTestBase
{
    [Fact]
    public async Task Seed_MakesCardsInEveryStartingState_OnceOnly()
    {
        var steps = new List<string>();
        Assert.True(await DemoRegistry.SeedResidentsAsync(Window, H.Contexts, new SynchronousProgress(steps)));
        Assert.False(await DemoRegistry.SeedResidentsAsync(Window, H.Contexts));
        Assert.Contains(steps, s => s.StartsWith("issuing", StringComparison.Ordinal));
        // The steps go to the server's log: counts, never a resident's name.
        Assert.Contains($"registering resident {DemoRegistry.DemoResidents}/{DemoRegistry.DemoResidents}", steps);
        Assert.Contains($"issuing card {DemoRegistry.DemoCards}/{DemoRegistry.DemoCards}", steps);
        Assert.DoesNotContain(steps, s => s.Any(c => c > 0x2E80));

        var cards = await H.WithDbAsync(db => db.Set<CardRecord>().ToListAsync());
        Assert.Contains(cards, c => c.State == CardState.Active && c.SignatureCertificate is not null);
        Assert.Contains(cards, c => c.State == CardState.Active && c.SignatureCertificate is null);          // the child (P4)
        Assert.Contains(cards, c => c.State == CardState.Suspended);
        Assert.Contains(cards, c => c.State == CardState.Replaced);
        Assert.Equal(8, await H.WithDbAsync(db => db.Set<Resident>().CountAsync()));
        Assert.Single(await H.WithDbAsync(db => db.Set<CardApplication>().Where(a => a.Status == ApplicationStatus.Received).ToListAsync()));
        Assert.Single(await H.WithDbAsync(db => db.Set<Resident>().Where(r => r.Status == ResidentStatus.MovingOut).ToListAsync()));

        // One card has a blocked authentication PIN (P3) ...
        var blocked = cards.Where(c => c.State == CardState.Active).Count(c =>
            H.ReadChip(c.Id, client => client.GetPinStatus(PinKind.UserAuthentication).IsBlocked));
        Assert.Equal(1, blocked);

        // ... and the foreign resident's card expires within the month; the sweep then records it (V3, V7).
        H.AdvanceDays(21);
        Assert.Equal(1, (await Window.SweepAsync()).Expired);
    }

    private sealed class SynchronousProgress(List<string> steps) : IProgress<string>
    {
        public void Report(string value) => steps.Add(value);
    }
}
