using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Myna.Storage;

/// <summary>The SQLite flavour of <see cref="MynaDbContext"/>; its migrations are in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteMynaDbContext : MynaDbContext
{
    public SqliteMynaDbContext(DbContextOptions<SqliteMynaDbContext> options)
        : base(options)
    {
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite has no instant type: EF would store DateTimeOffset as text it cannot ORDER BY or compare
        // ("SQLite does not support expressions of type 'DateTimeOffset' in ORDER BY clauses"). UTC ticks in an
        // INTEGER sort, compare and round-trip exactly; every instant reads back with offset 0.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    /// <summary>An instant as its UTC ticks (100 ns since 0001-01-01T00:00Z), and back with offset 0.</summary>
    internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
