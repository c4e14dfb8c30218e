using Xunit.Abstractions;

namespace Myna.Crash.Tests;

/// <summary>
/// Every window procedure is all-or-nothing across a SIGKILL of the real server at its named crash points
/// (docs/crash-safety.md): after the restart's recovery the invariants hold, the procedure is wholly undone (killed
/// before its commit) or wholly done (after it), and retrying it succeeds once in all. The quick version kills each
/// procedure at one point (together every point); the long version (<c>MYNA_CRASH_ROUNDS</c>) at every point.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class NamedPointCrashTests(CrashFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task Delivery_AfterApplication_D4_L3_IsAllOrNothing_AtCrashPoints() => RunAsync(Procedures.Delivery);

    [Fact]
    public Task ReissueAfterLoss_L3_ReplacesTheOldCardAllOrNothing_AtCrashPoints() => RunAsync(Procedures.Reissue);

    [Fact]
    public Task AddressChange_WithNewSignaturePassword_M1_IsAllOrNothing_AtCrashPoints() => RunAsync(Procedures.AddressChange);

    [Fact]
    public Task NameChange_WithNewSignaturePassword_M1_M3_IsAllOrNothing_AtCrashPoints() => RunAsync(Procedures.NameChange);

    [Fact]
    public Task LiftSuspension_L2_IsAllOrNothing_AtCrashPoints() => RunAsync(Procedures.Lift);

    [Fact]
    public Task LoadCertificates_E5_IsAllOrNothing_AtCrashPoints() => RunAsync(Procedures.LoadCertificates);

    [Fact]
    public Task PinReset_P3_IsAllOrNothing_AtCrashPoints() => RunAsync(Procedures.PinReset);

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task Suspension_L1_RevokesAllOrNothing_AtCommit()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.Suspension);
    }

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task Return_RevokesAllOrNothing_AtCommit()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.Return);
    }

    private async Task RunAsync(Procedure procedure)
    {
        var owner = CrashRun.OwnerOf(procedure, CrashRun.PointsMode);
        var what = $"{procedure} at {string.Join(", ", procedure.PlannedPoints)}";
        if (!CrashSettings.IsLong)
        {
            var chain = await fixture.QuickChainAsync();
            foreach (var line in chain.Lines)
                output.WriteLine(line);
            chain.AssertClean(owner, what);
            return;
        }
        var (run, rounds) = await fixture.LongRunAsync(procedure, CrashRun.PointsMode);
        run.Output = output;
        await run.NamedPointsAsync(rounds);
        await run.StopAsync();
        run.LogSummary();
        run.Output = null;
        Assert.True(fixture.TemplateFailures.Count == 0, string.Join(Environment.NewLine, fixture.TemplateFailures));
        run.AssertClean(owner, what);
    }
}

/// <summary>
/// The same procedures killed by the harness (SIGKILL) at random instants while they run, the delays spread over
/// one uncrashed run's duration, from a seeded RNG (printed; <c>MYNA_CRASH_SEED</c> replays it). The quick version
/// does a few delivery rounds at the end of its chain; the long one <c>MYNA_CRASH_ROUNDS</c> rounds of every procedure.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class RandomKillCrashTests(CrashFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task Delivery_AfterApplication_D4_L3_SurvivesKillsAtRandomInstants() => RunAsync(Procedures.Delivery);

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task ReissueAfterLoss_L3_SurvivesKillsAtRandomInstants()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.Reissue);
    }

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task AddressChange_M1_SurvivesKillsAtRandomInstants()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.AddressChange);
    }

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task NameChange_M1_M3_SurvivesKillsAtRandomInstants()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.NameChange);
    }

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task LiftSuspension_L2_SurvivesKillsAtRandomInstants()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.Lift);
    }

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task LoadCertificates_E5_SurvivesKillsAtRandomInstants()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.LoadCertificates);
    }

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task PinReset_P3_SurvivesKillsAtRandomInstants()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.PinReset);
    }

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task Suspension_L1_SurvivesKillsAtRandomInstants()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.Suspension);
    }

    [Fact, Trait("Category", CrashCategories.Long)]
    public Task Return_SurvivesKillsAtRandomInstants()
    {
        CrashCategories.RequireLongVersion();
        return RunAsync(Procedures.Return);
    }

    private async Task RunAsync(Procedure procedure)
    {
        var owner = CrashRun.OwnerOf(procedure, CrashRun.RandomMode);
        var what = $"{procedure} under random kills";
        output.WriteLine($"seed {CrashSettings.Seed} (MYNA_CRASH_SEED replays it)");
        if (!CrashSettings.IsLong)
        {
            var chain = await fixture.QuickChainAsync();
            foreach (var line in chain.Lines)
                output.WriteLine(line);
            chain.AssertClean(owner, what);
            return;
        }
        var (run, _) = await fixture.LongRunAsync(procedure, CrashRun.RandomMode);
        run.Output = output;
        await run.RandomKillsAsync(procedure, CrashSettings.LongRounds);
        await run.StopAsync();
        run.LogSummary();
        run.Output = null;
        Assert.True(fixture.TemplateFailures.Count == 0, string.Join(Environment.NewLine, fixture.TemplateFailures));
        run.AssertClean(owner, what);
    }
}
