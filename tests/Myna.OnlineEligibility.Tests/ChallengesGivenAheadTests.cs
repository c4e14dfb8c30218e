using Microsoft.EntityFrameworkCore;
using Myna.OnlineEligibility.Receipts;
using Myna.Registry.Rules;
using Myna.Storage.Audit;
using Myna.Storage.Eligibility;
using Myna.Storage.History;

namespace Myna.OnlineEligibility.Tests;

/// <summary>
/// Challenges given ahead in a batch: nothing is written when they are given; the answer to one writes the check already
/// answered with its receipt, exchange record and audit entry, once; the challenge is the terminal's alone, single-use and
/// 5 minutes long, as an opened check's.
/// </summary>
public sealed class ChallengesGivenAheadTests : IAsyncLifetime
{
    private static readonly Consent All = new(true, true, true, true);
    private readonly EligibilityHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task ABatchOfChallenges_IsBetweenOneAndThirtyTwo_ForAKnownTerminalOnly_AndWritesNothing()
    {
        var batch = (await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, EligibilityService.MaxChallengesAtOnce)).Value!;

        Assert.Equal(32, batch.Count);
        Assert.Equal(32, batch.Select(c => c.CheckId).Distinct().Count());
        Assert.Equal(32, batch.Select(c => Convert.ToBase64String(c.Challenge)).Distinct().Count());
        Assert.All(batch, c => Assert.Equal((32, EligibilityHarness.Start + EligibilityService.CheckLifetime), (c.Challenge.Length, c.ExpiresAt)));
        Assert.Single((await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, 1)).Value!);
        foreach (var count in new[] { 0, -1, 33, int.MaxValue })
            Assert.Equal("challenge-count", (await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, count)).Refusal!.Code);
        Assert.Equal("terminal-unknown", (await _h.Service.IssueChallengesAsync(new TerminalCredentials(_h.Terminal.Id, "guess"), 4)).Refusal!.Code);

        Assert.Equal(0, await CountAsync<EligibilityCheckRow>(_ => true));
        Assert.Equal(0, await CountAsync<AuditEntry>(e => e.Action.StartsWith("insurance.")));
        // Not a check the institution sees before it is answered.
        Assert.Equal("check-unknown", (await _h.Service.ViewAsync(_h.Terminal.Credentials, batch[0].CheckId)).Refusal!.Code);
    }

    [Fact]
    public async Task TheAnswerToAChallengeGivenAhead_WritesTheCheckAnswered_WithItsReceiptExchangeRecordAndAuditEntry_Once_U1_2()
    {
        var (holder, card) = await PatientAsync(registered: true);
        var given = (await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, 3)).Value!;
        var answer = _h.WithPin(card, given[1].Challenge, new Consent(true, false, false, true));

        var result = (await _h.Service.AnswerAsync(_h.Terminal.Credentials, given[1].CheckId, answer)).Value!;

        Assert.True(result.Eligible, result.Reason.English);
        Assert.Equal((given[1].CheckId, RuleIds.U1_2), (result.CheckId, result.Rule));
        Assert.True(ReceiptSigner.Verify(_h.Receipts.PublicKeyPem, result.Receipt.Content, Convert.FromBase64String(result.Receipt.Signature)));
        await using (var db = _h.Contexts.CreateDbContext())
        {
            var row = await db.Set<EligibilityCheckRow>().AsNoTracking().SingleAsync();
            Assert.Equal((given[1].CheckId, EligibilityCheckState.Answered, "eligible", result.Receipt.Id, _h.Terminal.Id),
                (row.Id, row.State, row.Result, row.ReceiptId, row.TerminalId));
            Assert.Equal((EligibilityHarness.Start, given[1].ExpiresAt, holder, true, true), (row.OpenedAt, row.ExpiresAt, row.HolderReference, row.ConsentMedication, row.ConsentCeiling));
        }
        Assert.Equal(EligibilityCheckState.Answered, (await _h.Service.ViewAsync(_h.Terminal.Credentials, given[1].CheckId)).Value!.State);

        Assert.Equal("already-answered", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, given[1].CheckId, answer)).Refusal!.Code);
        await AssertWrittenOnceAsync(holder, given[1].CheckId);
        // The batch's other challenges are still the terminal's to use.
        Assert.True((await _h.Service.AnswerAsync(_h.Terminal.Credentials, given[0].CheckId, _h.WithPin(card, given[0].Challenge, All))).Value!.Eligible);
    }

    [Fact]
    public async Task AChallengeGivenAhead_ToACardNotRegisteredForInsuranceUse_IsAnsweredNotEligible_WithItsRule_U1_1()
    {
        var (holder, card) = await PatientAsync(registered: false);
        var given = (await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, 1)).Value![0];

        var result = (await _h.Service.AnswerAsync(_h.Terminal.Credentials, given.CheckId, _h.WithPin(card, given.Challenge, All))).Value!;

        Assert.False(result.Eligible);
        Assert.Equal(("not-registered", RuleIds.U1_1, Consent.None), (result.RefusalCode, result.Rule, result.Consent));
        Assert.Contains("\"result\":\"not-registered\"", result.Receipt.Content, StringComparison.Ordinal);
        await AssertWrittenOnceAsync(holder, given.CheckId);
    }

    [Fact]
    public async Task AnswersToChallengesGivenAhead_SentTwiceAtOnce_AnswerEachOnce_U1_2()
    {
        var (holder, card) = await PatientAsync(registered: true);
        var given = (await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, 12)).Value!;
        var answers = given.Select(c => (c.CheckId, Answer: _h.WithPin(card, c.Challenge, All))).ToList();

        var results = await Task.WhenAll(answers.Concat(answers).Select(a => Task.Run(() => _h.Service.AnswerAsync(_h.Terminal.Credentials, a.CheckId, a.Answer))));

        Assert.Equal(given.Select(c => c.CheckId).Order(), results.Where(r => r.Succeeded).Select(r => r.Value!.CheckId).Order());
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("already-answered", r.Refusal!.Code));
        Assert.Equal(12, await CountAsync<EligibilityCheckRow>(c => c.State == EligibilityCheckState.Answered));
        Assert.Equal(12, await CountAsync<EligibilityReceiptRow>(_ => true));
        Assert.Equal(12, await CountAsync<ExchangeRecord>(e => e.HolderReference == holder));
        Assert.Equal(12, await CountAsync<AuditEntry>(e => e.Action == EligibilityService.CheckedAction));
    }

    [Fact]
    public async Task AnExpiredChallengeGivenAhead_IsRefusedAndEnded_AndAnsweredNoMore_U1_2()
    {
        var (_, card) = await PatientAsync(registered: true);
        var given = (await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, 1)).Value![0];
        var answer = _h.WithPin(card, given.Challenge, All);

        _h.Clock.Advance(EligibilityService.CheckLifetime);
        Assert.Equal("check-expired", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, given.CheckId, answer)).Refusal!.Code);
        Assert.Equal("already-answered", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, given.CheckId, answer)).Refusal!.Code);
        Assert.Equal(1, await CountAsync<EligibilityCheckRow>(c => c.Id == given.CheckId && c.State == EligibilityCheckState.Ended && c.Result == "check-expired"));
        Assert.Equal(0, await CountAsync<EligibilityReceiptRow>(_ => true));
    }

    [Fact]
    public async Task AnotherTerminalsChallenge_AndAForgedOne_AreUnknown_AndNothingIsWritten()
    {
        var (_, card) = await PatientAsync(registered: true);
        var given = (await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, 1)).Value![0];
        var answer = _h.WithPin(card, given.Challenge, All);
        var second = (await _h.Institutions.AddAsync("0711234567", "あさひ内科クリニック", InstitutionKind.Clinic, 1))[0];

        Assert.Equal("check-unknown", (await _h.Service.AnswerAsync(second.Credentials, given.CheckId, answer)).Refusal!.Code);
        var bytes = given.CheckId.ToByteArray();
        bytes[^1] ^= 1;
        Assert.Equal("check-unknown", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, new Guid(bytes), answer)).Refusal!.Code);
        Assert.Equal("check-unknown", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, Guid.NewGuid(), answer)).Refusal!.Code);
        Assert.Equal(0, await CountAsync<EligibilityCheckRow>(_ => true));

        // The terminal it was given to still answers it.
        Assert.True((await _h.Service.AnswerAsync(_h.Terminal.Credentials, given.CheckId, answer)).Value!.Eligible);
    }

    [Fact]
    public async Task AChallengeSignedByTheCardOfSomeoneElse_IsABadSignature_AndEndsTheCheck_U1_2()
    {
        var (_, card) = await PatientAsync(registered: true);
        var (_, other) = await PatientAsync(registered: true, "次郎");
        var given = (await _h.Service.IssueChallengesAsync(_h.Terminal.Credentials, 1)).Value![0];
        var mine = _h.WithPin(card, given.Challenge, All);
        var theirs = _h.WithPin(other, given.Challenge, All);

        // The certificate of the patient at the counter with the signature of another card.
        var refused = await _h.Service.AnswerAsync(_h.Terminal.Credentials, given.CheckId, mine with { Signature = theirs.Signature });

        Assert.Equal("bad-signature", refused.Refusal!.Code);
        Assert.Equal(1, await CountAsync<EligibilityCheckRow>(c => c.Id == given.CheckId && c.State == EligibilityCheckState.Ended && c.Result == "bad-signature"));
        Assert.Equal("already-answered", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, given.CheckId, mine)).Refusal!.Code);
        Assert.Equal(0, await CountAsync<EligibilityReceiptRow>(_ => true));
    }

    private async Task<(Guid Holder, Guid Card)> PatientAsync(bool registered, string name = "花子")
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10), name);
        if (registered)
            await _h.RegisterForInsuranceUseAsync(resident.Id);
        await _h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));
        return (resident.Id, card.Id);
    }

    /// <summary>The check's row, receipt, exchange record and audit entry, each once.</summary>
    private async Task AssertWrittenOnceAsync(Guid holder, Guid checkId)
    {
        Assert.Equal(1, await CountAsync<EligibilityCheckRow>(c => c.Id == checkId));
        Assert.Equal(1, await CountAsync<EligibilityReceiptRow>(r => r.CheckId == checkId));
        Assert.Equal(1, await CountAsync<ExchangeRecord>(e => e.HolderReference == holder && e.Content.Contains("insurance-eligibility-checked")));
        Assert.Equal(1, await CountAsync<AuditEntry>(e => e.Action == EligibilityService.CheckedAction && e.SubjectId == AuditSubject.Resident(holder).Id));
    }

    private async Task<int> CountAsync<T>(System.Linq.Expressions.Expression<Func<T, bool>> where) where T : class
    {
        await using var db = _h.Contexts.CreateDbContext();
        return await db.Set<T>().CountAsync(where);
    }
}
