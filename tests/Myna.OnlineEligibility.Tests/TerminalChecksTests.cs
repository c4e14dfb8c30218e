using Myna.OnlineEligibility.Terminals;
using Myna.Storage.Eligibility;

namespace Myna.OnlineEligibility.Tests;

/// <summary>A reception terminal's list of its own checks, newest first: what the clinic's staff look through during the day.</summary>
public sealed class TerminalChecksTests : IAsyncLifetime
{
    private readonly EligibilityHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task ATerminal_SeesItsOwnChecks_NewestFirst_WithResultAndIdentity_AndNoOneElses()
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10));
        await _h.RegisterForInsuranceUseAsync(resident.Id);
        await _h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));
        var institutions = new Institutions(_h.Contexts);
        var checks = new TerminalChecks(_h.Contexts, institutions);
        var pharmacy = (await institutions.AddAsync("0741234568", "さくら薬局", InstitutionKind.Pharmacy, 1))[0];

        var answered = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;
        Assert.True((await _h.Service.AnswerAsync(_h.Terminal.Credentials, answered.CheckId,
            _h.WithPin(card.Id, answered.Challenge, new Consent(true, false, false, true)))).Succeeded);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var waiting = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;
        await _h.Service.OpenAsync(pharmacy.Credentials);

        var list = (await checks.RecentAsync(_h.Terminal.Credentials, 10)).Value!;
        Assert.Equal([waiting.CheckId, answered.CheckId], list.Select(c => c.CheckId));
        Assert.Equal(EligibilityCheckState.Open, list[0].State);
        Assert.Null(list[0].Result);
        Assert.Equal((EligibilityCheckState.Answered, "eligible", IdentityCheck.Pin), (list[1].State, list[1].Result, list[1].Identity));
        Assert.Single((await checks.RecentAsync(_h.Terminal.Credentials, 1)).Value!);
        Assert.DoesNotContain((await checks.RecentAsync(pharmacy.Credentials, 10)).Value!, c => c.CheckId == answered.CheckId);
        Assert.Equal("terminal-unknown", (await checks.RecentAsync(new TerminalCredentials(_h.Terminal.Id, "guess"), 10)).Refusal!.Code);
    }
}
