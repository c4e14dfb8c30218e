using Microsoft.EntityFrameworkCore;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage.Journal;
using Myna.Window.Procedures;

namespace Myna.Window.Tests;

/// <summary>
/// Every procedure happens entirely or leaves no trace that matters: checked with failures injected at each step in
/// process, and with the recovery at start on what a dead process leaves. (The real kill is the crash harness's.)
/// </summary>
public class AllOrNothingTests : WindowTestBase
{
    [Theory]
    [InlineData(CrashPoints.IntentWritten)]
    [InlineData(CrashPoints.CertificatesIssued)]
    [InlineData(CrashPoints.ChipStaged)]
    public async Task Delivery_FailingBeforeItsCommit_LeavesNoCardNoFileAndNoGoodCertificate_D4(string point)
    {
        var resident = await H.RegisterAsync();
        var application = (await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id), WindowHarness.Staff)).Value;
        var failing = H.WithFaults(p =>
        {
            if (p == point)
                throw new IOException("injected: the disk is full");
        });

        await Assert.ThrowsAsync<IOException>(() => failing.DeliverCardAsync(application.Id, WindowHarness.Pins, WindowHarness.Staff));

        Assert.Empty(await H.WithDbAsync(db => db.Set<CardRecord>().ToListAsync()));
        Assert.Empty(await H.WithDbAsync(db => db.ProcedureIntents.ToListAsync()));
        await AssertEveryCertificateIsCarriedOrRevokedAsync();
        Assert.Empty(Directory.EnumerateFiles(H.Issuing.Home.CardsDirectory));
        // The application is still waiting, and the retry delivers it once.
        var card = (await Window.DeliverCardAsync(application.Id, WindowHarness.Pins, WindowHarness.Staff)).Value;
        Assert.Equal(CertificateStatusKind.Good, H.StatusOf(card.AuthenticationCertificate!).Kind);
        Assert.Equal("state", (await Window.DeliverCardAsync(application.Id, WindowHarness.Pins, WindowHarness.Staff)).Refusal?.Rule);
    }

    [Fact]
    public async Task AddressChange_FailingBeforeItsCommit_KeepsTheOldCertificateTheOldChipAndTheOldAddress_M1()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        var chipBefore = await File.ReadAllBytesAsync(Window.CardPath(card.Id));
        var failing = H.WithFaults(p =>
        {
            if (p == CrashPoints.ChipStaged)
                throw new IOException("injected");
        });

        await Assert.ThrowsAsync<IOException>(() => failing.ChangeAddressAsync(resident.Id, "福島県郡山市堂前町１番１号", "NEWPIN1", WindowHarness.Staff));

        Assert.Equal(chipBefore, await File.ReadAllBytesAsync(Window.CardPath(card.Id)));
        Assert.Equal(CertificateStatusKind.Good, H.StatusOf(card.SignatureCertificate!).Kind); // not revoked: the change never happened
        var file = (await Window.GetResidentFileAsync(resident.Id))!;
        Assert.Equal(resident.Address, file.Resident.Address);
        Assert.Equal(card.SignatureCertificate!.SerialNumber, file.Cards.Single().SignatureCertificate!.SerialNumber);
        await AssertEveryCertificateIsCarriedOrRevokedAsync();
        Assert.Empty(Directory.EnumerateFiles(H.Issuing.Home.CardsDirectory, "*.staged"));
    }

    [Theory]
    [InlineData("福島県郡山市堂前町１番１号😀")]
    [InlineData("福島県郡山市堂前町\u00001番1号")]
    [InlineData("福島県郡山市\u202E堂前町1番1号")]
    public async Task AddressChange_WithACharacterTheCardCannotShow_IsRefusedBeforeAnyEffect_M1(string address)
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        var chipBefore = await File.ReadAllBytesAsync(Window.CardPath(card.Id));

        var outcome = await Window.ChangeAddressAsync(resident.Id, address, "NEWPIN1", WindowHarness.Staff);

        Assert.Equal(RefusalKind.Invalid, outcome.Refusal?.Kind);
        Assert.Contains("U+", outcome.Refusal!.Text.Japanese, StringComparison.Ordinal);
        Assert.Equal(chipBefore, await File.ReadAllBytesAsync(Window.CardPath(card.Id)));
        Assert.Equal(CertificateStatusKind.Good, H.StatusOf(card.SignatureCertificate!).Kind);
        // And the card still takes the next change.
        Assert.True((await Window.ChangeAddressAsync(resident.Id, "福島県郡山市堂前町１番１号", "NEWPIN1", WindowHarness.Staff)).Succeeded);
    }

    [Fact]
    public async Task Register_BirthDateBeforeMeiji_IsRefused_SoThatDeliveryCanWriteIt()
    {
        var outcome = await Window.RegisterResidentAsync(new ResidentRegistration(
            "072036", "番号", "花子", "バンゴウ", "ハナコ", new DateOnly(1, 1, 1), Sex.Female, "福島県郡山市朝日一丁目２３番７号",
            RegisteredOn: new DateOnly(1990, 1, 1)), WindowHarness.Staff);
        Assert.Equal(RefusalKind.Invalid, outcome.Refusal?.Kind);
        Assert.Contains("明治", outcome.Refusal!.Text.Japanese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovery_CompletesAProcedureThatCommitted_ThePlacedChipMatchesTheRecord_M1()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        var dying = H.WithFaults(p =>
        {
            if (p == CrashPoints.Committed)
                throw new IOException("the process dies right after the commit");
        });
        await Assert.ThrowsAsync<IOException>(() => dying.ChangeAddressAsync(resident.Id, "福島県郡山市堂前町１番１号", "NEWPIN1", WindowHarness.Staff));
        Assert.Single(await H.WithDbAsync(db => db.ProcedureIntents.ToListAsync()));

        var report = await Window.RecoverAsync();

        Assert.Equal(1, report.Completed);
        Assert.Empty(await H.WithDbAsync(db => db.ProcedureIntents.ToListAsync()));
        var record = await H.CardAsync(card.Id);
        var onChip = H.ReadChip(card.Id, c =>
        {
            // The signature certificate is read after its password (as on the real card).
            c.VerifyPin(Pin.Parse(PinKind.Signature, "NEWPIN1").Value);
            return c.ReadSignatureCertificate();
        });
        Assert.Equal(record.SignatureCertificate!.SerialNumber, onChip.SerialNumber);
        Assert.Equal("福島県郡山市堂前町１番１号", H.ReadChip(card.Id, c =>
        {
            c.VerifyPin(Pin.Parse(PinKind.TextInputAssist, WindowHarness.Pins.TextInputAssist).Value);
            return c.ReadBasicFourInformation().Address;
        }));
        Assert.Equal(CertificateStatusKind.Revoked, H.StatusOf(card.SignatureCertificate!).Kind);
        await AssertEveryCertificateIsCarriedOrRevokedAsync();
    }

    [Fact]
    public async Task Recovery_UndoesAProcedureThatNeverCommitted_RevokingItsCertificatesAndRemovingItsFiles()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        // What a process killed half-way through a certificate load leaves: a pending intent, a certificate the
        // authority recorded under its id, a staged chip image — and nothing in the card's record.
        var intentId = Guid.NewGuid();
        await H.WithDbAsync(async db =>
        {
            db.ProcedureIntents.Add(new ProcedureIntent { Id = intentId, Action = "certificates.loaded", StartedAt = DateTimeOffset.UtcNow, CardId = card.Id });
            return await db.SaveChangesAsync();
        });
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        using var orphan = H.Issuing.Authorities.Authentication.IssueAuthenticationCertificate(
            rsa.ExportParameters(false), resident.BirthDate, new JpkiMunicipality("Fukushima-ken", "Koriyama-shi"), card.ExpiresOn, requestId: intentId);
        var staged = ChipWork.StagedPath(Window.CardPath(card.Id), intentId);
        await File.WriteAllBytesAsync(staged, [1, 2, 3]);
        await File.WriteAllBytesAsync(Path.Combine(H.Issuing.Home.CardsDirectory, Guid.NewGuid().ToString("N") + ".card.lock"), []);
        Assert.Equal(CertificateStatusKind.Good, H.Certificates.GetStatus(JpkiHierarchy.UserAuthentication, orphan.SerialNumber).Kind);

        var report = await Window.RecoverAsync();

        Assert.Equal(1, report.RolledBack);
        Assert.Equal(CertificateStatusKind.Revoked, H.Certificates.GetStatus(JpkiHierarchy.UserAuthentication, orphan.SerialNumber).Kind);
        Assert.False(File.Exists(staged));
        Assert.DoesNotContain(Directory.EnumerateFiles(H.Issuing.Home.CardsDirectory, "*.lock"), f => !File.Exists(f[..^5]));
        Assert.Equal(CertificateStatusKind.Good, H.StatusOf(card.AuthenticationCertificate!).Kind); // the card's own are untouched
        var entry = await H.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "procedure.rolled-back"));
        Assert.Contains("certificates.loaded", entry.Details, StringComparison.Ordinal);
        Assert.NotNull(entry.DetailsJapanese);
        await AssertEveryCertificateIsCarriedOrRevokedAsync();
    }

    [Fact]
    public async Task ForeignResident_WhoseCardExpired_RecordsTheNewPeriodOfStay_AndGetsAPaidReissue_V4_V6()
    {
        var resident = (await Window.RegisterResidentAsync(new ResidentRegistration(
            "072036", "スミス", "ジョン", "スミス", "ジョン", new DateOnly(1990, 5, 10), Sex.Male, "福島県郡山市朝日一丁目２３番７号",
            new DateOnly(2025, 4, 1), Nationality: "US", ForeignResidence: ForeignResidence.Of(ResidenceCategory.MidToLongTerm, new DateOnly(2026, 9, 30))),
            WindowHarness.Staff)).Value;
        var card = await H.IssueCardAsync(resident);
        Assert.Equal(new DateOnly(2026, 9, 30), card.ExpiresOn); // V3
        H.SetDate(new DateOnly(2026, 10, 15));                     // the card expired; the stay was extended too late for V4

        var change = await Window.ChangeResidenceStatusAsync(resident.Id, ForeignResidence.Of(ResidenceCategory.MidToLongTerm, new DateOnly(2029, 9, 30)), WindowHarness.Staff);

        Assert.True(change.Succeeded);
        Assert.Contains("V4", change.Value.Notice!.Value.English, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2029, 9, 30), (await Window.GetResidentFileAsync(resident.Id))!.Resident.ForeignResidence!.Date); // kept
        Assert.Equal(new DateOnly(2026, 9, 30), (await H.CardAsync(card.Id)).ExpiresOn);                                          // the card cannot follow

        var reissued = await H.IssueCardAsync(resident, new CardApplicationForm(resident.Id, Occasion: CardIssueOccasion.ReissueAfterExpiry));
        Assert.Equal(new DateOnly(2029, 9, 30), reissued.ExpiresOn);
        var fee = Assert.Single((await Window.GetResidentFileAsync(resident.Id))!.Fees);
        Assert.Equal(1000, fee.AmountYen);
    }

    [Fact]
    public async Task ACardHandedBackAfterExpiry_IsReissued_NotRefusedForever_V4()
    {
        var resident = await H.RegisterAsync(birthDate: new DateOnly(2015, 5, 10));
        var card = await H.IssueCardAsync(resident,
            new CardApplicationForm(resident.Id, ApplicantRole.LegalRepresentative, "番号 一郎", WantsSignatureCertificate: false),
            WindowHarness.Pins with { Signature = null });
        H.SetDate(card.ExpiresOn.AddDays(3));
        Assert.True((await Window.ReturnCardAsync(card.Id, CardReturnReason.LapsedOrExpired, WindowHarness.Staff)).Succeeded);

        Assert.Equal("L3", (await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id), WindowHarness.Staff)).Refusal?.Rule);
        var reissued = await H.IssueCardAsync(resident,
            new CardApplicationForm(resident.Id, ApplicantRole.LegalRepresentative, "番号 一郎", WantsSignatureCertificate: false,
                Occasion: CardIssueOccasion.ReissueAfterExpiry),
            WindowHarness.Pins with { Signature = null });
        Assert.Equal(CardState.Active, reissued.State);
    }

    /// <summary>The invariant: every certificate the authorities recorded is on a card record of its holder, or revoked.</summary>
    private async Task AssertEveryCertificateIsCarriedOrRevokedAsync()
    {
        var caSerials = new[] { H.Issuing.Authorities.Signature.Certificate.SerialNumber, H.Issuing.Authorities.Authentication.Certificate.SerialNumber };
        var rows = await H.WithDbAsync(db => db.IssuedCertificates.AsNoTracking().ToListAsync());
        var cards = await H.WithDbAsync(db => db.Set<CardRecord>().AsNoTracking().ToListAsync());
        foreach (var row in rows.Where(r => !caSerials.Contains(r.SerialNumber)))
        {
            var status = H.Certificates.GetStatus(row.Hierarchy, row.SerialNumber).Kind;
            if (status == CertificateStatusKind.Revoked)
                continue;
            var card = cards.SingleOrDefault(c => c.Id == row.CardId);
            Assert.True(card is not null && row.ResidentId == card.ResidentId,
                $"certificate {row.SerialNumber} ({row.Hierarchy}) is good but no card record carries it");
            Assert.Contains(row.SerialNumber, card!.Certificates.Select(c => c.SerialNumber));
        }
    }
}
