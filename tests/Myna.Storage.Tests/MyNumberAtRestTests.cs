using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Myna.Primitives;
using Myna.Registry.Municipalities;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Storage.Protection;

namespace Myna.Storage.Tests;

/// <summary>My Numbers at rest (docs/storage.md): encrypted in the row, found and kept unique by a blind index.</summary>
public abstract partial class MyNumberAtRestTests(StorageFixture storage)
{
    internal static MyNumber NewNumber() => MyNumber.FromFirstElevenDigits(
        string.Concat(Enumerable.Range(0, 11).Select(_ => (char)('0' + Random.Shared.Next(10)))));

    internal static Resident NewResident(MyNumber number) => new(
        Guid.NewGuid(), Municipality.Koriyama().Code, ResidentRecordCode.NewRandom(), number,
        new PersonName("番号", "花子", "バンゴウ", "ハナコ"), new DateOnly(1990, 2, 28), Sex.Female, "福島県郡山市朝日一丁目２３番７号", new DateOnly(1990, 2, 28));

    internal static async Task<Resident> SaveNewResidentAsync(MynaDbContextFactory contexts, MyNumber? number = null)
    {
        await using var db = contexts.CreateDbContext();
        if (await db.Set<Municipality>().FindAsync(Municipality.Koriyama().Code) is null)
            db.Add(Municipality.Koriyama());
        var resident = NewResident(number ?? NewNumber());
        db.Add(resident);
        await db.SaveChangesAsync();
        return resident;
    }

    /// <summary>Every value of the resident's row, as the database gives it (no EF mapping in between).</summary>
    private Task<Dictionary<string, object>> RawRowAsync(MynaDbContextFactory contexts, Guid id) => RawRowAsync(contexts, "residents", id);

    /// <summary>Every value of the card's row, as the database gives it.</summary>
    private Task<Dictionary<string, object>> RawCardRowAsync(MynaDbContextFactory contexts, Guid id) => RawRowAsync(contexts, "cards", id);

