using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance.Machines;
using Myna.ConvenienceIssuance.Stores;
using Myna.Documents;
using Myna.Kiosk;
using Myna.Primitives;
using Myna.Registry.Rules;
using Myna.Storage.History;
using Myna.Storage.Kiosk;

namespace Myna.ConvenienceIssuance.Tests;

public sealed class KioskTransactionTests : IAsyncLifetime
{
    private readonly KioskHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    private async Task<(KioskMachine Machine, TestPrinter Printer, RegisteredMachine Registered)> MachineAsync(Func<bool>? fail = null)
    {
        var registered = (await _h.Stores.AddStoreAsync(Storage.Kiosk.StoreChain.SevenEleven, "1001", "郡山駅前店", "072036", 2))[0];
        var printer = new TestPrinter(fail);
        return (new KioskMachine(_h.Centre, registered.Credentials, printer), printer, registered);
    }

    private static CertificateOrder ResidentRecord(int copies = 1) => new("072036", KioskCertificate.ResidentRecord, copies);

    [Fact]
    public async Task WholeTransaction_PrintsTheHoldersSealedResidentRecord_ForTheWindowFee_U2_4()
    {
        var (resident, card) = await _h.ResidentWithCardAsync("郡山", "一郎");
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, printer, _) = await MachineAsync();

        var transaction = (await machine.StartAsync()).Value!;
        using (var slot = _h.SetCard(card.Id))
        {
            Assert.True((await transaction.SetCardAsync(slot.Client)).Succeeded);
            var choices = (await transaction.EnterPinAsync(KioskHarness.AuthenticationPin)).Value!;
            Assert.Equal("072036", Assert.Single(choices).Code);
        }
        var quote = (await transaction.ChooseAsync(ResidentRecord(2))).Value!;
        Assert.Equal(600, quote.FeeYen);
        var receipt = (await transaction.PayAsync(600)).Value!;
        Assert.Equal(2, receipt.IssueNumbers.Count);
        Assert.Equal(2, (await transaction.PrintAsync()).Value);

