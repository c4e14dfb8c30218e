using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Reader;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Documents;
using Myna.Registry.Fees;
using Myna.Registry.Rules;
using Myna.Storage.Audit;

namespace Myna.Window.Tests;

public class CardProcedureTests : WindowTestBase
{
    public CardProcedureTests()
    {
    }

    protected CardProcedureTests(WindowHarness harness)
        : base(harness)
    {
    }

    [Fact]
    public async Task Deliver_PersonalisesTheChip_LoadsBothCertificates_AndTakesBackTheNotificationCard_D4_V2()
    {
        var resident = await H.RegisterAsync(birthDate: new DateOnly(1990, 5, 10), registeredOn: new DateOnly(1990, 5, 10));
        var card = await H.IssueCardAsync(resident);

        Assert.Equal(CardState.Active, card.State);
        Assert.Equal(new DateOnly(2026, 4, 1), card.IssuedOn);
        Assert.Equal(new DateOnly(2035, 5, 10), card.ExpiresOn);                               // V2: 10th birthday after issue
        Assert.Equal(new DateOnly(2030, 5, 10), card.SignatureCertificate!.ExpiresOn);          // E2: 5th birthday after issue
        Assert.Equal(CertificateStatusKind.Good, H.StatusOf(card.AuthenticationCertificate!).Kind);
        var onChip = H.ReadChip(card.Id, c => c.ReadAuthenticationCertificate());
        Assert.Equal(card.AuthenticationCertificate!.SerialNumber, onChip.SerialNumber);
        var document = await H.WithDbAsync(db => db.Set<NumberDocument>().SingleAsync(d => d.ResidentId == resident.Id));
        Assert.Equal(new DateOnly(2026, 4, 1), document.HandedBackOn);
        Assert.Empty(await H.WithDbAsync(db => db.Set<FeeEntry>().ToListAsync())); // first issue is free
    }

    [Fact]
    public async Task Apply_Under15_ForASignatureCertificate_IsRefused_P4_AndByTheChildItself_Q6()
    {
        var child = await H.RegisterAsync(birthDate: new DateOnly(2016, 1, 1));
        var byChild = await Window.ApplyForCardAsync(new CardApplicationForm(child.Id, WantsSignatureCertificate: false), WindowHarness.Staff);
        Assert.Equal("Q6", byChild.Refusal?.Rule);
        var signature = await Window.ApplyForCardAsync(new CardApplicationForm(
            child.Id, ApplicantRole.LegalRepresentative, "番号 一郎"), WindowHarness.Staff);
        Assert.Equal("P4", signature.Refusal?.Rule);
        var ok = await Window.ApplyForCardAsync(new CardApplicationForm(
            child.Id, ApplicantRole.LegalRepresentative, "番号 一郎", WantsSignatureCertificate: false), WindowHarness.Staff);
        Assert.True(ok.Succeeded);
    }

    [Fact]
    public async Task Deliver_Under15_GetsAFiveYearCard_AndOnlyTheAuthenticationCertificate_V2_P4()
    {
        var child = await H.RegisterAsync(birthDate: new DateOnly(2016, 1, 1));
        var card = await H.IssueCardAsync(child,
            new CardApplicationForm(child.Id, ApplicantRole.LegalRepresentative, "番号 一郎", WantsSignatureCertificate: false),
            WindowHarness.Pins with { Signature = null });
        Assert.Equal(new DateOnly(2031, 1, 1), card.ExpiresOn);
        Assert.Null(card.SignatureCertificate);
        Assert.NotNull(card.AuthenticationCertificate);
    }

