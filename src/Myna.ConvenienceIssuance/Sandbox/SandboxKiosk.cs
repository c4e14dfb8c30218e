using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance.Stores;
using Myna.Kiosk;
using Myna.Primitives.Hosting;
using Myna.Registry.Municipalities;
using Myna.Storage;
using Myna.Storage.Kiosk;

namespace Myna.ConvenienceIssuance.Sandbox;

/// <summary>
/// The sandbox's kiosk service: the three municipalities' settings (U2.9) and a small store network with its machines,
/// whose credentials the server keeps in the data directory so that its own kiosk page can drive them.
/// </summary>
public static class SandboxKiosk
{
    /// <summary>Fukushima: all six certificates, family-register certificates also for holders registered elsewhere after a use registration.</summary>
    public static KioskSettings Fukushima { get; } = new(LocalGovernmentCode.Parse("07201").Value, new("福島市", "Fukushima"),
        CertificateFees.Window, new HashSet<DateOnly>(), FamilyRegisterForNonResidents: true, CityHallMachineHours: null);

    /// <summary>Chiyoda: the four resident-record and tax certificates only.</summary>
    public static KioskSettings Chiyoda { get; } = new(LocalGovernmentCode.Parse("13101").Value, new("千代田区", "Chiyoda"),
        CertificateFees.Window.Where(f => !CertificateFees.IsFamilyRegister(f.Key)).ToDictionary(), new HashSet<DateOnly>(),
        FamilyRegisterForNonResidents: false, CityHallMachineHours: null);

    /// <summary>The municipalities that offer the kiosk service in the sandbox; Koriyama's is U2.5's table.</summary>
    public static IReadOnlyList<KioskSettings> Settings { get; } = [KioskSettings.Koriyama, Fukushima, Chiyoda];

    private static readonly (StoreChain Chain, string Number, string Name, string Municipality, int Machines)[] Stores =
    [
        (StoreChain.CityHall, "072036", "郡山市役所 西庁舎1階", "072036", 1),
        (StoreChain.SevenEleven, "101", "郡山駅前店", "072036", 2),
        (StoreChain.Lawson, "201", "郡山朝日店", "072036", 1),
        (StoreChain.FamilyMart, "301", "郡山堤下店", "072036", 1),
        (StoreChain.Ministop, "401", "郡山桑野店", "072036", 1),
        (StoreChain.Aeon, "501", "イオン郡山フェスタ店", "072036", 1),
        (StoreChain.SevenEleven, "102", "福島駅東口店", "072010", 1),
        (StoreChain.Lawson, "202", "千代田一番町店", "131016", 1),
    ];

    /// <summary>The sandbox machines' credentials file in the data directory.</summary>
    public static string CredentialsPath(MynaHome home) => Path.Combine(home.Root, "kiosk", "sandbox-machines.json");

    /// <summary>
    /// Adds the sandbox's stores and machines on the first start and keeps their credentials (owner-only); later starts
    /// read them back. Returns the machines.
    /// </summary>
    public static async Task<IReadOnlyList<RegisteredMachine>> SeedAsync(
        StoreNetwork stores, IDbContextFactory<MynaDbContext> contexts, MynaHome home, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(home);
        var path = CredentialsPath(home);
        if (File.Exists(path))
            return JsonSerializer.Deserialize<List<RegisteredMachine>>(await File.ReadAllBytesAsync(path, cancellationToken)) ?? [];
        await using (var db = contexts.CreateDbContext())
        {
            // Stores without the file: someone else's network (or a lost file); the sandbox adds none of its own.
            if (await db.Set<KioskStore>().AnyAsync(cancellationToken))
                return [];
        }
        var machines = new List<RegisteredMachine>();
        foreach (var store in Stores)
            machines.AddRange(await stores.AddStoreAsync(store.Chain, store.Number, store.Name, store.Municipality, store.Machines, cancellationToken));
        MynaHome.EnsurePrivateDirectory(Path.GetDirectoryName(path)!);
        MynaHome.WriteNewPrivateFile(path, JsonSerializer.SerializeToUtf8Bytes(machines));
        return machines;
    }
}
