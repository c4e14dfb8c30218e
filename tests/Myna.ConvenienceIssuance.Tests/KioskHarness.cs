using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Myna.ConvenienceIssuance.Centre;
using Myna.ConvenienceIssuance.Machines;
using Myna.ConvenienceIssuance.Municipal;
using Myna.ConvenienceIssuance.Stores;
using Myna.Documents;
using Myna.Issuance;
using Myna.Kiosk;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;
using Myna.Storage.Kiosk;
using Myna.Testing;
using Myna.Window;
using Myna.Window.Procedures;

namespace Myna.ConvenienceIssuance.Tests;

/// <summary>
/// The three parties of convenience-store issuance on a temporary data directory: a window (to register residents and
/// issue their cards), the issuance centre with Koriyama's, Chiyoda's and Fukushima's certificate servers, and a store
/// network. The
/// clock starts on Monday 2026-04-06 at 10:00 in Japan. SQLite in the data directory, unless <c>storage</c> names another
/// database.
/// </summary>
public sealed class KioskHarness(Func<MynaHome, StorageOptions>? storage = null) : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 4, 6, 10, 0, 0, JapanClock.Offset);

    public static readonly AuditActor Staff = AuditActor.Staff("sato");

    public static readonly DeliveryPins Pins = new("ABC123", "1111", "2222", "3333");

    public static readonly Pin AuthenticationPin = Pin.Parse(PinKind.UserAuthentication, "1111").Value;

    public static LocalGovernmentCode Chiyoda { get; } = LocalGovernmentCode.Parse("13101").Value;

    /// <summary>Chiyoda's kiosk offers ①–④ only.</summary>
    public static KioskSettings ChiyodaSettings { get; } = new(Chiyoda, new("千代田区", "Chiyoda"),
        CertificateFees.Window.Where(f => !CertificateFees.IsFamilyRegister(f.Key)).ToDictionary(),
        new HashSet<DateOnly>(), FamilyRegisterForNonResidents: false, CityHallMachineHours: null);

    private readonly string _root = TestDirectories.Create("myna-kiosk-");
    private TestWindow? _window;

    public FakeTimeProvider Clock { get; } = new(Start);

    public MynaDbContextFactory Contexts { get; private set; } = null!;

    public CertificateRegistry Certificates { get; private set; } = null!;

    public IssuingSystem Issuing { get; private set; } = null!;

    public MunicipalWindow Window { get; private set; } = null!;

    public StoreNetwork Stores { get; private set; } = null!;

    public SealKeyring Seals { get; private set; } = null!;

    /// <summary>The municipalities' kiosk settings, as an administrator changes them.</summary>
    public KioskServiceSettings Settings { get; private set; } = null!;

    public IssuanceCentre Centre { get; private set; } = null!;

    public DailySettlement Settlement { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _window = await TestWindow.OpenAsync(_root, Clock, storage);
        (Contexts, Certificates, Issuing, Window) = (_window.Contexts, _window.Certificates, _window.Issuing, _window.Window);
        var services = _window.Services;
        await using (var db = Contexts.CreateDbContext())
        {
            db.AddRange(Municipality.Koriyama(), new Municipality(Chiyoda, "東京都", "千代田区", "Tokyo-to", "Chiyoda-ku"),
                new Municipality(Sandbox.SandboxKiosk.Fukushima.Municipality, "福島県", "福島市", "Fukushima-ken", "Fukushima-shi"));
            await db.SaveChangesAsync();
        }
        Seals = SealKeyring.InMemory([new IssuingMunicipality("072036", "福島県郡山市"), new IssuingMunicipality(Chiyoda.Value, "東京都千代田区"),
            new IssuingMunicipality("072010", "福島県福島市")]);
        Settings = new KioskServiceSettings(Contexts, Clock);
        await Settings.LoadAsync([KioskSettings.Koriyama, ChiyodaSettings, Sandbox.SandboxKiosk.Fukushima]);
        Ocsp = new Myna.Pki.Ocsp.OcspResponder(Issuing.Authorities, Certificates, Clock);
        var parties = new KioskParties(services, Ocsp, Seals, () => Settings.Current);
        (Stores, Centre, Settlement) = (parties.Stores, parties.Centre, parties.Settlement);
    }

    /// <summary>The authorities' OCSP responder, which the centre asks.</summary>
    public Myna.Pki.Ocsp.OcspResponder Ocsp { get; private set; } = null!;

    public Task DisposeAsync()
    {
        Ocsp.Dispose();
        Seals.Dispose();
        _window?.Dispose();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A resident of Koriyama with a card delivered today (so usable from tomorrow, U2.7).</summary>
    public async Task<(Resident Resident, CardRecord Card)> ResidentWithCardAsync(string familyName = "番号", string givenName = "花子")
    {
        var resident = (await Window.RegisterResidentAsync(new ResidentRegistration(
            "072036", familyName, givenName, "バンゴウ", "ハナコ", new DateOnly(1990, 5, 10), Sex.Female,
            "福島県郡山市朝日一丁目２３番７号", new DateOnly(2015, 10, 5)), Staff)).Value;
        var application = (await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id), Staff)).Value;
        var card = (await Window.DeliverCardAsync(application.Id, Pins, Staff)).Value;
        return (resident, card);
    }

    /// <summary>Moves the clock to <paramref name="time"/> on the day <paramref name="days"/> after today (Japan).</summary>
    public void Advance(int days, TimeOnly time)
    {
        var today = JapanClock.Today(Clock);
        Clock.SetUtcNow(new DateTimeOffset(today.AddDays(days), time, JapanClock.Offset));
    }

    /// <summary>The card's chip as a reader sees it, for one transaction: dispose it to take the card out.</summary>
    public CardInSlot SetCard(Guid cardId)
    {
        var chip = Issuing.OpenCard(Window.CardPath(cardId));
        return new CardInSlot(chip, new MynaCardClient(new EmulatorTransport(chip)));
    }

    public async Task<T> WithDbAsync<T>(Func<MynaDbContext, Task<T>> read)
    {
        await using var db = Contexts.CreateDbContext();
        return await read(db);
    }
}

/// <summary>A card set in a machine's reader.</summary>
public sealed class CardInSlot(IDisposable chip, MynaCardClient client) : IDisposable
{
    public MynaCardClient Client { get; } = client;

    public void Dispose() => chip.Dispose();
}

/// <summary>A printer that keeps what it printed and fails when told to.</summary>
public sealed class TestPrinter(Func<bool>? fail = null) : IPrinter
{
    public ConcurrentBag<byte[]> Printed { get; } = [];

    public int Failures;

    public Task<bool> PrintAsync(byte[] pdf, CancellationToken cancellationToken = default)
    {
        if (fail?.Invoke() == true)
        {
            Interlocked.Increment(ref Failures);
            return Task.FromResult(false);
        }
        Printed.Add(pdf);
        return Task.FromResult(true);
    }
}
