using Microsoft.EntityFrameworkCore;
using Myna.OnlineEligibility.Receipts;
using Myna.Registry.Rules;
using Myna.Storage.Eligibility;
using Myna.Storage.History;

namespace Myna.OnlineEligibility.Tests;

public sealed class EligibilityServiceTests : IAsyncLifetime
{
    private readonly EligibilityHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    private static readonly Consent All = new(true, true, true, true);

    private async Task<EligibilityAnswerOf<EligibilityResult>> CheckWithPinAsync(Guid cardId, Consent consent)
    {
        var opened = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;
        return await _h.Service.AnswerAsync(_h.Terminal.Credentials, opened.CheckId, _h.WithPin(cardId, opened.Challenge, consent));
    }

    [Fact]
    public async Task TheCardWithItsPin_ConfirmsTheEnrolmentOfTheVisitDay_WithASignedReceiptAndTheConsent_U1_2()
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10));
        await _h.RegisterForInsuranceUseAsync(resident.Id);
        await _h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));

        var result = (await CheckWithPinAsync(card.Id, new Consent(true, false, false, true))).Value!;

        Assert.True(result.Eligible, result.Reason.English);
        Assert.Equal(RuleIds.U1_2, result.Rule);
        Assert.Equal(("01070010", "1234", "56", "01", 30), (result.Facts!.InsurerNumber, result.Facts.Symbol, result.Facts.Number, result.Facts.Branch, result.Facts.CopaymentPercent));
        Assert.Equal(new Consent(true, false, false, true), result.Consent);
        Assert.True(ReceiptSigner.Verify(_h.Receipts.PublicKeyPem, result.Receipt.Content, Convert.FromBase64String(result.Receipt.Signature)));
        Assert.Contains("\"institution\":\"0711234567\"", result.Receipt.Content, StringComparison.Ordinal);
        Assert.Contains("\"result\":\"eligible\"", result.Receipt.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(resident.MyNumber.Reveal(), result.Receipt.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(resident.Id.ToString("N"), result.Receipt.Content, StringComparison.Ordinal);

        var history = await HistoryAsync(resident.Id);
        var entry = Assert.Single(history);
        Assert.Equal("insurance-eligibility-checked", entry.Kind);
        Assert.Equal("あさひ内科クリニック", entry.Requester.Japanese);
        Assert.Contains("同意：薬剤情報・限度額情報", entry.Purpose.Japanese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACardNotRegisteredForInsuranceUse_IsRefused_U1_1()
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10));
        await _h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));

        var result = (await CheckWithPinAsync(card.Id, All)).Value!;
        Assert.False(result.Eligible);
        Assert.Equal("not-registered", result.RefusalCode);
        Assert.Equal(RuleIds.U1_1, result.Rule);
        // Nothing to consent to without an answer that the patient is covered.
        Assert.Equal(Consent.None, result.Consent);
    }

    [Fact]
    public async Task NoEnrolmentOnTheVisitDay_IsRefused_WithItsReason_U1_2()
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10));
        await _h.RegisterForInsuranceUseAsync(resident.Id);
        await _h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1), until: new DateOnly(2026, 4, 1));

        var result = (await CheckWithPinAsync(card.Id, All)).Value!;
        Assert.Equal("no-enrolment", result.RefusalCode);
        Assert.Equal(RuleIds.U1_2, result.Rule);
        Assert.True(ReceiptSigner.Verify(_h.Receipts.PublicKeyPem, result.Receipt.Content, Convert.FromBase64String(result.Receipt.Signature)));
    }

    [Fact]
    public async Task AFaceCheck_SendsTheCertificateAlone_AndTheReceiptSaysHowTheHolderWasConfirmed()
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10));
        await _h.RegisterForInsuranceUseAsync(resident.Id);
        await _h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));
        var opened = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;

        var result = (await _h.Service.AnswerAsync(_h.Terminal.Credentials, opened.CheckId, _h.WithFaceCheck(card.Id, All))).Value!;
        Assert.True(result.Eligible);
        Assert.Contains("\"identity\":\"Face\"", result.Receipt.Content, StringComparison.Ordinal);

        // With the PIN, a signature is required.
        var again = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;
        var answer = _h.WithFaceCheck(card.Id, All) with { Identity = IdentityCheck.Pin };
        Assert.Equal("signature-required", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, again.CheckId, answer)).Refusal!.Code);
    }

    [Fact]
    public async Task ACheckIsAnsweredOnce_AndAnotherTerminalOrAStrangerGetsNothing()
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10));
        await _h.RegisterForInsuranceUseAsync(resident.Id);
        await _h.EnrolAsync(resident.Id, new DateOnly(2020, 4, 1));
        var opened = (await _h.Service.OpenAsync(_h.Terminal.Credentials)).Value!;
        var answer = _h.WithPin(card.Id, opened.Challenge, All);

        Assert.True((await _h.Service.AnswerAsync(_h.Terminal.Credentials, opened.CheckId, answer)).Succeeded);
        Assert.Equal("already-answered", (await _h.Service.AnswerAsync(_h.Terminal.Credentials, opened.CheckId, answer)).Refusal!.Code);
        Assert.Equal("terminal-unknown", (await _h.Service.OpenAsync(new TerminalCredentials(_h.Terminal.Id, "guess"))).Refusal!.Code);
    }

    [Fact]
    public async Task ASuspendedCard_IsRefused_AndTheCheckEnds()
    {
        var (resident, card) = await _h.PatientAsync(new DateOnly(1990, 5, 10));
        await _h.RegisterForInsuranceUseAsync(resident.Id);
        Assert.True((await _h.Window.SuspendCardAsync(card.Id, EligibilityHarness.Staff)).Succeeded);

        var refused = await CheckWithPinAsync(card.Id, All);
        Assert.Equal("certificate-revoked", refused.Refusal!.Code);
        await using var db = _h.Contexts.CreateDbContext();
        Assert.Equal(EligibilityCheckState.Ended, (await db.Set<EligibilityCheckRow>().SingleAsync()).State);
    }

    [Fact]
    public void AReceiptChangedByOneCharacter_NoLongerVerifies_AndThePatientReferenceIsTheInstitutionsOwn()
    {
        var content = ReceiptSigner.Json(json => { json.WriteStartObject(); json.WriteString("result", "eligible"); json.WriteEndObject(); });
        var signature = _h.Receipts.Sign(content);
        Assert.True(ReceiptSigner.Verify(_h.Receipts.PublicKeyPem, content, signature));
        Assert.False(ReceiptSigner.Verify(_h.Receipts.PublicKeyPem, content.Replace("eligible", "eligiblE", StringComparison.Ordinal), signature));

        var references = new PatientReferences([1, 2, 3]);
        var holder = Guid.NewGuid();
        Assert.Equal(references.Of(holder, "0711234567"), references.Of(holder, "0711234567"));
        Assert.NotEqual(references.Of(holder, "0711234567"), references.Of(holder, "0741234567"));
        Assert.Equal(26, references.Of(holder, "0711234567").Length);
    }

    private async Task<List<ExchangeContent>> HistoryAsync(Guid holder)
    {
        await using var db = _h.Contexts.CreateDbContext();
        var rows = await db.Set<ExchangeRecord>().AsNoTracking().Where(e => e.HolderReference == holder).ToListAsync();
        return [.. rows.Select(r => r.Read()).Where(c => c.Kind.StartsWith("insurance", StringComparison.Ordinal))];
    }
}
