using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Storage;
using Myna.Storage.Kiosk;

namespace Myna.ConvenienceIssuance.Stores;

/// <summary>A machine as the centre knows it once its credentials are checked: where it stands.</summary>
public sealed record KnownMachine(Guid Id, int Number, KioskStore Store)
{
    /// <summary>The city hall's own machine (U2.11) or a store's.</summary>
    public Myna.Registry.Rules.KioskPlace Place => Store.Chain == StoreChain.CityHall
        ? Myna.Registry.Rules.KioskPlace.CityHall : Myna.Registry.Rules.KioskPlace.ConvenienceStore;

    /// <summary>The store and machine as the holder's exchange history and the settlement name them.</summary>
    public LocalizedText Describe() => new(
        $"{StoreNetwork.ChainName(Store.Chain).Japanese} {Store.Name}（マルチコピー機 {Number}）",
        $"{StoreNetwork.ChainName(Store.Chain).English} {Store.Name} (machine {Number})");
}

/// <summary>A machine just registered, with the secret it authenticates with (shown once; the centre keeps its hash).</summary>
public sealed record RegisteredMachine(Guid Id, Guid StoreId, int Number, string Secret)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public MachineCredentials Credentials => new(Id, Secret);
}

/// <summary>
/// The store network of convenience-store issuance (U2.2): stores of the participating chains, each with its
/// multi-copy machines, and the city hall's own machine (U2.11). Machines authenticate to the issuance centre with a
/// secret; the centre keeps only its SHA-256.
/// </summary>
public sealed class StoreNetwork(IDbContextFactory<MynaDbContext> contexts)
{
    /// <summary>The chain's name as signs and receipts show it.</summary>
    public static LocalizedText ChainName(StoreChain chain) => chain switch
    {
        StoreChain.SevenEleven => new("セブン-イレブン", "Seven-Eleven"),
        StoreChain.Lawson => new("ローソン", "Lawson"),
        StoreChain.FamilyMart => new("ファミリーマート", "FamilyMart"),
        StoreChain.Ministop => new("ミニストップ", "Ministop"),
        StoreChain.Aeon => new("イオン", "AEON"),
        StoreChain.CityHall => new("市役所", "City hall"),
        _ => throw new ArgumentOutOfRangeException(nameof(chain)),
    };

    /// <summary>Adds a store (or finds it by chain and number) and gives it <paramref name="machines"/> new machines.</summary>
    public async Task<IReadOnlyList<RegisteredMachine>> AddStoreAsync(
        StoreChain chain, string storeNumber, string name, string municipality, int machines, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(machines, 1);
        await using var db = contexts.CreateDbContext();
        var store = await db.Set<KioskStore>().SingleOrDefaultAsync(s => s.Chain == chain && s.StoreNumber == storeNumber, cancellationToken);
        if (store is null)
        {
            store = new KioskStore { Id = Guid.NewGuid(), Chain = chain, StoreNumber = storeNumber, Name = name, Municipality = municipality };
            db.Add(store);
        }
        var next = await db.Set<KioskMachineRow>().Where(m => m.StoreId == store.Id).MaxAsync(m => (int?)m.Number, cancellationToken) ?? 0;
        var added = new List<RegisteredMachine>();
        for (var i = 1; i <= machines; i++)
        {
            var (secret, hash) = DeviceSecrets.New();
            var row = new KioskMachineRow { Id = Guid.NewGuid(), StoreId = store.Id, Number = next + i, SecretHash = hash };
            db.Add(row);
            added.Add(new RegisteredMachine(row.Id, store.Id, row.Number, secret));
        }
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <summary>
    /// The chains' shares of the national network of about 56,000 stores with multi-copy machines (U2.2), in stores:
    /// our reading of the chains' published store counts, rounded; the simulator and the benchmarks use it.
    /// </summary>
    public static IReadOnlyList<(StoreChain Chain, int Stores)> NationalShares { get; } =
    [
        (StoreChain.SevenEleven, 21_500), (StoreChain.FamilyMart, 16_300), (StoreChain.Lawson, 14_600),
        (StoreChain.Ministop, 1_800), (StoreChain.Aeon, 1_800),
    ];

    /// <summary>
    /// Adds a network of <paramref name="count"/> stores, one machine each, spread over the chains in their national shares
    /// and over <paramref name="municipalities"/> (6-digit codes) in turn, in batches; reports the stores added so far.
    /// Store numbers start at <paramref name="firstNumber"/>. The machines' secrets are not kept: a generated network is
    /// for load, whose machines are given new credentials with <see cref="AddStoreAsync"/> when one is to be used.
    /// </summary>
    public async Task<int> AddNetworkAsync(
        int count, IReadOnlyList<string> municipalities, int firstNumber = 100_000, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(municipalities);
        ArgumentOutOfRangeException.ThrowIfZero(municipalities.Count);
        var total = NationalShares.Sum(s => s.Stores);
        var chains = NationalShares.SelectMany(s => Enumerable.Repeat(s.Chain, (int)Math.Ceiling((double)s.Stores * count / total))).Take(count).ToList();
        const int Batch = 2_000;
        for (var start = 0; start < count; start += Batch)
        {
            await using var db = contexts.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                var number = (firstNumber + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var store = new KioskStore
                {
                    Id = Guid.NewGuid(), Chain = chains[i], StoreNumber = number, Name = $"{number}号店", Municipality = municipalities[i % municipalities.Count],
                };
                db.Add(store);
                db.Add(new KioskMachineRow { Id = Guid.NewGuid(), StoreId = store.Id, Number = 1, SecretHash = RandomNumberGenerator.GetBytes(32) });
            }
            await db.SaveChangesAsync(cancellationToken);
            progress?.Report(Math.Min(count, start + Batch));
        }
        return count;
    }

    /// <summary>The machine these credentials belong to; null for an unknown or retired machine or a wrong secret.</summary>
    public async Task<KnownMachine?> AuthenticateAsync(MachineCredentials credentials, CancellationToken cancellationToken = default)
    {
        if (credentials.Secret is not { Length: > 0 and <= DeviceSecrets.MaxLength })
            return null;
        await using var db = contexts.CreateDbContext();
        var found = await (from m in db.Set<KioskMachineRow>().AsNoTracking()
                           join s in db.Set<KioskStore>().AsNoTracking() on m.StoreId equals s.Id
                           where m.Id == credentials.MachineId
                           select new { Machine = m, Store = s }).SingleOrDefaultAsync(cancellationToken);
        return found is not null && !found.Machine.Retired && DeviceSecrets.Matches(credentials.Secret, found.Machine.SecretHash)
            ? new KnownMachine(found.Machine.Id, found.Machine.Number, found.Store)
            : null;
    }
}
