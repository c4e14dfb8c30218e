using Microsoft.EntityFrameworkCore;
using Myna.Kiosk;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Kiosk;

namespace Myna.ConvenienceIssuance.Municipal;

/// <summary>
/// The municipalities' certificate servers that the issuance centre routes to, by municipality, and what a holder may
/// choose among them (U2.4 ④): the municipality of residence, that of 本籍, and those with a use registration.
/// </summary>
public sealed class MunicipalCertificateServers
{
    private readonly Func<IReadOnlyDictionary<string, KioskSettings>> _settings;
    private readonly IDbContextFactory<MynaDbContext> _contexts;
    private readonly DocumentPress _press;
    private readonly TimeProvider _clock;

    /// <summary>Servers for municipalities whose settings never change (tests, benchmarks).</summary>
    public MunicipalCertificateServers(
        IEnumerable<KioskSettings> settings, IDbContextFactory<MynaDbContext> contexts, DocumentPress press, TimeProvider clock)
        : this(Fixed(settings), contexts, press, clock)
    {
    }

    /// <summary>Servers for the municipalities that <paramref name="settings"/> gives at each call (settings an administrator changes).</summary>
    public MunicipalCertificateServers(
        Func<IReadOnlyDictionary<string, KioskSettings>> settings, IDbContextFactory<MynaDbContext> contexts, DocumentPress press, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _contexts = contexts;
        _press = press;
        _clock = clock;
    }

    private static Func<IReadOnlyDictionary<string, KioskSettings>> Fixed(IEnumerable<KioskSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyDictionary<string, KioskSettings> all = settings.ToDictionary(s => s.Municipality.Value);
        return () => all;
    }

    /// <summary>The municipalities that offer the kiosk service here.</summary>
    public IEnumerable<KioskSettings> Settings => _settings().Values;

    /// <summary>The server of the municipality <paramref name="code"/> (5 or 6 digits); null when it offers no kiosk service.</summary>
    public MunicipalCertificateServer? Find(string code) =>
        LocalGovernmentCode.Parse(code).TryGetValue(out var parsed) && _settings().TryGetValue(parsed.Value, out var settings)
            ? new MunicipalCertificateServer(settings, other => _settings().GetValueOrDefault(other.Value), _contexts, _press, _clock)
            : null;

    /// <summary>The municipalities the holder may choose and what each offers at the kiosk (the decision comes with the order).</summary>
    public async Task<IReadOnlyList<MunicipalityChoice>> ChoicesAsync(Guid holderReference, CancellationToken cancellationToken)
    {
        await using var db = _contexts.CreateDbContext();
        var codes = new List<string>();
        if (await db.Set<Resident>().AsNoTracking().Where(r => r.Id == holderReference).Select(r => (LocalGovernmentCode?)r.Municipality)
                .SingleOrDefaultAsync(cancellationToken) is { } residence)
            codes.Add(residence.Value);
        if (await FamilyRegisterFacts.OfAsync(db, holderReference, cancellationToken) is { } register)
            codes.Add(register.Municipality.Value);
        codes.AddRange(await db.Set<KioskUseRegistration>().AsNoTracking().Where(r => r.HolderReference == holderReference)
            .Select(r => r.Municipality).ToListAsync(cancellationToken));
        return [.. codes.Distinct().Select(Find).OfType<MunicipalCertificateServer>().Select(s => new MunicipalityChoice(
            s.Settings.Municipality.Value, s.Settings.Name,
            [.. s.Settings.Fees.OrderBy(f => f.Key).Select(f => new CertificateChoice(f.Key, CertificateFees.NameOf(f.Key), f.Value))]))];
    }
}
