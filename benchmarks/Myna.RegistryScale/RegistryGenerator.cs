using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Certificates;
using Myna.Storage.Concurrency;
using Npgsql;

namespace Myna.RegistryScale;

/// <summary>What a load wrote and how long it took.</summary>
/// <param name="Residents">Resident rows.</param>
/// <param name="Cards">Card rows (a renewed holder has two, the old one replaced).</param>
/// <param name="CertificateRows">Rows of <c>issued_certificates</c>: only the sample the sweep revokes.</param>
/// <param name="Rows">Time to write the rows.</param>
/// <param name="Indexes">Time to build the secondary indexes afterwards.</param>
public sealed record LoadReport(long Residents, long Cards, long CertificateRows, TimeSpan Rows, TimeSpan Indexes)
{
    public TimeSpan Total => Rows + Indexes;
}

/// <summary>
/// Writes a <see cref="Population"/> into a migrated, empty database in bulk, through the storage layer's model
/// (<see cref="ModelRows{T}"/>: the tables, columns and conversions of the EF model, the My Number encrypted and indexed by
/// the database's own <see cref="Storage.Protection.MyNumberProtector"/>): on SQLite by prepared inserts, one transaction
/// per batch; on PostgreSQL by binary COPY. The secondary indexes the migrations made are dropped first and built again
/// at the end (as a bulk load does), with the very definitions the database had.
/// </summary>
/// <remarks>
/// Certificates: the registry's card rows carry their certificates' references (hierarchy, serial, dates) as the window
/// stores them, but no X.509 certificate is signed. Only the certificates of the cards the sweep of
/// <see cref="Population.Today"/> will expire get an <c>issued_certificates</c> row (without DER), so that the sweep can
/// revoke them as it does in the server; the measurements concern the registry's queries, not the authorities.
/// </remarks>
public sealed class RegistryGenerator(MynaDbContextFactory contexts, Population population)
{
    /// <summary>Called after each batch: rows done so far, elapsed time.</summary>
    public Action<long, long, TimeSpan>? Progress { get; init; }

    public int BatchSize { get; init; } = 100_000;

    /// <summary>
    /// Indexes to create after the load, by hand, that the migrations do not (yet) make: to measure an index before its
    /// migration exists.
    /// </summary>
    public IReadOnlyList<string> ExtraIndexes { get; init; } = [];

