using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Myna.Crash.Tests;

/// <summary>A row of <c>issued_certificates</c>: what an authority issued, and the card and holder it was linked to.</summary>
public sealed record CertificateRow(
    string Hierarchy, string Serial, long NotBeforeTicks, long NotAfterTicks, Guid? RequestId, Guid? CardId, Guid? ResidentId, byte[]? Der)
{
    public TimeSpan Validity => TimeSpan.FromTicks(NotAfterTicks - NotBeforeTicks);

    public override string ToString() => $"{Hierarchy} certificate {Serial}";
}

/// <summary>A row of <c>cards</c>: its state and the certificates the registry says are loaded on its chip.</summary>
public sealed record CardRow(Guid Id, Guid ResidentId, string State, string? SignatureSerial, string? AuthenticationSerial, Guid? ReplacedBy)
{
    /// <summary>Whether the registry keeps a chip for the card: every state but the two final ones (returned, replaced).</summary>
    public bool HasChip => State is not ("Returned" or "Replaced");

    public string? SerialOf(string hierarchy) => hierarchy == Hierarchies.Signature ? SignatureSerial : AuthenticationSerial;
}

/// <summary>A row of <c>residents</c>, as far as the card face shows it.</summary>
public sealed record ResidentRow(Guid Id, string FamilyName, string GivenName, string? FormerSurname, string Address, DateOnly BirthDate, string Sex)
{
    /// <summary>The name as the chip writes it (PersonName.OnCard): family and given name by an ideographic space, the former surname in brackets.</summary>
    public string NameOnCard => FormerSurname is null ? $"{FamilyName}\u3000{GivenName}" : $"{FamilyName}[{FormerSurname}]\u3000{GivenName}";
}

/// <summary>A row of <c>card_applications</c>.</summary>
public sealed record ApplicationRow(Guid Id, Guid ResidentId, string Status, Guid? CardId, string Reason);

/// <summary>A row of <c>procedure_intents</c> (src/Myna.Storage/Journal/ProcedureIntent.cs).</summary>
public sealed record IntentRow(Guid Id, string Action, string Status, Guid? CardId);

/// <summary>A row of <c>fee_ledger</c>.</summary>
public sealed record FeeRow(Guid ResidentId, Guid? CardId, int AmountYen);

/// <summary>The two JPKI hierarchies as the database names them.</summary>
public static class Hierarchies
{
    public const string Signature = "Signature";

    public const string UserAuthentication = "UserAuthentication";

    public static readonly IReadOnlyList<string> Both = [Signature, UserAuthentication];
}

/// <summary>
/// Everything the harness checks in the server's SQLite file, read in one read-only transaction (a consistent
/// snapshot beside the running server, which keeps the file in WAL mode).
/// </summary>
public sealed class RegistrySnapshot
{
    public required IReadOnlyList<CertificateRow> Certificates { get; init; }

    /// <summary>Revocation reason by (hierarchy, serial).</summary>
    public required IReadOnlyDictionary<(string Hierarchy, string Serial), string> Revocations { get; init; }

    public required IReadOnlyDictionary<Guid, CardRow> Cards { get; init; }

    public required IReadOnlyDictionary<Guid, ResidentRow> Residents { get; init; }

    public required IReadOnlyDictionary<Guid, ApplicationRow> Applications { get; init; }

    public required IReadOnlyList<IntentRow> Intents { get; init; }

    public required IReadOnlyList<FeeRow> Fees { get; init; }

    /// <summary>Endorsement entries by card.</summary>
    public required IReadOnlyDictionary<Guid, int> Endorsements { get; init; }

    /// <summary>Audit entries by (action, subject id as the trail writes it, 32 hex digits).</summary>
    public required IReadOnlyDictionary<(string Action, string Subject), int> AuditCounts { get; init; }

    public bool IsRevoked(string hierarchy, string serial) => Revocations.ContainsKey((hierarchy, serial));

    public CertificateRow? Certificate(string hierarchy, string serial) =>
        Certificates.FirstOrDefault(c => c.Hierarchy == hierarchy && c.Serial == serial);

