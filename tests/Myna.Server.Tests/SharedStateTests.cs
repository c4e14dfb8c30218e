using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Myna.Issuance;
using Myna.Server.Clock;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Coordination;
using Myna.Storage.Journal;
using Myna.Storage.Shared;
using Myna.Testing;
using Myna.Window;
using Myna.Window.Chips;

namespace Myna.Server.Tests;

/// <summary>
/// Two servers on one PostgreSQL database, each with a data directory of its own, as a deployment behind a reverse
/// proxy runs them: they share the keys, the cookies' keys, the chips and the sandbox clock.
/// </summary>
public sealed class SharedStateTests : IAsyncLifetime
{
    private PostgreSqlTestDatabase? _database;
    private readonly List<MynaServer> _servers = [];

    private readonly Dictionary<string, string?> _myNumberKeys = new()
    {
        ["Storage:MyNumberKeys:CurrentKeyId"] = "1",
        ["Storage:MyNumberKeys:EncryptionKeys:1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Storage:MyNumberKeys:IndexKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    private StorageOptions Storage => new() { Provider = StorageProvider.PostgreSql, ConnectionString = _database!.ConnectionString };

    public async Task InitializeAsync() => _database = await PostgreSqlTestDatabase.CreateAsync("myna_shared_state_test");

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
            await server.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    /// <summary>A server on the test's database whose data directory has none of the keys yet (a new host of the deployment).</summary>
    private MynaServer NewHost(IReadOnlyDictionary<string, string?>? settings = null, bool myNumberKeysConfigured = true)
    {
        // The My Number keys never travel through the database: the operator gives every server the same ones.
        var all = myNumberKeysConfigured ? new Dictionary<string, string?>(_myNumberKeys) : [];
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var server = new MynaServer(realClock: new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 30, 0, TimeSpan.Zero)),
            storage: Storage, settings: all);
        _servers.Add(server);
        // The test servers start from one key set; a new host of a deployment has none: the shared ones must reach it.
        foreach (var directory in new[] { "ca", "seals" })
        {
            var path = Path.Combine(server.DataDirectory, directory);
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        var keys = Path.Combine(server.DataDirectory, "keys");
        if (Directory.Exists(keys))
            Directory.Delete(keys, recursive: true);
        return server;
    }

    [Fact]
    public async Task TwoServers_GetTheSameKeys_TheSameAuthorities_AndOpenEachOthersCookies()
    {
        var first = NewHost();
        var firstIssuing = first.Services.GetRequiredService<IssuingSystem>();
        var second = NewHost();
        var secondIssuing = second.Services.GetRequiredService<IssuingSystem>();

        foreach (var file in new[] { "keys/chip-sealing.key", "keys/issuer.p8", "keys/card-data.p8", "keys/ca.passphrase", "keys/history-log.key" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(first.DataDirectory, file)),
                await File.ReadAllBytesAsync(Path.Combine(second.DataDirectory, file)));
        }
        Assert.Equal(firstIssuing.Authorities.Signature.Certificate.Thumbprint, secondIssuing.Authorities.Signature.Certificate.Thumbprint);
        Assert.Equal(firstIssuing.Authorities.Authentication.Certificate.Thumbprint, secondIssuing.Authorities.Authentication.Certificate.Thumbprint);
        Assert.Equal(CardImageKeeping.Database, second.Services.GetRequiredService<CardImages>().Keeping);

        // A session cookie the first server set opens the second's administration.
        using var signIn = first.TestServer.CreateClient();
        using var response = await signIn.PostAsJsonAsync("/api/session", new { userName = "admin", password = "admin-sandbox" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookie = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var other = second.TestServer.CreateClient();
        using (var anonymous = await other.GetAsync("/api/admin/clock"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/clock");
        request.Headers.Add("Cookie", cookie);
        using var answer = await other.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task TheKeyTable_HoldsNoKeyInTheClear_AndNeverTheMyNumberKeys()
    {
        var server = NewHost();
        _ = server.Services.GetRequiredService<IssuingSystem>();

        await using var db = server.Services.GetRequiredService<MynaDbContextFactory>().CreateDbContext();
        var rows = await db.KeyMaterial.AsNoTracking().ToListAsync();
        Assert.Contains(rows, r => r.Name == "keys/chip-sealing.key");
        Assert.Contains(rows, r => r.Name.StartsWith("ca/", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Name.StartsWith("data-protection/", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Name.Contains("my-number", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(rows, r => r.Name.EndsWith(".crl-number", StringComparison.Ordinal));
        foreach (var file in new[] { "keys/chip-sealing.key", "keys/ca.passphrase", "keys/issuer.p8" })
        {
            var plain = await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, file));
            Assert.DoesNotContain(rows, r => r.Sealed.AsSpan().IndexOf(plain.AsSpan(0, Math.Min(16, plain.Length))) >= 0);
        }
        // Without the key-encryption key nothing opens: another key finds the check row does not open.
        using var anotherKey = KeyEncryptionKey.Generate();
        var stranger = new KeyMaterialStore(server.Services.GetRequiredService<MynaDbContextFactory>(), anotherKey, TimeProvider.System);
        await Assert.ThrowsAsync<KeyEncryptionKeyMismatchException>(() => stranger.VerifyKeyAsync());
        await Assert.ThrowsAsync<KeyEncryptionKeyMismatchException>(() => stranger.ReadAllAsync());
    }

    [Fact]
    public void AServerWhoseMyNumberKeysAreOnlyItsKeyFile_SaysAtStartThatEveryServerNeedsTheSameKeys()
    {
        var server = NewHost(myNumberKeysConfigured: false);
        _ = server.Services.GetRequiredService<IssuingSystem>();

        var warning = Assert.Single(server.Log.Lines, l => l.Message.Contains("My Number keys come from the key file", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("Storage:MyNumberKeys", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AServerWithAnotherKeyEncryptionKey_RefusesToStart_SayingWhichSetting()
    {
        _ = NewHost().Services.GetRequiredService<IssuingSystem>();

        var stranger = NewHost(new Dictionary<string, string?>
        {
            ["Myna:KeyEncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });

        var refused = Assert.ThrowsAny<Exception>(() => stranger.Services);
        var mismatch = Unwrap<KeyEncryptionKeyMismatchException>(refused);
        Assert.Contains("Myna:KeyEncryptionKey", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSandboxClock_MovedOnOneServer_IsSeenByTheOther()
    {
        var first = NewHost(new Dictionary<string, string?> { ["Myna:SandboxClockRefresh"] = "00:00:01" });
        var second = NewHost(new Dictionary<string, string?> { ["Myna:SandboxClockRefresh"] = "00:00:01" });
        var secondClock = second.Services.GetRequiredService<SandboxClock>();
        using (var admin = await first.SignedInAsync("admin", "admin-sandbox"))
        {
            using var moved = await admin.PutAsJsonAsync("/api/admin/clock", new { date = "2030-03-31" });
            moved.EnsureSuccessStatusCode();
        }
        var offset = first.Services.GetRequiredService<SandboxClock>().Offset;

        // The second server's real clock is a fake: a second of it passes, and its clock reads the offset again.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (secondClock.Offset != offset && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            second.RealClock!.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }
        Assert.Equal(offset, secondClock.Offset);
        Assert.Single(await second.Services.GetRequiredService<AuditTrail>().ReadAsync(SandboxClock.AuditSubject));
    }

    [Fact]
    public async Task TheRecoveryOfAServerStartingBesideAnother_LeavesAProcedureRunningThereAlone_AndUndoesItOnceThatServerIsGone()
    {
        var running = NewHost();
        var contexts = running.Services.GetRequiredService<MynaDbContextFactory>();
        // A procedure in flight on the running server: its intent, written under its lease as the window's journal writes it.
        var intent = new ProcedureIntent
        {
            Id = Guid.NewGuid(), Action = "card.delivered", Status = ProcedureIntentStatus.Pending, StartedAt = DateTimeOffset.UtcNow,
        };
        var alive = await running.Services.GetRequiredService<WorkLeases>().TryTakeAsync(ProcedureIntent.LeaseName(intent.Id), CancellationToken.None);
        Assert.NotNull(alive);
        await using (var db = contexts.CreateDbContext())
        {
            db.ProcedureIntents.Add(intent);
            await db.SaveChangesAsync();
        }

        // A second server starts beside it (its start recovers) and recovers once more: the procedure is not its to settle.
        var starting = NewHost().Services.GetRequiredService<MunicipalWindow>();
        Assert.Equal(0, (await starting.RecoverAsync()).RolledBack);
        Assert.True(await IntentExistsAsync(contexts, intent.Id), "A server's start undid a procedure running in another server.");

        // The running server's lease ends, as it does when its process dies: now the procedure is abandoned, and undone.
        await alive.DisposeAsync();
        Assert.Equal(1, (await starting.RecoverAsync()).RolledBack);
        Assert.False(await IntentExistsAsync(contexts, intent.Id));
    }

    private static async Task<bool> IntentExistsAsync(MynaDbContextFactory contexts, Guid id)
    {
        await using var db = contexts.CreateDbContext();
        return await db.ProcedureIntents.AnyAsync(i => i.Id == id);
    }

    private static T Unwrap<T>(Exception e) where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T found)
                return found;
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Select(i => (Exception?)i).FirstOrDefault() is { } first)
                return Unwrap<T>(first);
        }
        throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} in {e}");
    }
}
