using System.Security.Cryptography.X509Certificates;
using Myna.Registry.Cards;
using Myna.Registry.Residents;

namespace Myna.Window.Tests;

public class MoveProcedureTests : WindowTestBase
{
    public MoveProcedureTests()
    {
    }

    protected MoveProcedureTests(WindowHarness harness)
        : base(harness)
    {
    }

    [Fact]
    public async Task MoveIn_WithTheCard_WithinTheDeadlines_ContinuesItAndWritesTheNewAddress_V5_M1()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        H.SetDate(new DateOnly(2026, 5, 1));
        Assert.True((await Window.NoteMoveOutAsync(resident.Id, new DateOnly(2026, 5, 10), "東京都千代田区千代田１－１", WindowHarness.Staff)).Succeeded);
        H.SetDate(new DateOnly(2026, 5, 20));
        var outcome = (await Window.MoveInAsync(resident.Id,
            new MoveInForm("13101", "東京都千代田区千代田１－１", new DateOnly(2026, 5, 10), CardPresented: true), WindowHarness.Staff)).Value;
        Assert.False(outcome.Lapse!.IsLapsed);
        Assert.Equal(WindowHarness.Tokyo, outcome.Resident.Municipality);
        var after = await H.CardAsync(card.Id);
        Assert.Equal(CardState.Active, after.State);
        Assert.Contains("転入", Assert.Single(after.Endorsements).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveIn_MoreThan14DaysAfterTheMove_FindsTheCardLapsed_AndRevokesItsCertificates_V5()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        H.SetDate(new DateOnly(2026, 2, 20).AddMonths(2)); // 2026-04-20
        await Window.NoteMoveOutAsync(resident.Id, new DateOnly(2026, 4, 25), "東京都千代田区千代田１－１", WindowHarness.Staff);
        H.SetDate(new DateOnly(2026, 5, 17));
        // Moved on 05-02: the last day for the move-in notice was 05-16; the card lapsed on 05-17.
        var outcome = (await Window.MoveInAsync(resident.Id,
            new MoveInForm("13101", "東京都千代田区千代田１－１", new DateOnly(2026, 5, 2), CardPresented: true), WindowHarness.Staff)).Value;
        Assert.True(outcome.Lapse!.IsLapsed);
        Assert.Equal(new DateOnly(2026, 5, 17), outcome.Lapse.LapsedOn);
        Assert.Contains("V5", outcome.Notice!.Value.English, StringComparison.Ordinal);
        var after = await H.CardAsync(card.Id);
        Assert.Equal(CardState.Lapsed, after.State);
        Assert.Contains("V5", after.StateReason, StringComparison.Ordinal);
        Assert.Equal(X509RevocationReason.CessationOfOperation, H.StatusOf(card.SignatureCertificate!).Reason);
        // V6: only a reissue of the lapsed card helps now (a reissue "after loss" is refused).
        Assert.Equal("L3", (await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id,
            Occasion: Registry.Rules.CardIssueOccasion.ReissueAfterLossOrDamage), WindowHarness.Staff)).Refusal?.Rule);
        Assert.True((await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id,
            Occasion: Registry.Rules.CardIssueOccasion.ReissueAfterLapse), WindowHarness.Staff)).Succeeded);
    }

    [Fact]
    public async Task Continuation_After90DaysFromAMoveInWithoutTheCard_IsRefused_AndTheSweepLapsedIt_V5()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        H.SetDate(new DateOnly(2026, 5, 1));
        await Window.NoteMoveOutAsync(resident.Id, new DateOnly(2026, 5, 5), "東京都千代田区千代田１－１", WindowHarness.Staff);
        H.SetDate(new DateOnly(2026, 5, 8));
        var movedIn = (await Window.MoveInAsync(resident.Id,
            new MoveInForm("13101", "東京都千代田区千代田１－１", new DateOnly(2026, 5, 5), CardPresented: false), WindowHarness.Staff)).Value;
        Assert.Equal(new DateOnly(2026, 8, 6), movedIn.Lapse!.NextDeadline); // 90 days after 05-08

        H.SetDate(new DateOnly(2026, 8, 6));
        Assert.Equal(0, (await Window.SweepAsync()).Lapsed);
        H.SetDate(new DateOnly(2026, 8, 7));
        Assert.Equal(1, (await Window.SweepAsync()).Lapsed);
        Assert.Equal(CardState.Lapsed, (await H.CardAsync(card.Id)).State);
        var refused = await Window.ContinueCardAsync(resident.Id, null, WindowHarness.Staff);
        Assert.Equal("V5", refused.Refusal?.Rule);
    }

    [Fact]
    public async Task Sweep_WithAMoveOutPlannedAhead_RunsAndLapsesNothing_V5()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        await Window.NoteMoveOutAsync(resident.Id, Window.Today.AddDays(7), "東京都千代田区千代田１－１", WindowHarness.Staff);
        Assert.Equal(0, (await Window.SweepAsync()).Lapsed);
        // 30 days after the planned date is the last day; the sweep of the day after lapses the card.
        H.SetDate(Window.Today.AddDays(37));
        Assert.Equal(0, (await Window.SweepAsync()).Lapsed);
        H.AdvanceDays(1);
        Assert.Equal(1, (await Window.SweepAsync()).Lapsed);
        Assert.Equal(CardState.Lapsed, (await H.CardAsync(card.Id)).State);
    }

    [Fact]
    public async Task Continuation_InTime_KeepsTheCard_V5()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        H.SetDate(new DateOnly(2026, 5, 1));
        await Window.NoteMoveOutAsync(resident.Id, new DateOnly(2026, 5, 5), "東京都千代田区千代田１－１", WindowHarness.Staff);
        H.SetDate(new DateOnly(2026, 5, 8));
        await Window.MoveInAsync(resident.Id, new MoveInForm("13101", "東京都千代田区千代田１－１", new DateOnly(2026, 5, 5), CardPresented: false), WindowHarness.Staff);
        H.SetDate(new DateOnly(2026, 8, 6));
        var continued = (await Window.ContinueCardAsync(resident.Id, "NEWPASS1", WindowHarness.Staff)).Value;
        Assert.Equal(CardState.Active, continued.Card!.State);
        Assert.Equal(ResidentStatus.Registered, continued.Resident.Status);
        Assert.NotNull((await H.CardAsync(card.Id)).SignatureCertificate);
    }
}
