using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Registry.Residents;
using Myna.Storage.Protection;
using Myna.Storage.Registry;
using Myna.Storage.Settings;

namespace Myna.Storage;

// My Numbers at rest at startup: the keys, the conversion of a database of an earlier version, the key check.
public sealed partial class MynaDbContextFactory
{
    /// <summary>
    /// The table in which the migration <c>EncryptMyNumbers</c> leaves the plain numbers of an earlier version's
    /// rows (a migration cannot encrypt: the keys are not SQL's); <see cref="EncryptPlainMyNumbersAsync"/> empties
    /// and drops it.
    /// </summary>
    internal const string PlainMyNumbersTable = "my_numbers_to_encrypt";

    /// <summary>
    /// Where the migration <c>ProtectSecurityCodes</c> leaves the plain security codes of an earlier version's cards;
    /// <see cref="EncryptPlainSecurityCodesAsync"/> encrypts them and drops it.
    /// </summary>
    internal const string PlainSecurityCodesTable = "security_codes_to_encrypt";

    private const string KeyCheckPrefix = "my-number.key-check.";

    private static MyNumberProtector LoadMyNumberKeys(StorageOptions options)
    {
        if (options.MyNumberKeys is { } keys)
            return MyNumberProtector.FromOptions(keys);
        if (!string.IsNullOrWhiteSpace(options.MyNumberKeyFile))
            return MyNumberProtector.LoadOrCreate(options.MyNumberKeyFile);
        throw new InvalidOperationException(
            $"No My Number keys: set {StorageOptions.SectionName}:MyNumberKeys or {StorageOptions.SectionName}:MyNumberKeyFile, " +
            "or use StorageOptions.WithDefaults, which names the key file in the data directory (docs/storage.md).");
    }

    /// <summary>
    /// Encrypts and indexes the numbers an earlier version stored in plain text, in one transaction with dropping
    /// their table; then, on SQLite, rewrites the file so that the plain text is not left in its free pages.
    /// </summary>
    private async Task EncryptPlainMyNumbersAsync(MynaDbContext db, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(db, PlainMyNumbersTable, cancellationToken))
            return;
        var protector = db.MyNumbers;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var rows = await db.Database
                .SqlQueryRaw<PlainMyNumber>($"SELECT id AS \"Id\", my_number AS \"Digits\" FROM {PlainMyNumbersTable}")
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var number = MyNumber.Parse(row.Digits);
                if (!number.Success)
                    throw new InvalidOperationException($"The stored My Number of resident {row.Id:N} is not a valid My Number; nothing was converted.");
                var ciphertext = protector.Encrypt(number.Value, row.Id);
                var index = protector.BlindIndex(number.Value);
                await db.Set<Resident>().Where(r => r.Id == row.Id).ExecuteUpdateAsync(set => set
                    .SetProperty(r => EF.Property<byte[]>(r, MyNumberMapping.Ciphertext), ciphertext)
                    .SetProperty(r => EF.Property<byte[]>(r, MyNumberMapping.Index), index), cancellationToken);
            }
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE {PlainMyNumbersTable}", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await ForgetFreedPagesAsync(db, cancellationToken);
    }

    /// <summary>Encrypts the security codes an earlier version stored in plain text, as <see cref="EncryptPlainMyNumbersAsync"/> does the numbers.</summary>
    private async Task EncryptPlainSecurityCodesAsync(MynaDbContext db, CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(db, PlainSecurityCodesTable, cancellationToken))
            return;
        var protector = db.MyNumbers;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var rows = await db.Database
                .SqlQueryRaw<PlainSecurityCode>($"SELECT id AS \"Id\", security_code AS \"Code\" FROM {PlainSecurityCodesTable}")
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var ciphertext = protector.EncryptSecurityCode(row.Code, row.Id);
                await db.Set<Myna.Registry.Cards.CardRecord>().Where(c => c.Id == row.Id).ExecuteUpdateAsync(set => set
                    .SetProperty(c => EF.Property<byte[]>(c, MyNumberMapping.SecurityCodeCiphertext), ciphertext), cancellationToken);
            }
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE {PlainSecurityCodesTable}", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await ForgetFreedPagesAsync(db, cancellationToken);
    }

    /// <summary>
    /// Compares a check value of each configured key with the one stored at its first use (server_settings), storing
    /// the new ones: a start with another key file fails here, clearly, instead of finding no resident by number or
    /// failing at the first read.
    /// </summary>
    private static async Task CheckMyNumberKeysAsync(MynaDbContext db, CancellationToken cancellationToken)
    {
        var protector = db.MyNumbers;
        var expected = new Dictionary<string, (string Name, string Check)>
        {
            [KeyCheckPrefix + "index"] = ("index key", protector.KeyCheck(null)),
        };
        foreach (var id in protector.KeyIds)
            expected[KeyCheckPrefix + id] = ($"encryption key {id}", protector.KeyCheck(id));
        var stored = await db.Set<ServerSetting>().Where(s => s.Key.StartsWith(KeyCheckPrefix)).ToDictionaryAsync(s => s.Key, s => s.Value, cancellationToken);
        foreach (var (key, (name, check)) in expected)
        {
            if (!stored.TryGetValue(key, out var value))
                db.Add(new ServerSetting { Key = key, Value = check });
            else if (value != check)
                throw new MyNumberProtectionException(
                    $"The My Number {name} is not the one this database was written with: check {StorageOptions.SectionName}:MyNumberKeys " +
                    "or the key file (docs/storage.md). Nothing was changed.");
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> TableExistsAsync(MynaDbContext db, string table, CancellationToken cancellationToken)
    {
        var exists = Provider == StorageProvider.Sqlite
            ? $"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
            : $"SELECT COUNT(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'";
        return await db.Database.SqlQueryRaw<long>(exists).SingleAsync(cancellationToken) > 0;
    }

    // A dropped table's pages (and a dropped column's) still hold the plain values until they are reused: on SQLite,
    // VACUUM rewrites the file without them and the checkpoint empties the write-ahead log.
    private async Task ForgetFreedPagesAsync(MynaDbContext db, CancellationToken cancellationToken)
    {
        if (Provider != StorageProvider.Sqlite)
            return;
        await db.Database.ExecuteSqlRawAsync("VACUUM;", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
    }

    private sealed record PlainMyNumber(Guid Id, string Digits);

    private sealed record PlainSecurityCode(Guid Id, string Code);
}
