using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Myna.Storage.Eligibility;
using Myna.Storage.PlainRows;

namespace Myna.Storage.Tests;

/// <summary>
/// A query tagged <see cref="KeptStatements.Tag"/> keeps its SQLite statement prepared on the connection (one statement,
/// however often it runs) and answers exactly as the same query untagged, with each execution's own parameters, inside a
/// transaction too, and again after its connection was closed.
/// </summary>
public sealed class KeptStatementsTests(SqliteStorage storage) : IClassFixture<SqliteStorage>
{
    private static readonly string[] Codes = ["0711111111", "0712222222", "0743333333"];

    [Fact]
    public async Task ATaggedQuery_KeepsOneStatementOnItsConnection_AndAnswersWithEachExecutionsParameters()
    {
        var contexts = await SeededAsync();
        await using var db = contexts.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        // SQLitePCL lists a connection's statements only when asked to before they are prepared.
        connection.Handle!.enable_sqlite3_next_stmt(true);

        for (var round = 0; round < 3; round++)
        {
            foreach (var code in Codes)
            {
                var tagged = await NameAsync(db, code, tagged: true);
                Assert.Equal(await NameAsync(db, code, tagged: false), tagged);
                Assert.Equal("医院" + code, tagged);
            }
            Assert.Null(await NameAsync(db, "0719999999", tagged: true));
        }
        // The untagged query's statement went with EF's command; the tagged one's stays, one for all its executions.
        Assert.Equal(1, KeptStatementsOn(connection));
    }

    [Fact]
    public async Task ATaggedQuery_BindsItsParametersAsEfDoes_AGuidAsText()
    {
        var contexts = await SeededAsync();
        await using var db = contexts.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        var ids = await db.Set<MedicalInstitution>().AsNoTracking().Select(i => i.Id).ToListAsync();
        Assert.Equal(Codes.Length, ids.Count);
        foreach (var id in ids.Append(Guid.NewGuid()))
        {
            var untagged = await db.Set<MedicalInstitution>().AsNoTracking().Where(i => i.Id == id).Select(i => i.Code).SingleOrDefaultAsync();
            var tagged = await db.Set<MedicalInstitution>().AsNoTracking().TagWith(KeptStatements.Tag).Where(i => i.Id == id).Select(i => i.Code).SingleOrDefaultAsync();
            Assert.Equal(untagged, tagged);
        }
    }

    [Fact]
    public async Task ATaggedQuery_InATransaction_SeesTheTransactionsOwnRows()
    {
        var contexts = await SeededAsync();
        await using var db = contexts.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        Assert.Equal("医院" + Codes[0], await NameAsync(db, Codes[0], tagged: true));

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Add(new MedicalInstitution { Id = Guid.NewGuid(), Code = "0718888888", Name = "未確定医院", Kind = InstitutionKind.Clinic });
            await db.SaveChangesAsync();
            Assert.Equal("未確定医院", await NameAsync(db, "0718888888", tagged: true));
            await transaction.RollbackAsync();
        }
        Assert.Null(await NameAsync(db, "0718888888", tagged: true));
    }

    [Fact]
    public async Task ATaggedQuery_AfterItsConnectionWasClosed_IsPreparedAgain_AndRunsSynchronouslyToo()
    {
        var contexts = await SeededAsync();
        await using var db = contexts.CreateDbContext();
        for (var i = 0; i < 2; i++)
        {
            // EF opens and closes the connection around each query here.
            foreach (var code in Codes)
                Assert.Equal("医院" + code, await NameAsync(db, code, tagged: true));
        }
        // And synchronously, on a connection the context keeps open.
        await db.Database.OpenConnectionAsync();
        foreach (var code in Codes)
            Assert.Equal("医院" + code, db.Set<MedicalInstitution>().TagWith(KeptStatements.Tag).Where(i => i.Code == code).Select(i => i.Name).Single());
    }

    private async Task<MynaDbContextFactory> SeededAsync()
    {
        var contexts = await storage.CreateEmptyDatabaseAsync();
        await contexts.MigrateAsync();
        await using var db = contexts.CreateDbContext();
        foreach (var code in Codes)
            db.Add(new MedicalInstitution { Id = Guid.NewGuid(), Code = code, Name = "医院" + code, Kind = InstitutionKind.Clinic });
        await db.SaveChangesAsync();
        return contexts;
    }

    private static Task<string?> NameAsync(MynaDbContext db, string code, bool tagged)
    {
        var institutions = db.Set<MedicalInstitution>().AsNoTracking();
        if (tagged)
            institutions = institutions.TagWith(KeptStatements.Tag);
        return institutions.Where(i => i.Code == code).Select(i => i.Name).SingleOrDefaultAsync();
    }

    /// <summary>The statements prepared on the connection whose SQL starts with the tag's comment (SQLite's own list).</summary>
    private static int KeptStatementsOn(SqliteConnection connection)
    {
        var count = 0;
        for (var statement = SQLitePCL.raw.sqlite3_next_stmt(connection.Handle, null); statement is not null && !statement.IsInvalid;
             statement = SQLitePCL.raw.sqlite3_next_stmt(connection.Handle, statement))
        {
            if (SQLitePCL.raw.sqlite3_sql(statement).utf8_to_string().StartsWith("-- " + KeptStatements.Tag, StringComparison.Ordinal))
                count++;
        }
        return count;
    }
}