    public int AuditCount(string action, Guid subject) =>
        AuditCounts.TryGetValue((action, subject.ToString("N")), out var n) ? n : 0;

    public IEnumerable<CardRow> CardsOf(Guid residentId) => Cards.Values.Where(c => c.ResidentId == residentId);
}

/// <summary>Reads <c>myna.db</c> of a data directory (src/Myna.Storage/StorageOptions.cs) read-only, with Microsoft.Data.Sqlite.</summary>
public static class RegistryDatabase
{
    /// <summary>StorageOptions.DefaultSqliteFileName.</summary>
    public const string FileName = "myna.db";

    public static async Task<RegistrySnapshot> ReadAsync(string dataDirectory)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, FileName),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();

        var certificates = await ReadAsync(connection, transaction,
            "SELECT hierarchy, serial_number, not_before, not_after, request_id, card_id, resident_id, der FROM issued_certificates ORDER BY id",
            r => new CertificateRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), OptionalGuid(r, 4), OptionalGuid(r, 5), OptionalGuid(r, 6),
                r.IsDBNull(7) ? null : (byte[])r.GetValue(7)));
        var revocations = await ReadAsync(connection, transaction, "SELECT hierarchy, serial_number, reason FROM revocations",
            r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        var cards = await ReadAsync(connection, transaction,
            "SELECT id, resident_id, state, signature_serial, authentication_serial, replaced_by FROM cards",
            r => new CardRow(Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), r.GetString(2), OptionalString(r, 3), OptionalString(r, 4), OptionalGuid(r, 5)));
        var residents = await ReadAsync(connection, transaction,
            "SELECT id, family_name, given_name, former_surname, address, birth_date, sex FROM residents",
            r => new ResidentRow(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), OptionalString(r, 3), r.GetString(4),
                DateOnly.Parse(r.GetString(5), CultureInfo.InvariantCulture), r.GetString(6)));
        var applications = await ReadAsync(connection, transaction, "SELECT id, resident_id, status, card_id, reason FROM card_applications",
            r => new ApplicationRow(Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), r.GetString(2), OptionalGuid(r, 3), r.GetString(4)));
        var intents = await ReadAsync(connection, transaction, "SELECT id, action, status, card_id FROM procedure_intents",
            r => new IntentRow(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), OptionalGuid(r, 3)));
        var fees = await ReadAsync(connection, transaction, "SELECT resident_id, card_id, amount_yen FROM fee_ledger",
            r => new FeeRow(Guid.Parse(r.GetString(0)), OptionalGuid(r, 1), r.GetInt32(2)));
        var endorsements = await ReadAsync(connection, transaction, "SELECT card_id, COUNT(*) FROM card_endorsements GROUP BY card_id",
            r => (Guid.Parse(r.GetString(0)), r.GetInt32(1)));
        var audit = await ReadAsync(connection, transaction,
            "SELECT action, subject_id, COUNT(*) FROM audit_entries WHERE subject_kind IN ('card', 'resident') GROUP BY action, subject_id",
            r => (r.GetString(0), r.GetString(1), r.GetInt32(2)));
        await transaction.CommitAsync();

        return new RegistrySnapshot
        {
            Certificates = certificates,
            Revocations = revocations.ToDictionary(r => (r.Item1, r.Item2), r => r.Item3),
            Cards = cards.ToDictionary(c => c.Id),
            Residents = residents.ToDictionary(r => r.Id),
            Applications = applications.ToDictionary(a => a.Id),
            Intents = intents,
            Fees = fees,
            Endorsements = endorsements.ToDictionary(e => e.Item1, e => e.Item2),
            AuditCounts = audit.ToDictionary(a => (a.Item1, a.Item2.ToLowerInvariant()), a => a.Item3),
        };
    }

    private static async Task<List<T>> ReadAsync<T>(SqliteConnection connection, SqliteTransaction transaction, string sql, Func<SqliteDataReader, T> map)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(map(reader));
        return rows;
    }

    private static Guid? OptionalGuid(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Guid.Parse(reader.GetString(ordinal));

    private static string? OptionalString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
