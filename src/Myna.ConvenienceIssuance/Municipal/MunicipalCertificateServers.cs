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
    private readonly Dictionary<string, MunicipalCertificateServer> _servers;
    private readonly IDbContextFactory<MynaDbContext> _contexts;

    public MunicipalCertificateServers(
        IEnumerable<KioskSettings> settings, IDbContextFactory<MynaDbContext> contexts, DocumentPress press, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _contexts = contexts;
        _servers = [];
        foreach (var each in settings)
            _servers[each.Municipality.Value] = new MunicipalCertificateServer(each, code => Find(code.Value)?.Settings, contexts, press, clock);
    }

    /// <summary>The municipalities that offer the kiosk service here.</summary>
    public IEnumerable<KioskSettings> Settings => _servers.Values.Select(s => s.Settings);

    /// <summary>The server of the municipality <paramref name="code"/> (5 or 6 digits); null when it offers no kiosk service.</summary>
    public MunicipalCertificateServer? Find(string code) =>
        LocalGovernmentCode.Parse(code).TryGetValue(out var parsed) && _servers.TryGetValue(parsed.Value, out var server) ? server : null;

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
