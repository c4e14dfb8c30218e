using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Myna.Storage;

/// <summary>The PostgreSQL flavour of <see cref="MynaDbContext"/>; its migrations are in <c>Migrations/PostgreSql</c>.</summary>
public sealed class PostgreSqlMynaDbContext : MynaDbContext
{
    public PostgreSqlMynaDbContext(DbContextOptions<PostgreSqlMynaDbContext> options)
        : base(options)
    {
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Instants are timestamptz. Npgsql writes only offset 0 ("Cannot write DateTimeOffset with
        // Offset=09:00:00"), so a Japan-time value is turned into the same instant in UTC on the way in.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
    }

    /// <summary>The same instant with offset 0.</summary>
    internal sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v.ToUniversalTime());
}
