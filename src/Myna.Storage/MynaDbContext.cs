using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Registry.Residents;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;
using Myna.Storage.Concurrency;
using Myna.Storage.Protection;
using Myna.Storage.Registry;

namespace Myna.Storage;

/// <summary>
/// Myna's database: the certificate registry, CRL numbers and the audit trail. Abstract: each provider has a
/// thin subclass (<see cref="SqliteMynaDbContext"/>, <see cref="PostgreSqlMynaDbContext"/>) so that each
/// keeps its own migrations; create one per unit of work through <see cref="MynaDbContextFactory"/>.
/// </summary>
/// <remarks>
/// The model is every <see cref="IEntityTypeConfiguration{TEntity}"/> of this assembly: a new entity needs a
/// configuration class and a migration per provider (docs/storage.md), nothing here. The one exception is the single
/// sign-on's OpenIddict entities (<see cref="Portal.SingleSignOn"/>).
/// </remarks>
public abstract class MynaDbContext : DbContext
{
    protected MynaDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<IssuedCertificateRow> IssuedCertificates => Set<IssuedCertificateRow>();

    public DbSet<RevocationRow> Revocations => Set<RevocationRow>();

    public DbSet<CrlNumberRow> CrlNumbers => Set<CrlNumberRow>();

    /// <summary>The last CRL signed per hierarchy, which every process serves (docs/operations.md).</summary>
    public DbSet<PublishedCrlRow> PublishedCrls => Set<PublishedCrlRow>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Procedures with effects outside the database that have not completed (docs/adr/0002).</summary>
    public DbSet<Journal.ProcedureIntent> ProcedureIntents => Set<Journal.ProcedureIntent>();

    /// <summary>Chip images kept in the database when the servers share it (docs/storage.md).</summary>
    public DbSet<Shared.CardImageRow> CardImages => Set<Shared.CardImageRow>();

    /// <summary>Keys the servers share, encrypted under the operator's key-encryption key (docs/storage.md).</summary>
    public DbSet<Shared.KeyMaterialRow> KeyMaterial => Set<Shared.KeyMaterialRow>();

    private Lazy<MyNumberProtector>? _myNumbers;

    /// <summary>The keys that encrypt and index My Numbers (docs/storage.md), as the factory that made this context holds them.</summary>
    /// <exception cref="InvalidOperationException">The context was not made by a <see cref="MynaDbContextFactory"/> with keys.</exception>
    public MyNumberProtector MyNumbers => _myNumbers?.Value ?? throw new InvalidOperationException(
        "This context has no My Number keys: create it with MynaDbContextFactory from StorageOptions that name them (docs/storage.md).");

    /// <summary>
    /// The resident whose My Number is <paramref name="number"/> (none or one), found by its blind index: the only
    /// search over My Numbers there is, exact match. <c>r.MyNumber == x</c> does not translate (the number is stored encrypted).
    /// </summary>
    public IQueryable<Resident> ResidentsWithMyNumber(MyNumber number)
    {
        var index = MyNumbers.BlindIndex(number);
        return Set<Resident>().Where(r => EF.Property<byte[]>(r, MyNumberMapping.Index) == index);
    }

    internal void UseMyNumberKeys(Lazy<MyNumberProtector> keys) => _myNumbers = keys;

    /// <summary>The rows this context has claimed (<see cref="RowVersions.ClaimAsync"/>) and not yet saved, with the claimed version.</summary>
    internal Dictionary<object, long> Claims { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Gives back the claims of a unit of work that ends without saving them (a refusal, an exception), then disposes.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Claims.Count > 0)
            await RowVersions.ReleaseAsync(this);
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public override void Dispose()
    {
        if (Claims.Count > 0)
            RowVersions.ReleaseAsync(this).GetAwaiter().GetResult();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MynaDbContext).Assembly);
        // OpenIddict's entities are generic types of another assembly, which the scan above does not find.
        Portal.SingleSignOn.Configure(modelBuilder);
    }
}
