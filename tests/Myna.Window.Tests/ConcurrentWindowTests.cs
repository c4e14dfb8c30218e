using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Storage;

namespace Myna.Window.Tests;

/// <summary>
/// Two window staff on the same resident at once: the one who read first and would save second is refused
/// as a conflict, with nothing of the procedure written, in the database, on the chip or in the certificate log.
/// </summary>
public sealed class ConcurrentWindowTests : WindowTestBase
{
    private const string TheirAddress = "福島県郡山市堂前町１番１号";
    private const string MyAddress = "福島県郡山市麓山二丁目２番２号";

    /// <summary>
    /// Contexts for a second window that let the first window finish a whole procedure at the moment the second has
    /// read the target resident: a deterministic interleaving of the two.
    /// </summary>
    private sealed class InterleavingContexts(IDbContextFactory<MynaDbContext> inner) : IDbContextFactory<MynaDbContext>
    {
        private Func<Task>? _other;
        private Guid _target;

        public void WhenResidentRead(Guid residentId, Func<Task> other)
        {
            _target = residentId;
            _other = other;
        }

        public MynaDbContext CreateDbContext()
        {
            var db = inner.CreateDbContext();
            db.ChangeTracker.Tracked += (_, e) =>
            {
                if (e.FromQuery && e.Entry.Entity is Resident r && r.Id == _target && Interlocked.Exchange(ref _other, null) is { } other)
                    Task.Run(other).GetAwaiter().GetResult(); // the other window saves while this one holds what it read
            };
            return db;
        }
    }

    private (MunicipalWindow Mine, InterleavingContexts Contexts) SecondWindow()
    {
        var contexts = new InterleavingContexts(H.Contexts);
        return (new MunicipalWindow(contexts, H.Issuing, H.Certificates, H.Clock), contexts);
    }

    private Task<int> AuditCountAsync(string action) => H.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == action));

    private string AddressOnChip(Guid cardId) => H.ReadChip(cardId, c =>
    {
        c.VerifyPin(Pin.Parse(PinKind.TextInputAssist, "3333").Value);
        return c.ReadBasicFourInformation().Address;
    });

    [Fact]
    public async Task ChangeAddress_AfterAnotherWindowChangedIt_IsRefused_ChipAndCertificatesUntouched_M1()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        var (mine, contexts) = SecondWindow();
        contexts.WhenResidentRead(resident.Id, async () =>
            Assert.True((await Window.ChangeAddressAsync(resident.Id, TheirAddress, null, WindowHarness.Staff)).Succeeded));

        var outcome = await mine.ChangeAddressAsync(resident.Id, MyAddress, "NEWPASS1", WindowHarness.Staff);

        Assert.Equal(RefusalKind.Conflict, outcome.Refusal?.Kind);
        Assert.Equal("Someone else changed this resident while you were working on it; reload and try again.", outcome.Refusal!.Message);
        Assert.Equal(TheirAddress, (await Window.GetResidentFileAsync(resident.Id))!.Resident.Address);
        var after = await H.CardAsync(card.Id);
        Assert.Contains(TheirAddress, Assert.Single(after.Endorsements).Text, StringComparison.Ordinal);
        Assert.Equal(TheirAddress, AddressOnChip(card.Id));
        // The other window revoked the signature certificate (M1) and asked for none; the refused one issued none.
        Assert.Null(after.SignatureCertificate);
        Assert.Equal(2, (await Window.CertificatesOfResidentAsync(resident.Id)).Count);
        Assert.Equal(1, await AuditCountAsync("resident.address-changed"));
    }

    [Fact]
    public async Task DeliverCard_TheSameApplicationTwiceAtOnce_IssuesOneCard()
    {
        var resident = await H.RegisterAsync();
        var application = (await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id), WindowHarness.Staff)).Value;
        var (mine, contexts) = SecondWindow();
        contexts.WhenResidentRead(resident.Id, async () =>
            Assert.True((await Window.DeliverCardAsync(application.Id, WindowHarness.Pins, WindowHarness.Staff)).Succeeded));

        var outcome = await mine.DeliverCardAsync(application.Id, WindowHarness.Pins, WindowHarness.Staff);

        Assert.Equal(RefusalKind.Conflict, outcome.Refusal?.Kind);
        var file = (await Window.GetResidentFileAsync(resident.Id))!;
        var card = Assert.Single(file.Cards);
        Assert.Equal(card.Id, file.Applications.Single().CardId);
        // One card file (each may have its lock file beside it, which stays by design: docs/card.md §3).
        Assert.Equal([Window.CardPath(card.Id)], Directory.GetFiles(Path.GetDirectoryName(Window.CardPath(card.Id))!, "*.card"));
        Assert.Equal(2, (await Window.CertificatesOfResidentAsync(resident.Id)).Count);
    }

    [Fact]
    public async Task SuspendCard_ByTheCallCentre_WhileTheWindowLoadsCertificates_RefusesTheWindow_L1_E5()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident, new CardApplicationForm(resident.Id, WantsSignatureCertificate: false), WindowHarness.Pins with { Signature = null });
        var (mine, contexts) = SecondWindow();
        contexts.WhenResidentRead(resident.Id, async () =>
            Assert.True((await Window.SuspendCardAsync(card.Id, Storage.Audit.AuditActor.CallCentre)).Succeeded));

        var outcome = await mine.LoadCertificatesAsync(card.Id, new CertificatePins("NEWPASS1", null), WindowHarness.Staff);

        // L1 wins: the card stays suspended, and no signature certificate was issued onto a card reported lost.
        Assert.Equal(RefusalKind.Conflict, outcome.Refusal?.Kind);
        Assert.Equal("Someone else changed this card while you were working on it; reload and try again.", outcome.Refusal!.Message);
        var after = await H.CardAsync(card.Id);
        Assert.Equal(CardState.Suspended, after.State);
        Assert.Null(after.SignatureCertificate);
        Assert.Single(await Window.CertificatesOfResidentAsync(resident.Id));
    }

    [Fact]
    public async Task TwoWindows_ChangingOneResident_InParallel_LoseNoChange_M1()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        var other = new MunicipalWindow(H.Contexts, H.Issuing, H.Certificates, H.Clock);

        var outcomes = await Task.WhenAll(
            Task.Run(() => Window.ChangeAddressAsync(resident.Id, TheirAddress, null, WindowHarness.Staff)),
            Task.Run(() => other.ChangeAddressAsync(resident.Id, MyAddress, null, WindowHarness.Staff)));

        // Either both went through one after the other, or one was refused; never two saves over the same version.
        Assert.All(outcomes, o => Assert.True(o.Succeeded || o.Refusal!.Kind == RefusalKind.Conflict, o.ToString()));
        var succeeded = outcomes.Count(o => o.Succeeded);
        Assert.InRange(succeeded, 1, 2);
        Assert.Equal(succeeded, (await H.CardAsync(card.Id)).Endorsements.Count);
        Assert.Equal(succeeded, await AuditCountAsync("resident.address-changed"));
        var address = (await Window.GetResidentFileAsync(resident.Id))!.Resident.Address;
        Assert.Equal(address, AddressOnChip(card.Id));
        Assert.EndsWith(address, (await H.CardAsync(card.Id)).Endorsements[^1].Text, StringComparison.Ordinal);
    }
}
