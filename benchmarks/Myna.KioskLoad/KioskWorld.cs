using System.Diagnostics;
using Myna.Card;
using Myna.ConvenienceIssuance.Centre;
using Myna.ConvenienceIssuance.Machines;
using Myna.ConvenienceIssuance.Municipal;
using Myna.ConvenienceIssuance.Stores;
using Myna.Documents;
using Myna.Issuance;
using Myna.Kiosk;
using Myna.Pki.Ocsp;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using Myna.ConvenienceIssuance;
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

namespace Myna.KioskLoad;

/// <summary>
/// The three parties of convenience-store issuance in one process, as the server assembles them: a window (to register
/// the holders and issue their cards), the issuance centre (asking the OCSP responder) with Koriyama's certificate server, and a network of stores
/// with their machines. SQLite and the card files live in <c>home</c> under the directory given.
/// </summary>
internal sealed class KioskWorld : IDisposable
{
    private static readonly AuditActor Staff = AuditActor.Staff("bench");
    private static readonly DeliveryPins Pins = new("ABC123", "1111", "2222", "3333");
    private static readonly string[] FamilyNames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村"];
    private static readonly string[] GivenNames = ["一郎", "花子", "翔太", "美咲", "健太", "陽菜"];

    public const string Koriyama = "072036";

    public static readonly Pin AuthenticationPin = Pin.Parse(PinKind.UserAuthentication, "1111").Value;

    private readonly TestWindow _window;

    private KioskWorld(TestWindow window, RunningClock clock)
    {
        _window = window;
        (Home, Clock, Contexts, Certificates, Issuing, Window) = (window.Home, clock, window.Contexts, window.Certificates, window.Issuing, window.Window);
        var services = window.Services;
        Seals = SealKeyring.InMemory([new IssuingMunicipality(Koriyama, "福島県郡山市")]);
        Ocsp = new OcspResponder(Issuing.Authorities, Certificates, clock);
        IReadOnlyDictionary<string, KioskSettings> settings = new Dictionary<string, KioskSettings> { [Koriyama] = KioskSettings.Koriyama };
        // The parties as the server assembles them, the centre asking the OCSP responder.
        var parties = new KioskParties(services, Ocsp, Seals, () => settings);
        (Runner, Stores, Renderer, Verifier, Centre) = (parties.Runner, parties.Stores, parties.Renderer, parties.Verifier, parties.Centre);
    }

    public OcspResponder Ocsp { get; }

    public MynaHome Home { get; }
    public RunningClock Clock { get; }
    public MynaDbContextFactory Contexts { get; }
    public CertificateRegistry Certificates { get; }
    public IssuingSystem Issuing { get; }
    public MunicipalWindow Window { get; }
    public ProcedureRunner Runner { get; }
    public StoreNetwork Stores { get; }
    public SealKeyring Seals { get; }
    public CertificatePdf Renderer { get; }
    public JpkiVerifier Verifier { get; }
    public IssuanceCentre Centre { get; }
    public List<Holder> Holders { get; } = [];
    public List<Machine> Machines { get; } = [];

    /// <summary>A machine of a store of its own, outside <see cref="Machines"/>: where the anchors write.</summary>
    public Machine Spare { get; private set; } = null!;

    /// <summary>
    /// A new data directory with the test key set, <paramref name="holders"/> residents of Koriyama with their cards
    /// delivered on Monday 2026-04-06, and the stores; the clock then runs from Tuesday 10:00 in Japan (cards are usable
    /// from the day after their delivery, U2.7).
    /// </summary>
    public static async Task<KioskWorld> CreateAsync(string directory, int holders, int stores, int machinesPerStore)
    {
        var clock = new RunningClock(new DateTimeOffset(2026, 4, 6, 9, 0, 0, JapanClock.Offset));
        var world = new KioskWorld(await TestWindow.OpenAsync(directory, clock), clock);
        await using (var db = world.Contexts.CreateDbContext())
        {
            db.Add(Municipality.Koriyama());
            await db.SaveChangesAsync();
        }
        for (var i = 0; i < holders; i++)
            world.Holders.Add(await world.IssueHolderAsync(i));
        var chains = Enum.GetValues<StoreChain>().Where(c => c != StoreChain.CityHall).ToArray();
        for (var s = 0; s < stores; s++)
        {
            foreach (var registered in await world.Stores.AddStoreAsync(chains[s % chains.Length], $"{5000 + s}", $"郡山{s + 1}号店", Koriyama, machinesPerStore))
                world.Machines.Add(new Machine(new KioskMachine(world.Centre, registered.Credentials, NullPrinter.Instance), registered));
        }
        var spare = (await world.Stores.AddStoreAsync(StoreChain.Lawson, "9999", "ベンチマーク店", Koriyama, 1))[0];
        world.Spare = new Machine(new KioskMachine(world.Centre, spare.Credentials, NullPrinter.Instance), spare);
        clock.MoveTo(new DateTimeOffset(2026, 4, 7, 10, 0, 0, JapanClock.Offset));
        return world;
    }

    private async Task<Holder> IssueHolderAsync(int index)
    {
        var family = FamilyNames[index % FamilyNames.Length];
        var given = GivenNames[index / FamilyNames.Length % GivenNames.Length];
        var resident = Value(await Window.RegisterResidentAsync(new ResidentRegistration(
            Koriyama, family, given, "バンゴウ", "ハナコ", new DateOnly(1990, 5, 10), Sex.Female,
            "福島県郡山市朝日一丁目２３番７号", new DateOnly(2015, 10, 5)), Staff));
        var application = Value(await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id), Staff));
        var card = Value(await Window.DeliverCardAsync(application.Id, Pins, Staff));
        // The card stays in the holder's hand for the whole run: its chip is opened once, as a card is powered once per
        // insertion; every transaction still reads its certificate, verifies the PIN and signs on it.
        var chip = Issuing.OpenCard(Window.CardPath(card.Id));
        return new Holder(resident.Id, card.Id, chip, new MynaCardClient(new EmulatorTransport(chip)));
    }

    private static T Value<T>(WindowOutcome<T> outcome) =>
        outcome.Succeeded ? outcome.Value! : throw new InvalidOperationException("The window refused: " + outcome.Refusal);

    public void Dispose()
    {
        foreach (var holder in Holders)
            holder.Chip.Dispose();
        Ocsp.Dispose();
        Seals.Dispose();
        _window.Dispose();
    }
}

/// <summary>A holder with the card in hand.</summary>
internal sealed record Holder(Guid ResidentId, Guid CardId, VirtualCard Chip, MynaCardClient Card);

/// <summary>A store's machine and its registration.</summary>
internal sealed record Machine(KioskMachine Kiosk, RegisteredMachine Registered);

/// <summary>A printer that always prints and keeps nothing.</summary>
internal sealed class NullPrinter : IPrinter
{
    public static readonly NullPrinter Instance = new();

    public Task<bool> PrintAsync(byte[] pdf, CancellationToken cancellationToken = default) => Task.FromResult(true);
}

/// <summary>A clock that runs at the real rate from the instant it was last moved to.</summary>
internal sealed class RunningClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _start = start;
    private long _since = Stopwatch.GetTimestamp();

    /// <summary>Moves the clock (only while nothing else reads it).</summary>
    public void MoveTo(DateTimeOffset instant)
    {
        _start = instant;
        _since = Stopwatch.GetTimestamp();
    }

    public override DateTimeOffset GetUtcNow() => (_start + Stopwatch.GetElapsedTime(_since)).ToUniversalTime();
}