    [Fact]
    public async Task Deliver_WithAMalformedPin_IsRefused_AndLeavesNoCardBehind()
    {
        var resident = await H.RegisterAsync();
        var application = (await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id), WindowHarness.Staff)).Value;
        var outcome = await Window.DeliverCardAsync(application.Id, WindowHarness.Pins with { UserAuthentication = "12a4" }, WindowHarness.Staff);
        Assert.Equal(RefusalKind.Invalid, outcome.Refusal?.Kind);
        Assert.DoesNotContain("12a4", outcome.Refusal!.Message, StringComparison.Ordinal);
        Assert.Empty(await H.WithDbAsync(db => db.Set<CardRecord>().ToListAsync()));
        Assert.Equal(ApplicationStatus.Received, (await H.WithDbAsync(db => db.Set<CardApplication>().SingleAsync())).Status);
        Assert.False(Directory.Exists(H.Issuing.Home.CardsDirectory) && Directory.EnumerateFiles(H.Issuing.Home.CardsDirectory).Any());
    }

    [Fact]
    public async Task Suspend_RevokesBothCertificates_KeyCompromise_AndLift_IssuesNewOnes_L1_L2()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        H.Clock.Advance(TimeSpan.FromHours(14)); // 00:00 the next day: the call centre works at any hour (L1)
        var suspended = (await Window.SuspendCardAsync(card.Id, AuditActor.CallCentre)).Value;
        Assert.Equal(CardState.Suspended, suspended.State);
        foreach (var old in card.Certificates)
        {
            var status = H.StatusOf(old);
            Assert.Equal(CertificateStatusKind.Revoked, status.Kind);
            Assert.Equal(X509RevocationReason.KeyCompromise, status.Reason);
        }
        Assert.Equal("L1", (await Window.SuspendCardAsync(card.Id, AuditActor.CallCentre)).Refusal?.Rule);

        H.AdvanceDays(3);
        var lifted = (await Window.LiftSuspensionAsync(card.Id, new CertificatePins("NEWPASS1", "4444"), WindowHarness.Staff)).Value;
        Assert.Equal(CardState.Active, lifted.State);
        Assert.NotEqual(card.SignatureCertificate!.SerialNumber, lifted.SignatureCertificate!.SerialNumber);
        Assert.Equal(CertificateStatusKind.Good, H.StatusOf(lifted.SignatureCertificate).Kind);
        var verified = H.ReadChip(card.Id, c => c.VerifyPin(Pin.Parse(PinKind.UserAuthentication, "4444").Value));
        Assert.True(verified.IsVerified);
        Assert.Equal("L2", (await Window.LiftSuspensionAsync(card.Id, new CertificatePins(null, null), WindowHarness.Staff)).Refusal?.Rule);
    }

    [Fact]
    public async Task ChangeAddress_EndorsesTheCard_RewritesTheChip_AndReplacesTheSignatureCertificate_M1()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        H.AdvanceDays(10);
        var change = (await Window.ChangeAddressAsync(resident.Id, "福島県郡山市堂前町１番１号", "NEWPASS1", WindowHarness.Staff)).Value;

        var endorsement = Assert.IsType<Endorsement>(change.Endorsement);
        Assert.Equal("2026年4月11日 住所変更 福島県郡山市堂前町１番１号", endorsement.Text);
        var after = await H.CardAsync(card.Id);
        Assert.Single(after.Endorsements);
        var old = H.StatusOf(card.SignatureCertificate!);
        Assert.Equal(X509RevocationReason.AffiliationChanged, old.Reason);
        Assert.Equal(CertificateStatusKind.Good, H.StatusOf(after.SignatureCertificate!).Kind);
        Assert.Equal(card.AuthenticationCertificate!.SerialNumber, after.AuthenticationCertificate!.SerialNumber); // M1: stays
        var address = H.ReadChip(card.Id, c =>
        {
            c.VerifyPin(Pin.Parse(PinKind.TextInputAssist, "3333").Value);
            return c.ReadBasicFourInformation().Address;
        });
        Assert.Equal("福島県郡山市堂前町１番１号", address);
        using var signature = H.ReadChip(card.Id, c =>
        {
            c.VerifyPin(Pin.Parse(PinKind.Signature, "NEWPASS1").Value);
            return c.ReadSignatureCertificate();
        });
        Assert.Equal(after.SignatureCertificate!.SerialNumber, signature.SerialNumber);
    }

    [Fact]
    public async Task ChangeAddress_WithAFullEndorsementArea_SaysReissueFree_AndTheReissueCostsNothing_M2()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        for (var i = 1; i <= CardRecord.EndorsementCapacity; i++)
        {
            H.AdvanceDays(1);
            Assert.NotNull((await Window.ChangeAddressAsync(resident.Id, $"福島県郡山市朝日{i}丁目", null, WindowHarness.Staff)).Value.Endorsement);
        }
        H.AdvanceDays(1);
        var full = (await Window.ChangeAddressAsync(resident.Id, "福島県郡山市堂前町１番１号", null, WindowHarness.Staff)).Value;
        Assert.Null(full.Endorsement);
        Assert.Contains("M2", full.Notice!.Value.English, StringComparison.Ordinal);
        Assert.Contains("（M2）", full.Notice!.Value.Japanese, StringComparison.Ordinal);

        var reissued = await H.IssueCardAsync(resident, new CardApplicationForm(resident.Id, Occasion: CardIssueOccasion.ReissueEndorsementAreaFull));
        Assert.Equal(CardState.Replaced, (await H.CardAsync(card.Id)).State);
        Assert.Empty(reissued.Endorsements);
        Assert.Empty(await H.WithDbAsync(db => db.Set<FeeEntry>().ToListAsync()));
        Assert.Equal(X509RevocationReason.Superseded, H.StatusOf(card.AuthenticationCertificate!).Reason);
    }

    [Theory]
    [InlineData(true, 1000)]
    [InlineData(false, 800)]
    public async Task Reissue_AfterLoss_TakesTheFee_AndRetiresTheOldCard_L3(bool withCertificates, int fee)
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        await Window.SuspendCardAsync(card.Id, AuditActor.CallCentre);
        H.AdvanceDays(7);
        var form = new CardApplicationForm(resident.Id, WantsSignatureCertificate: withCertificates,
            WantsAuthenticationCertificate: withCertificates, Occasion: CardIssueOccasion.ReissueAfterLossOrDamage);
        var reissued = await H.IssueCardAsync(resident, form,
            withCertificates ? WindowHarness.Pins : WindowHarness.Pins with { Signature = null, UserAuthentication = null });
        var entry = Assert.Single(await H.WithDbAsync(db => db.Set<FeeEntry>().ToListAsync()));
        Assert.Equal(fee, entry.AmountYen);
        Assert.Contains("L3", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(reissued.Id, (await H.CardAsync(card.Id)).ReplacedBy);
    }

    [Fact]
    public async Task ResetPin_UnblocksABlockedAuthenticationPin_P3()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        var wrong = Pin.Parse(PinKind.UserAuthentication, "9999").Value;
        var blocked = H.ReadChip(card.Id, c => { c.VerifyPin(wrong); c.VerifyPin(wrong); return c.VerifyPin(wrong); });
        Assert.Equal(PinVerificationOutcome.Blocked, blocked.Outcome);
        Assert.True((await Window.ResetPinAsync(card.Id, PinKind.UserAuthentication, "5678", WindowHarness.Staff)).Succeeded);
        Assert.True(H.ReadChip(card.Id, c => c.VerifyPin(Pin.Parse(PinKind.UserAuthentication, "5678").Value)).IsVerified);
        var bad = await Window.ResetPinAsync(card.Id, PinKind.UserAuthentication, "56789", WindowHarness.Staff);
        Assert.Equal(RefusalKind.Invalid, bad.Refusal?.Kind);
    }

    [Fact]
    public async Task LoadCertificatesLater_OntoACardIssuedWithout_E5()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident, new CardApplicationForm(resident.Id, WantsSignatureCertificate: false),
            WindowHarness.Pins with { Signature = null });
        Assert.Null(card.SignatureCertificate);
        H.AdvanceDays(30);
        var loaded = (await Window.LoadCertificatesAsync(card.Id, new CertificatePins("LATER12", null), WindowHarness.Staff)).Value;
        Assert.NotNull(loaded.SignatureCertificate);
        Assert.Equal("E5", (await Window.LoadCertificatesAsync(card.Id, new CertificatePins("LATER12", null), WindowHarness.Staff)).Refusal?.Rule);
    }

    [Fact]
    public async Task Sweep_AfterTheExpiry_RecordsTheCardExpired_AndRevokesItsCertificates_V7()
    {
        var resident = await H.RegisterAsync(birthDate: new DateOnly(2016, 1, 1));
        var card = await H.IssueCardAsync(resident,
            new CardApplicationForm(resident.Id, ApplicantRole.LegalRepresentative, "番号 一郎", WantsSignatureCertificate: false),
            WindowHarness.Pins with { Signature = null });
        H.SetDate(card.ExpiresOn);
        Assert.Equal(0, (await Window.SweepAsync()).Expired);
        H.SetDate(card.ExpiresOn.AddDays(1));
        Assert.Equal(1, (await Window.SweepAsync()).Expired);
        Assert.Equal(0, (await Window.SweepAsync()).Expired);
        Assert.Equal(CardState.Expired, (await H.CardAsync(card.Id)).State);
        Assert.Equal(X509RevocationReason.CessationOfOperation, H.StatusOf(card.AuthenticationCertificate!).Reason);
    }

    [Fact]
    public async Task ExpiryNotices_OfCertificates_ComeOnTheirOwnDates_BeforeTheCards_V1()
    {
        // An adult's card runs ten birthdays, its certificates five: the query must find a card by a certificate's expiry.
        var resident = await H.RegisterAsync(birthDate: new DateOnly(1980, 6, 15));
        var card = await H.IssueCardAsync(resident);
        var expiry = card.SignatureCertificate!.ExpiresOn;
        Assert.True(expiry < card.ExpiresOn);
        var noticeDay = RenewalRule.NoticeDate(expiry);

        var notices = await Window.ExpiryNoticesAsync(noticeDay, noticeDay);

        Assert.Contains(notices, n => n.CardId == card.Id && n.Item == ExpiringItem.SignatureCertificate && n.Expiry == expiry);
        Assert.Contains(notices, n => n.CardId == card.Id && n.Item == ExpiringItem.UserAuthenticationCertificate);
        Assert.DoesNotContain(notices, n => n.Item == ExpiringItem.Card);
        Assert.Empty(await Window.ExpiryNoticesAsync(noticeDay.AddDays(-1), noticeDay.AddDays(-1)));
    }

    [Fact]
    public async Task ExpiryNotices_ComeThreeMonthsBefore_AndRenewalOpensThen_V1()
    {
        var resident = await H.RegisterAsync(birthDate: new DateOnly(2016, 1, 1));
        var card = await H.IssueCardAsync(resident,
            new CardApplicationForm(resident.Id, ApplicantRole.LegalRepresentative, "番号 一郎", WantsSignatureCertificate: false),
            WindowHarness.Pins with { Signature = null });
        var notices = await Window.ExpiryNoticesAsync(new DateOnly(2030, 10, 1), new DateOnly(2030, 10, 1));
        Assert.Contains(notices, n => n.CardId == card.Id && n.Item == ExpiringItem.Card && n.Expiry == new DateOnly(2031, 1, 1));

        H.SetDate(new DateOnly(2030, 9, 30));
        var early = await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id, ApplicantRole.LegalRepresentative, "番号 一郎",
            WantsSignatureCertificate: false, Occasion: CardIssueOccasion.Renewal), WindowHarness.Staff);
        Assert.Equal("V1", early.Refusal?.Rule);
        H.SetDate(new DateOnly(2030, 10, 1));
        var renewal = await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id, ApplicantRole.LegalRepresentative, "番号 一郎",
            WantsSignatureCertificate: false, Occasion: CardIssueOccasion.Renewal), WindowHarness.Staff);
        Assert.True(renewal.Succeeded);
    }

    [Fact]
    public async Task EveryProcedure_IsAudited_AndNoEntryHoldsTheMyNumber()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        await Window.SuspendCardAsync(card.Id, AuditActor.CallCentre);
        var entries = await new AuditTrail(H.Contexts, H.Clock).ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(["resident.registered", "card.applied", "card.delivered", "card.suspended"], entries.Select(e => e.Action));
        Assert.Equal("call-centre", entries[^1].Actor);
        Assert.All(entries, e => Assert.DoesNotContain(resident.MyNumber.Reveal(), e.Details, StringComparison.Ordinal));
    }
}
