using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Myna.Card;
using Myna.Issuance;
using Myna.Pki.Revocation;
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
using Myna.Testing;

namespace Myna.Window.Tests;

/// <summary>
/// A whole window on a temporary data directory: SQLite registry, issuing system, certificate registry over the
/// database, and a clock that starts on 2026-04-01 10:00 in Japan.
/// </summary>
/// <param name="keeping">Where the chips are kept: card files (the default) or the database.</param>
/// <param name="storage">The database: SQLite in the data directory when null.</param>
public sealed class WindowHarness(Chips.CardImageKeeping keeping = Chips.CardImageKeeping.Files, Func<MynaHome, StorageOptions>? storage = null)
    : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 4, 1, 10, 0, 0, JapanClock.Offset);

    public static readonly AuditActor Staff = AuditActor.Staff("sato");

    public static readonly DeliveryPins Pins = new("ABC123", "1111", "2222", "3333");

    private readonly string _root = TestDirectories.Create("myna-window-");
    private TestWindow? _window;

    public FakeTimeProvider Clock { get; } = new(Start);

    public MynaDbContextFactory Contexts { get; private set; } = null!;

    public CertificateRegistry Certificates { get; private set; } = null!;

    public IssuingSystem Issuing { get; private set; } = null!;

    public MunicipalWindow Window { get; private set; } = null!;

    public static LocalGovernmentCode Tokyo { get; } = LocalGovernmentCode.Parse("13101").Value;

    public async Task InitializeAsync()
    {
        _window = await TestWindow.OpenAsync(_root, Clock, storage, keeping);
        (Contexts, Certificates, Issuing, Window) = (_window.Contexts, _window.Certificates, _window.Issuing, _window.Window);
        await using var db = Contexts.CreateDbContext();
        db.AddRange(Municipality.Koriyama(), new Municipality(Tokyo, "東京都", "千代田区", "Tokyo-to", "Chiyoda-ku"));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        _window?.Dispose();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A second window on the same database, chips and authorities, which calls <paramref name="fault"/> at each crash point (throw from it to inject a failure there).</summary>
    public MunicipalWindow WithFaults(Action<string> fault) => new(new Procedures.WindowServices(
        Contexts, Issuing, Certificates, Clock, new Procedures.CrashPoints(fault), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
        CardImages = Window.CardImages,
    });

    public void AdvanceDays(int days) => Clock.Advance(TimeSpan.FromDays(days));

    public void SetDate(DateOnly date) => Clock.SetUtcNow(new DateTimeOffset(date, new TimeOnly(10, 0), JapanClock.Offset));

    public async Task<Resident> RegisterAsync(
        DateOnly? birthDate = null, string familyName = "番号", string givenName = "花子", DateOnly? registeredOn = null,
        bool isAdultWard = false)
    {
        var outcome = await Window.RegisterResidentAsync(new ResidentRegistration(
            "072036", familyName, givenName, "バンゴウ", "ハナコ", birthDate ?? new DateOnly(1990, 5, 10), Sex.Female,
            "福島県郡山市朝日一丁目２３番７号", registeredOn ?? birthDate ?? new DateOnly(1990, 5, 10), IsAdultWard: isAdultWard), Staff);
        return outcome.Value;
    }

    public async Task<CardRecord> IssueCardAsync(Resident resident, CardApplicationForm? form = null, DeliveryPins? pins = null)
    {
        var application = (await Window.ApplyForCardAsync(form ?? new CardApplicationForm(resident.Id), Staff)).Value;
        return (await Window.DeliverCardAsync(application.Id, pins ?? Pins, Staff)).Value;
    }

    public async Task<CardRecord> CardAsync(Guid id)
    {
        await using var db = Contexts.CreateDbContext();
        return await db.Set<CardRecord>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    public async Task<T> WithDbAsync<T>(Func<MynaDbContext, Task<T>> read)
    {
        await using var db = Contexts.CreateDbContext();
        return await read(db);
    }

    /// <summary>Reads the card's chip as a client would.</summary>
    public T ReadChip<T>(Guid cardId, Func<MynaCardClient, T> read)
    {
        using var chip = Window.OpenCardChip(cardId);
        return read(new MynaCardClient(new EmulatorTransport(chip)));
    }

    public CertificateStatus StatusOf(CardCertificate certificate) =>
        Certificates.GetStatus(certificate.Hierarchy, certificate.SerialNumber);
}