    public async Task<LoadReport> LoadAsync(long residents, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var protector = db.MyNumbers;
        var residentRows = new ModelRows<Resident>(db, new Dictionary<string, Func<Resident, object?>>
        {
            ["MyNumberCiphertext"] = r => protector.Encrypt(r.MyNumber, r.Id),
            ["MyNumberIndex"] = r => protector.BlindIndex(r.MyNumber),
            [RowVersions.PropertyName] = _ => 0L,
        });
        var cardRows = new ModelRows<CardRecord>(db, new Dictionary<string, Func<CardRecord, object?>>
        {
            ["SecurityCodeCiphertext"] = c => protector.EncryptSecurityCode(c.SecurityCode, c.Id),
            [RowVersions.PropertyName] = _ => 0L,
        });

        db.AddRange(Population.Municipalities.Select(m => m.Municipality));
        await db.SaveChangesAsync(cancellationToken);

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var indexes = await DropIndexesAsync(connection, [residentRows.TableName, cardRows.TableName], cancellationToken);
        var timer = Stopwatch.StartNew();
        long cards = 0;
        var sweptTomorrow = new List<CardRecord>();
        for (long start = 0; start < residents; start += BatchSize)
        {
            var people = new Person[(int)Math.Min(BatchSize, residents - start)];
            Parallel.For(0, people.Length, i => people[i] = population.Make(start + i));
            var batchCards = people.SelectMany(p => p.Cards).ToList();
            cards += batchCards.Count;
            sweptTomorrow.AddRange(batchCards.Where(c => c.State == CardState.Active && c.ExpiresOn < population.Today));
            if (connection is SqliteConnection sqlite)
            {
                await using var transaction = await sqlite.BeginTransactionAsync(cancellationToken);
                InsertAll(sqlite, (SqliteTransaction)transaction, residentRows, people.Select(p => p.Resident));
                InsertAll(sqlite, (SqliteTransaction)transaction, cardRows, batchCards);
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                var npgsql = (NpgsqlConnection)connection;
                await CopyAsync(npgsql, residentRows, people.Select(p => p.Resident), cancellationToken);
                await CopyAsync(npgsql, cardRows, batchCards, cancellationToken);
            }
            Progress?.Invoke(start + people.Length, cards, timer.Elapsed);
        }
        var rowsTime = timer.Elapsed;
        timer.Restart();
        await CreateIndexesAsync(connection, [.. indexes, .. ExtraIndexes], cancellationToken);
        var indexTime = timer.Elapsed;

        var certificateRows = sweptTomorrow.SelectMany(c => c.Certificates.Select(certificate => new IssuedCertificateRow
        {
            Hierarchy = certificate.Hierarchy,
            SerialNumber = certificate.SerialNumber,
            NotBefore = new DateTimeOffset(certificate.IssuedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            NotAfter = new DateTimeOffset(certificate.ExpiresOn.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero),
            CardId = c.Id,
            ResidentId = c.ResidentId,
        })).ToList();
        db.IssuedCertificates.AddRange(certificateRows);
        await db.SaveChangesAsync(cancellationToken);
        return new LoadReport(residents, cards, certificateRows.Count, rowsTime, indexTime);
    }

    private static void InsertAll<T>(SqliteConnection connection, SqliteTransaction transaction, ModelRows<T> rows, IEnumerable<T> entities)
        where T : class
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{rows.TableName}\" ({string.Join(", ", rows.Columns.Select(c => '"' + c + '"'))}) " +
            $"VALUES ({string.Join(", ", rows.Columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = new DbParameter[rows.Columns.Count];
        foreach (var entity in entities)
        {
            if (parameters[0] is null)
            {
                // The type mapping makes each parameter as EF's own saves do (a Guid as text on SQLite …), once.
                for (var i = 0; i < parameters.Length; i++)
                    command.Parameters.Add(parameters[i] = rows.Mappings[i].CreateParameter(command, "@p" + i.ToString(CultureInfo.InvariantCulture), rows.Value(entity, i), rows.Nullable[i]));
                command.Prepare();
            }
            else
            {
                for (var i = 0; i < parameters.Length; i++)
                    parameters[i].Value = rows.ProviderValue(entity, i) ?? DBNull.Value;
            }
            command.ExecuteNonQuery();
        }
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, ModelRows<T> rows, IEnumerable<T> entities, CancellationToken cancellationToken)
        where T : class
    {
        var types = rows.Mappings.Select(m => m.StoreTypeNameBase).ToArray();
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY \"{rows.TableName}\" ({string.Join(", ", rows.Columns.Select(c => '"' + c + '"'))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var entity in entities)
        {
            await writer.StartRowAsync(cancellationToken);
            for (var i = 0; i < types.Length; i++)
            {
                if (rows.ProviderValue(entity, i) is { } value)
                    await writer.WriteAsync(value, types[i], cancellationToken);
                else
                    await writer.WriteNullAsync(cancellationToken);
            }
        }
        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>Drops the secondary indexes of <paramref name="tables"/> (not the keys) and hands back their definitions.</summary>
    private static async Task<IReadOnlyList<string>> DropIndexesAsync(DbConnection connection, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var names = new List<(string Name, string Definition)>();
        await using (var read = connection.CreateCommand())
        {
            var list = string.Join(", ", tables.Select(t => "'" + t + "'"));
            read.CommandText = connection is SqliteConnection
                ? $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({list})"
                : $"SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename IN ({list}) " +
                  "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                names.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in names)
        {
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP INDEX \"{name}\"";
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        return [.. names.Select(n => n.Definition)];
    }

    private static async Task CreateIndexesAsync(DbConnection connection, IReadOnlyList<string> definitions, CancellationToken cancellationToken)
    {
        foreach (var definition in definitions)
        {
            await using var create = connection.CreateCommand();
            create.CommandText = definition;
            create.CommandTimeout = 0;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.CommandTimeout = 0;
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }
}