    private async Task<Dictionary<string, object>> RawRowAsync(MynaDbContextFactory contexts, string table, Guid id)
    {
        await using var db = contexts.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} WHERE id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        // As EF writes a Guid on this provider (SQLite: upper-case text).
        parameter.Value = storage.Provider == StorageProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;
        command.Parameters.Add(parameter);
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"The row of {table} was not found by raw SQL.");
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue);
    }

    [Fact]
    public async Task RawRow_HoldsNoTwelveDigitRun_NorTheNumber()
    {
        var resident = await SaveNewResidentAsync(storage.Contexts);
        var row = await RawRowAsync(storage.Contexts, resident.Id);

        Assert.DoesNotContain("my_number", row.Keys);
        var ciphertext = Assert.IsType<byte[]>(row["my_number_ciphertext"]);
        Assert.Equal(MyNumberProtector.CiphertextLength, ciphertext.Length);
        Assert.Equal(MyNumberProtector.IndexLength, Assert.IsType<byte[]>(row["my_number_index"]).Length);
        var digits = resident.MyNumber.Reveal();
        // The id is a random GUID, whose last group is all digits about once in 280 rows: a run of 12 digits there is
        // chance, not a My Number (the number itself is looked for in every column below).
        Assert.DoesNotContain(digits, Convert.ToString(row["id"], System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal);
        foreach (var (column, value) in row.Where(c => c.Key != "id"))
        {
            // Bytes as Latin-1 (one character per byte, so ASCII digits show as digits), anything else as text.
            var text = value is byte[] bytes
                ? Encoding.Latin1.GetString(bytes)
                : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            Assert.False(TwelveDigits().IsMatch(text), $"Column {column} holds a run of 12 digits."); // the message names the column, not the value
            Assert.DoesNotContain(digits, text, StringComparison.Ordinal);
            if (value is byte[] binary)
                Assert.DoesNotContain(digits, Convert.ToHexString(binary), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SearchByExactNumber_FindsTheResident_AndNoOther()
    {
        var resident = await SaveNewResidentAsync(storage.Contexts);
        await SaveNewResidentAsync(storage.Contexts);

        await using var db = Restart.Reopen(storage.Contexts).CreateDbContext();
        var found = await db.ResidentsWithMyNumber(resident.MyNumber).ToListAsync();
        Assert.Equal(resident.Id, Assert.Single(found).Id);
        Assert.Equal(resident.MyNumber, found[0].MyNumber);
        Assert.Empty(await db.ResidentsWithMyNumber(NewNumber()).ToListAsync());
        // The number is not a column: a query comparing it cannot run (it could only match nothing).
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => db.Set<Resident>().Where(r => r.MyNumber == resident.MyNumber).ToListAsync());
    }

    [Fact]
    public async Task DuplicateNumber_FromAnotherUnitOfWork_IsRefusedByTheDatabase()
    {
        var first = await SaveNewResidentAsync(storage.Contexts);
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => SaveNewResidentAsync(storage.Contexts, first.MyNumber));
        Assert.DoesNotContain(first.MyNumber.Reveal(), error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKeys_FailClearly_WithoutTheNumber()
    {
        var resident = await SaveNewResidentAsync(storage.Contexts);
        var wrong = new MynaDbContextFactory(new StorageOptions
        {
            Provider = storage.Provider, ConnectionString = storage.Contexts.ConnectionString, MyNumberKeys = MyNumberProtector.GenerateKeys(),
        });

        var atStart = await Assert.ThrowsAsync<MyNumberProtectionException>(() => wrong.MigrateAsync());
        Assert.Contains("not the one this database was written with", atStart.Message, StringComparison.Ordinal);

        await using var db = wrong.CreateDbContext();
        var onRead = await Assert.ThrowsAsync<MyNumberProtectionException>(() => db.Set<Resident>().SingleAsync(r => r.Id == resident.Id));
        Assert.Contains("could not be decrypted with key 1", onRead.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(resident.MyNumber.Reveal(), onRead.ToString(), StringComparison.Ordinal);
        Assert.DoesNotMatch(TwelveDigits(), onRead.Message);
    }

    [Fact]
    public async Task RotatedKey_ReadsOldRows_AndRewritesThemUnderTheNewKey()
    {
        var resident = await SaveNewResidentAsync(storage.Contexts);
        var rotated = new MyNumberKeyOptions
        {
            CurrentKeyId = 2,
            EncryptionKeys = new(storage.Keys.EncryptionKeys) { ["2"] = MyNumberProtector.GenerateKeys().EncryptionKeys["1"] },
            IndexKey = storage.Keys.IndexKey,
        };
        var contexts = new MynaDbContextFactory(new StorageOptions
        {
            Provider = storage.Provider, ConnectionString = storage.Contexts.ConnectionString, MyNumberKeys = rotated,
        });
        await contexts.MigrateAsync();

        await using (var db = contexts.CreateDbContext())
        {
            var back = await db.ResidentsWithMyNumber(resident.MyNumber).SingleAsync();
            Assert.Equal(resident.MyNumber, back.MyNumber);
            Assert.Equal(1, ((byte[])(await RawRowAsync(contexts, resident.Id))["my_number_ciphertext"])[0]);
            back.SetAdultWard(true);
            await db.SaveChangesAsync();
        }
        Assert.Equal(2, ((byte[])(await RawRowAsync(contexts, resident.Id))["my_number_ciphertext"])[0]);
        await using (var db = contexts.CreateDbContext())
            Assert.Equal(resident.MyNumber, (await db.Set<Resident>().SingleAsync(r => r.Id == resident.Id)).MyNumber);
    }

    [Fact]
    public async Task SecurityCode_IsStoredEncrypted_AndReadBack()
    {
        var card = await SaveNewCardAsync(storage.Contexts, "8642");
        var row = await RawCardRowAsync(storage.Contexts, card.Id);
        Assert.DoesNotContain("security_code", row.Keys);
        var ciphertext = Assert.IsType<byte[]>(row["security_code_ciphertext"]);
        Assert.Equal(MyNumberProtector.SecurityCodeCiphertextLength, ciphertext.Length);
        Assert.DoesNotContain("8642", Encoding.Latin1.GetString(ciphertext), StringComparison.Ordinal);
        await using var db = storage.Contexts.CreateDbContext();
        Assert.Equal("8642", (await db.Set<CardRecord>().SingleAsync(c => c.Id == card.Id)).SecurityCode);
    }

    [Fact]
    public async Task SecurityCodesOfTheEarlierVersion_AreEncryptedOnStart()
    {
        var contexts = await storage.CreateEmptyDatabaseAsync();
        await contexts.MigrateAsync();
        var card = await SaveNewCardAsync(contexts, "1357");
        await using (var db = contexts.CreateDbContext())
        {
            // What the migration leaves of an earlier version's card: its plain code in the conversion table, no ciphertext.
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE security_codes_to_encrypt AS SELECT id, '2468' AS security_code FROM cards");
            await db.Database.ExecuteSqlRawAsync("UPDATE cards SET security_code_ciphertext = @empty",
                storage.Provider == StorageProvider.Sqlite ? new Microsoft.Data.Sqlite.SqliteParameter("@empty", Array.Empty<byte>()) : new Npgsql.NpgsqlParameter("@empty", Array.Empty<byte>()));
        }

        await contexts.MigrateAsync();

        await using (var db = contexts.CreateDbContext())
            Assert.Equal("2468", (await db.Set<CardRecord>().SingleAsync(c => c.Id == card.Id)).SecurityCode);
        var row = await RawCardRowAsync(contexts, card.Id);
        Assert.Equal(MyNumberProtector.SecurityCodeCiphertextLength, ((byte[])row["security_code_ciphertext"]).Length);
        await using (var db = contexts.CreateDbContext())
        {
            var plainTable = storage.Provider == StorageProvider.Sqlite
                ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'security_codes_to_encrypt'"
                : "SELECT COUNT(*) AS \"Value\" FROM information_schema.tables WHERE table_name = 'security_codes_to_encrypt'";
            Assert.Equal(0L, await db.Database.SqlQueryRaw<long>(plainTable).SingleAsync());
        }
        contexts.ClearPool();
    }

    private static async Task<CardRecord> SaveNewCardAsync(MynaDbContextFactory contexts, string securityCode)
    {
        var resident = await SaveNewResidentAsync(contexts);
        var card = new CardRecord(Guid.NewGuid(), resident.Id, string.Concat(Enumerable.Range(0, 16).Select(_ => System.Security.Cryptography.RandomNumberGenerator.GetInt32(10))),
            resident.Municipality, new DateOnly(2026, 4, 1), new DateOnly(2036, 5, 10), securityCode, [1, 2, 3]);
        await using var db = contexts.CreateDbContext();
        db.Add(card);
        await db.SaveChangesAsync();
        return card;
    }

    [Fact]
    public async Task DatabaseOfTheEarlierVersion_IsEncryptedOnStart_AndItsResidentsFoundByNumber()
    {
        var contexts = await storage.CreateEmptyDatabaseAsync();
        var number = NewNumber();
        var id = Guid.NewGuid();
        await using (var db = contexts.CreateDbContext())
        {
            // The schema and a row as the previous version left them: the number in plain text.
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_EncryptMyNumbers", StringComparison.Ordinal)) - 1]);
            var digits = number.Reveal();
            var recordCode = ResidentRecordCode.NewRandom().Value;
            var born = new DateOnly(1985, 7, 1);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO municipalities (code, prefecture, name, prefecture_romaji, name_romaji) VALUES ('072036', '福島県', '郡山市', 'Fukushima-ken', 'Koriyama-shi')");
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO residents (id, municipality, record_code, my_number, birth_date, sex, address, is_adult_ward, has_support_measure,
                                       registered_on, status, family_name, family_name_kana, given_name, given_name_kana)
                VALUES ({id}, '072036', {recordCode}, {digits}, {born}, 'Male', '福島県郡山市1', {false}, {false},
                        {born}, 'Registered', '旧版', 'キュウハン', '太郎', 'タロウ')
                """);
        }

        await contexts.MigrateAsync();

        await using (var db = contexts.CreateDbContext())
        {
            var back = await db.ResidentsWithMyNumber(number).SingleAsync();
            Assert.Equal(id, back.Id);
            Assert.Equal(number, back.MyNumber);
            Assert.Equal("旧版", back.Name.FamilyName);
        }
        var row = await RawRowAsync(contexts, id);
        Assert.DoesNotContain("my_number", row.Keys);
        Assert.DoesNotContain(number.Reveal(), Encoding.Latin1.GetString((byte[])row["my_number_ciphertext"]), StringComparison.Ordinal);
        await using (var db = contexts.CreateDbContext())
        {
            // The table that held the plain numbers for the conversion is gone.
            var plainTable = storage.Provider == StorageProvider.Sqlite
                ? "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'my_numbers_to_encrypt'"
                : "SELECT COUNT(*) AS \"Value\" FROM information_schema.tables WHERE table_name = 'my_numbers_to_encrypt'";
            Assert.Equal(0L, await db.Database.SqlQueryRaw<long>(plainTable).SingleAsync());
        }
        if (storage.Provider == StorageProvider.Sqlite)
        {
            // Not in the file's free pages either (VACUUM after the conversion).
            contexts.ClearPool();
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(contexts.ConnectionString).DataSource;
            foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
                Assert.DoesNotContain(number.Reveal(), Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path)), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A reading context (no My Number interceptor, for hot reads) reads a resident's columns but never a resident: a query
    /// that would materialise one, or a card, fails rather than give it without its number, and it saves nothing.
    /// </summary>
    [Fact]
    public async Task ReadingContext_ReadsColumns_ButNoResidentOrCard_AndSavesNothing()
    {
        var resident = await SaveNewResidentAsync(storage.Contexts);
        await using var db = storage.Contexts.CreateReadingContext();

        Assert.Equal(resident.BirthDate, await db.Set<Resident>().Where(r => r.Id == resident.Id).Select(r => r.BirthDate).SingleAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Set<Resident>().AsNoTracking().SingleAsync(r => r.Id == resident.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Set<CardRecord>().AsNoTracking().FirstOrDefaultAsync());
        db.Add(NewResident(NewNumber()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [GeneratedRegex("[0-9]{12}")]
    private static partial Regex TwelveDigits();
}

public sealed class SqliteMyNumberAtRestTests(SqliteStorage storage) : MyNumberAtRestTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlMyNumberAtRestTests(PostgreSqlStorage storage) : MyNumberAtRestTests(storage), IClassFixture<PostgreSqlStorage>;