        Assert.Equal(2, printer.Printed.Count);
        var verifier = _h.Seals.Verifier();
        var documents = await _h.WithDbAsync(db => db.Set<IssuedDocumentRow>().AsNoTracking().ToListAsync());
        foreach (var pdf in printer.Printed)
        {
            var row = Assert.Single(documents, d => d.DocumentHash.AsSpan().SequenceEqual(SHA256.HashData(pdf)));
            Assert.Equal(resident.Id, row.HolderReference);
            Assert.Equal(PrintState.Printed, row.State);
            Assert.Null(row.Pdf);
            var check = verifier.Verify(row.Seal);
            Assert.True(check.IsValid, check.Reason.English);
            Assert.Equal(CertificateKind.ResidentRecord, check.Content!.Kind);
            Assert.Contains(check.Content.Body.OfType<CertificateField>(), f => f.Label == "氏名" && f.Value.Contains("郡山", StringComparison.Ordinal));
            Assert.Equal(row.IssueNumber, check.Content.IssueNumber);
        }
        var session = await _h.WithDbAsync(db => db.Set<KioskSessionRow>().SingleAsync());
        Assert.Equal(KioskSessionState.Printed, session.State);
        var payment = await _h.WithDbAsync(db => db.Set<KioskPayment>().SingleAsync());
        Assert.Equal(600, payment.AmountYen);
        Assert.Equal(new DateOnly(2026, 4, 7), payment.BusinessDay);
    }

    [Fact]
    public async Task Issuance_IsWrittenToTheHoldersExchangeHistory_WithStoreDocumentAndFee()
    {
        var (resident, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, _, _) = await MachineAsync();
        await RunAsync(machine, card.Id, ResidentRecord());

        var exchange = await _h.WithDbAsync(db => db.Set<ExchangeRecord>().AsNoTracking().SingleAsync(e => e.HolderReference == resident.Id));
        var content = exchange.Read();
        Assert.Equal("kiosk-issued", content.Kind);
        Assert.Contains("セブン-イレブン 郡山駅前店", content.Requester.Japanese, StringComparison.Ordinal);
        Assert.Contains("住民票の写し 1通", content.Information.Japanese, StringComparison.Ordinal);
        Assert.Contains("300円", content.Purpose.Japanese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDayTheCardWasDelivered_IsRefused_U2_7()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        var (machine, _, _) = await MachineAsync();
        var transaction = await AuthenticatedAsync(machine, card.Id);

        var refused = await transaction.ChooseAsync(ResidentRecord());
        Assert.Equal(RuleIds.U2_7, refused.Refusal!.Rule);
        Assert.Equal(0, await _h.WithDbAsync(db => db.Set<KioskPayment>().CountAsync()));
    }

    [Fact]
    public async Task AtTenPast11AtNight_IsRefused_AndAtHalfPast6_Issued_U2_1()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        var (machine, _, _) = await MachineAsync();
        _h.Advance(1, new TimeOnly(23, 0));
        var refused = await (await AuthenticatedAsync(machine, card.Id)).ChooseAsync(ResidentRecord());
        Assert.Equal(RuleIds.U2_1, refused.Refusal!.Rule);

        _h.Advance(1, new TimeOnly(6, 30));
        Assert.True((await (await AuthenticatedAsync(machine, card.Id)).ChooseAsync(ResidentRecord())).Succeeded);
    }

    [Fact]
    public async Task StepsOutOfOrder_AreNotTaken_U2_4()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, _, registered) = await MachineAsync();
        var transaction = (await machine.StartAsync()).Value!;

        await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.EnterPinAsync(KioskHarness.AuthenticationPin));
        await Assert.ThrowsAsync<InvalidOperationException>(() => transaction.PayAsync(300));
        // The centre, too, refuses a step the session is not at, whatever a machine sends.
        var payment = await _h.Centre.PayAsync(registered.Credentials, transaction.SessionId, Guid.NewGuid(), 300);
        Assert.Equal("wrong-step", payment.Refusal!.Code);
        var order = await _h.Centre.OrderAsync(registered.Credentials, transaction.SessionId, ResidentRecord());
        Assert.Equal("wrong-step", order.Refusal!.Code);
    }

    [Fact]
    public async Task AWrongPin_CountsOnTheCard_AndABlockedPin_EndsTheTransactionWithAPointerToTheWindow_P3()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, _, _) = await MachineAsync();
        var wrong = Pin.Parse(PinKind.UserAuthentication, "9999").Value;
        var transaction = (await machine.StartAsync()).Value!;
        using var slot = _h.SetCard(card.Id);
        await transaction.SetCardAsync(slot.Client);

        Assert.Equal("wrong-pin", (await transaction.EnterPinAsync(wrong)).Refusal!.Code);
        Assert.Equal("wrong-pin", (await transaction.EnterPinAsync(wrong)).Refusal!.Code);
        Assert.Equal(KioskStep.Pin, transaction.Step);
        var blocked = await transaction.EnterPinAsync(wrong);
        Assert.Equal("pin-blocked", blocked.Refusal!.Code);
        Assert.Equal(RuleIds.P3, blocked.Refusal.Rule);
        Assert.Contains("窓口", blocked.Refusal.Text.Japanese, StringComparison.Ordinal);
        Assert.Equal(KioskStep.Finished, transaction.Step);
        Assert.Equal(0, slot.Client.GetPinStatus(PinKind.UserAuthentication).TriesLeft);
        var session = await _h.WithDbAsync(db => db.Set<KioskSessionRow>().SingleAsync());
        Assert.Equal(KioskSessionState.Ended, session.State);
        Assert.Equal(RuleIds.P3, session.RefusalRule);
    }

    [Fact]
    public async Task ASuspendedCard_IsRefusedByTheCentre_ItsCertificateRevoked()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        Assert.True((await _h.Window.SuspendCardAsync(card.Id, KioskHarness.Staff)).Succeeded);
        var (machine, _, _) = await MachineAsync();
        var transaction = (await machine.StartAsync()).Value!;
        using var slot = _h.SetCard(card.Id);
        // The chip still holds the certificate (a suspension changes no chip); the centre finds it revoked.
        Assert.True((await transaction.SetCardAsync(slot.Client)).Succeeded);
        var refused = await transaction.EnterPinAsync(KioskHarness.AuthenticationPin);
        Assert.Equal("certificate-revoked", refused.Refusal!.Code);
        Assert.Equal(KioskSessionState.Ended, (await _h.WithDbAsync(db => db.Set<KioskSessionRow>().SingleAsync())).State);
    }

    [Fact]
    public async Task ACardSuspendedAfterUse_IsRefusedOnceTheCentresOcspAnswerIsOlderThanAMinute()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, _, _) = await MachineAsync();
        await AuthenticatedAsync(machine, card.Id);
        Assert.True((await _h.Window.SuspendCardAsync(card.Id, KioskHarness.Staff)).Succeeded);

        // The centre relies on its OCSP answer of a moment ago for at most a minute (CentreVerification.StatusKeptFor) …
        _h.Clock.Advance(TimeSpan.FromSeconds(30));
        await AuthenticatedAsync(machine, card.Id);
        // … after which it asks again and learns of the revocation.
        _h.Clock.Advance(Myna.ConvenienceIssuance.Centre.CentreVerification.StatusKeptFor);
        var transaction = (await machine.StartAsync()).Value!;
        using var slot = _h.SetCard(card.Id);
        Assert.True((await transaction.SetCardAsync(slot.Client)).Succeeded);
        Assert.Equal("certificate-revoked", (await transaction.EnterPinAsync(KioskHarness.AuthenticationPin)).Refusal!.Code);
    }

    [Fact]
    public async Task ThePaymentMustBeTheWholeFee_NoExemptionAtTheKiosk_U2_8()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, _, _) = await MachineAsync();
        var transaction = await AuthenticatedAsync(machine, card.Id);
        await transaction.ChooseAsync(ResidentRecord());

        var refused = await transaction.PayAsync(0);
        Assert.Equal(RuleIds.U2_8, refused.Refusal!.Rule);
        Assert.Equal(0, await _h.WithDbAsync(db => db.Set<KioskPayment>().CountAsync()));
    }

    [Fact]
    public async Task AfterPayment_TheTransactionCannotBeCancelledOrRefunded_U2_8()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, printer, _) = await MachineAsync();
        var transaction = await AuthenticatedAsync(machine, card.Id);
        await transaction.ChooseAsync(ResidentRecord());
        await transaction.PayAsync(300);

        var cancelled = await transaction.CancelAsync();
        Assert.Equal(RuleIds.U2_8, cancelled.Refusal!.Rule);
        Assert.Equal(1, (await transaction.PrintAsync()).Value);
        Assert.Single(printer.Printed);
    }

    [Fact]
    public async Task APrinterFailureAfterPayment_LeadsToAReprint_NotASecondCharge()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var fails = 1;
        var (machine, printer, _) = await MachineAsync(() => Interlocked.Decrement(ref fails) >= 0);
        await RunAsync(machine, card.Id, ResidentRecord());

        Assert.Equal(1, printer.Failures);
        Assert.Single(printer.Printed);
        Assert.Equal(1, await _h.WithDbAsync(db => db.Set<KioskPayment>().CountAsync()));
        var document = await _h.WithDbAsync(db => db.Set<IssuedDocumentRow>().SingleAsync());
        Assert.Equal(1, document.FailedPrints);
        Assert.Equal(PrintState.Printed, document.State);
    }

    [Fact]
    public async Task APaymentSentAgain_ReturnsTheSameReceipt_AndChargesOnce()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, _, registered) = await MachineAsync();
        var transaction = await AuthenticatedAsync(machine, card.Id);
        await transaction.ChooseAsync(ResidentRecord());
        var paymentId = Guid.NewGuid();

        var both = await Task.WhenAll(
            _h.Centre.PayAsync(registered.Credentials, transaction.SessionId, paymentId, 300),
            _h.Centre.PayAsync(registered.Credentials, transaction.SessionId, paymentId, 300));
        Assert.All(both, r => Assert.True(r.Succeeded, r.Refusal?.ToString()));
        Assert.Equal(both[0].Value!.IssueNumbers, both[1].Value!.IssueNumbers);
        var another = await _h.Centre.PayAsync(registered.Credentials, transaction.SessionId, Guid.NewGuid(), 300);
        Assert.Equal("already-paid", another.Refusal!.Code);
        Assert.Equal(1, await _h.WithDbAsync(db => db.Set<KioskPayment>().CountAsync()));
        Assert.Equal(1, await _h.WithDbAsync(db => db.Set<IssuedDocumentRow>().CountAsync()));
    }

    [Fact]
    public async Task TheLastCopies_ReportedPrintedAtOnce_CloseTheSession_AndTheMachineStartsTheNextTransaction()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, _, registered) = await MachineAsync();
        var transaction = await AuthenticatedAsync(machine, card.Id);
        await transaction.ChooseAsync(ResidentRecord(copies: 3));
        Assert.True((await _h.Centre.PayAsync(registered.Credentials, transaction.SessionId, Guid.NewGuid(), 900)).Succeeded);
        var jobs = await _h.WithDbAsync(db => db.Set<IssuedDocumentRow>().Where(d => d.SessionId == transaction.SessionId).Select(d => d.Id).ToListAsync());
        Assert.Equal(3, jobs.Count);

        // Each report takes its copy out and closes the session with the last one, all at once: whichever comes last
        // sees the others' copies printed, so the session closes and the machine is free again.
        var reports = await Task.WhenAll(jobs.Select(job => _h.Centre.ReportPrintAsync(registered.Credentials, transaction.SessionId, job, printed: true)));
        Assert.All(reports, r => Assert.True(r.Succeeded, r.Refusal?.ToString()));
        Assert.Contains(reports, r => r.Value);
        Assert.Equal(KioskSessionState.Printed, await _h.WithDbAsync(db => db.Set<KioskSessionRow>().Where(s => s.Id == transaction.SessionId).Select(s => s.State).SingleAsync()));
        Assert.True((await _h.Centre.OpenAsync(registered.Credentials)).Succeeded);
    }

    [Fact]
    public async Task AnotherMachine_GetsNeitherTheSessionNorItsPrintJob()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, _, _) = await MachineAsync();
        var other = (await _h.Stores.AddStoreAsync(Storage.Kiosk.StoreChain.Lawson, "2001", "郡山南店", "072036", 1))[0];
        var transaction = await AuthenticatedAsync(machine, card.Id);
        await transaction.ChooseAsync(ResidentRecord());
        await transaction.PayAsync(300);

        var job = await _h.Centre.NextPrintAsync(other.Credentials, transaction.SessionId);
        Assert.Equal("session-unknown", job.Refusal!.Code);
        var forged = await _h.Centre.NextPrintAsync(new MachineCredentials(other.Id, "not-its-secret"), transaction.SessionId);
        Assert.Equal("machine-unknown", forged.Refusal!.Code);
    }

    [Fact]
    public async Task AMachineRestartedAfterPayment_PrintsThePaidDocumentFirst_WithoutASecondCharge()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, printer, registered) = await MachineAsync();
        var transaction = await AuthenticatedAsync(machine, card.Id);
        await transaction.ChooseAsync(ResidentRecord());
        await transaction.PayAsync(300);

        // The machine lost its memory (power cut): a new one with the same credentials.
        var restarted = new KioskMachine(_h.Centre, registered.Credentials, printer);
        Assert.Equal("print-pending", (await restarted.StartAsync()).Refusal!.Code);
        Assert.Equal(1, (await restarted.ResumeAsync()).Value);
        Assert.Single(printer.Printed);
        Assert.True((await restarted.StartAsync()).Succeeded);
        Assert.Equal(1, await _h.WithDbAsync(db => db.Set<KioskPayment>().CountAsync()));
    }

    [Fact]
    public async Task AJobWhoseBytesAreNotTheBoundDocument_IsNotPrinted()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var printer = new TestPrinter();
        var registered = (await _h.Stores.AddStoreAsync(Storage.Kiosk.StoreChain.FamilyMart, "3001", "郡山北店", "072036", 1))[0];
        var machine = new KioskMachine(new SwappingCentre(_h.Centre), registered.Credentials, printer);
        var transaction = await AuthenticatedAsync(machine, card.Id);
        await transaction.ChooseAsync(ResidentRecord());
        await transaction.PayAsync(300);

        await Assert.ThrowsAsync<PrintBindingException>(() => transaction.PrintAsync());
        Assert.Empty(printer.Printed);
    }

    [Fact]
    public async Task TheDailySettlement_SumsEachStoresTakings_AndClosesTheDayOnce()
    {
        var (_, card) = await _h.ResidentWithCardAsync();
        _h.Advance(1, new TimeOnly(10, 0));
        var (machine, _, _) = await MachineAsync();
        await RunAsync(machine, card.Id, ResidentRecord(2));
        await RunAsync(machine, card.Id, new("072036", KioskCertificate.ResidentRecordItems, 1));
        var day = JapanClock.Today(_h.Clock);

        var running = await _h.Settlement.ReportAsync("072036", day);
        Assert.Null(running.ClosedAt);
        Assert.Equal((2, 3, 900L), (running.Payments, running.Documents, running.AmountYen));
        Assert.Equal(0, await _h.Settlement.CloseFinishedDaysAsync());

        _h.Advance(1, new TimeOnly(0, 5));
        Assert.Equal(1, await _h.Settlement.CloseFinishedDaysAsync());
        Assert.Equal(0, await _h.Settlement.CloseFinishedDaysAsync());
        var closed = await _h.Settlement.ReportAsync("072036", day);
        Assert.NotNull(closed.ClosedAt);
        Assert.Equal(900L, closed.AmountYen);
        Assert.Equal(900L, Assert.Single(closed.Stores).AmountYen);
    }

    private async Task<MachineTransaction> AuthenticatedAsync(KioskMachine machine, Guid cardId)
    {
        var transaction = (await machine.StartAsync()).Value!;
        using var slot = _h.SetCard(cardId);
        Assert.True((await transaction.SetCardAsync(slot.Client)).Succeeded);
        var authenticated = await transaction.EnterPinAsync(KioskHarness.AuthenticationPin);
        Assert.True(authenticated.Succeeded, authenticated.Refusal?.ToString());
        return transaction;
    }

    private async Task RunAsync(KioskMachine machine, Guid cardId, CertificateOrder order)
    {
        var transaction = await AuthenticatedAsync(machine, cardId);
        var quote = await transaction.ChooseAsync(order);
        Assert.True(quote.Succeeded, quote.Refusal?.ToString());
        Assert.True((await transaction.PayAsync(quote.Value!.FeeYen)).Succeeded);
        Assert.True((await transaction.PrintAsync()).Succeeded);
    }

    /// <summary>A centre between the machine and the real one that hands over other bytes than the job's.</summary>
    private sealed class SwappingCentre(IKioskCentre inner) : IKioskCentre
    {
        public Task<KioskAnswer<SessionOpened>> OpenAsync(MachineCredentials c, CancellationToken t = default) => inner.OpenAsync(c, t);
        public Task<KioskAnswer<Guid?>> UnfinishedAsync(MachineCredentials c, CancellationToken t = default) => inner.UnfinishedAsync(c, t);
        public Task<KioskAnswer<Authenticated>> AuthenticateAsync(MachineCredentials c, Guid s, ReadOnlyMemory<byte> cert, ReadOnlyMemory<byte> sig, CancellationToken t = default) => inner.AuthenticateAsync(c, s, cert, sig, t);
        public Task<KioskAnswer<Quote>> OrderAsync(MachineCredentials c, Guid s, CertificateOrder o, CancellationToken t = default) => inner.OrderAsync(c, s, o, t);
        public Task<KioskAnswer<PaymentReceipt>> PayAsync(MachineCredentials c, Guid s, Guid p, int a, CancellationToken t = default) => inner.PayAsync(c, s, p, a, t);
        public async Task<KioskAnswer<PrintJob?>> NextPrintAsync(MachineCredentials c, Guid s, CancellationToken t = default)
        {
            var job = await inner.NextPrintAsync(c, s, t);
            return job.Value is { } real ? KioskAnswer<PrintJob?>.Of(real with { Pdf = [.. real.Pdf, 0x0A] }) : job;
        }
        public Task<KioskAnswer<bool>> ReportPrintAsync(MachineCredentials c, Guid s, Guid j, bool p, CancellationToken t = default) => inner.ReportPrintAsync(c, s, j, p, t);
        public Task<KioskAnswer<bool>> CancelAsync(MachineCredentials c, Guid s, KioskRefusal? r = null, CancellationToken t = default) => inner.CancelAsync(c, s, r, t);
    }
}
