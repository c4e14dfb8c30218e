using Microsoft.EntityFrameworkCore;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;

namespace Myna.Storage;

/// <summary>
/// Myna's database: the certificate registry, CRL numbers and the audit trail. Abstract: each provider has a
/// thin subclass (<see cref="SqliteMynaDbContext"/>, <see cref="PostgreSqlMynaDbContext"/>) so that each
/// keeps its own migrations; create one per unit of work through <see cref="MynaDbContextFactory"/>.
/// </summary>
/// <remarks>
/// The model is every <see cref="IEntityTypeConfiguration{TEntity}"/> of this assembly: a new entity needs a
/// configuration class and a migration per provider (docs/storage.md), nothing here.
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

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MynaDbContext).Assembly);
    }
}
