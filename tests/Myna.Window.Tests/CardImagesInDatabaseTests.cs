using Microsoft.EntityFrameworkCore;
using Myna.Card.Image;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;
using Myna.Storage;
using Myna.Testing;
using Myna.Window.Chips;
using Myna.Window.Procedures;

namespace Myna.Window.Tests;

/// <summary>The card procedures with the chips kept in the database (SQLite, the host's card locks).</summary>
public sealed class CardProceduresWithDatabaseImagesTests() : CardProcedureTests(new WindowHarness(CardImageKeeping.Database));

/// <summary>The moves with the chips kept in the database.</summary>
public sealed class MoveProceduresWithDatabaseImagesTests() : MoveProcedureTests(new WindowHarness(CardImageKeeping.Database));

/// <summary>
/// Chips kept in the database (<c>card_images</c>), as several servers on one database keep them: each test's window is
/// one server, and a second <see cref="DatabaseCardImages"/> on a factory and locks of its own plays another process.
/// </summary>
public abstract class CardImagesInDatabaseTests : IAsyncLifetime
{
    private static readonly Pin WrongAuthenticationPin = Pin.Parse(PinKind.UserAuthentication, "9999").Value;

    private WindowHarness? _harness;

    protected WindowHarness H => _harness ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The database of the test: null for SQLite in the data directory.</summary>
    protected abstract Task<Func<MynaHome, StorageOptions>?> CreateStorageAsync();

    protected virtual Task DropStorageAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _harness = new WindowHarness(CardImageKeeping.Database, await CreateStorageAsync());
        await _harness.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
            await _harness.DisposeAsync();
        await DropStorageAsync();
    }

    /// <summary>Another server on the same database: its own context factory, its own locks, the same sealing key.</summary>
    private (DatabaseCardImages Images, MynaDbContextFactory Contexts) AnotherServer(TimeSpan lockTimeout)
    {
        var contexts = new MynaDbContextFactory(H.Contexts.Options);
        return (new DatabaseCardImages(contexts, H.Issuing.SealingKey, H.Clock, LocksOf(contexts)) { LockTimeout = lockTimeout }, contexts);

        ICardLocks LocksOf(MynaDbContextFactory factory) => factory.Provider == StorageProvider.PostgreSql
            ? new DatabaseCardLocks(factory.ConnectionString)
            : new HostCardLocks(H.Issuing.Home);
    }

    [Fact]
    public async Task Delivery_WritesTheChipIntoTheDatabase_SealedAsACardFile_AndNoCardFile()
    {
        var card = await H.IssueCardAsync(await H.RegisterAsync());

        var row = await H.WithDbAsync(db => db.CardImages.AsNoTracking().SingleAsync(i => i.CardId == card.Id));
        Assert.Equal(0, row.Version);
        // Sealed: the bytes open with the installation's key only.
        using (var anotherKey = ChipSealingKey.Generate())
            Assert.Throws<CardImageException>(() => new OneImage(anotherKey, row.Image).Read());
        Assert.False(Directory.Exists(H.Issuing.Home.CardsDirectory)
            && Directory.EnumerateFiles(H.Issuing.Home.CardsDirectory, "*.card").Any());
        Assert.Equal(card.AuthenticationCertificate!.SerialNumber, H.ReadChip(card.Id, c =>
        {
            using var certificate = c.ReadAuthenticationCertificate();
            return certificate.SerialNumber;
        }));
        Assert.Equal(row.Image, await H.Window.CardImages.ReadSealedAsync(card.Id));
    }

    [Fact]
    public async Task ACardIssuedThroughOneServer_IsSuspendedThroughAnotherAtOnce_BeforeItsRegistryFollowed_L1()
    {
        // Another server, started before the card exists: its registry of certificates was loaded then, and nothing
        // here follows the database for it.
        var (images, contexts) = AnotherServer(TimeSpan.FromSeconds(5));
        var other = new MunicipalWindow(new WindowServices(contexts, H.Issuing, new CertificateRegistry(new Myna.Storage.Certificates.EfCertificateRegistryStore(contexts)), H.Clock)
        {
            CardImages = images,
        });
        var card = await H.IssueCardAsync(await H.RegisterAsync());

        var suspended = await other.SuspendCardAsync(card.Id, WindowHarness.Staff);

        Assert.True(suspended.Succeeded, suspended.Refusal?.ToString());
        var revoked = await H.WithDbAsync(db => db.Revocations.Select(r => r.SerialNumber).ToListAsync());
        Assert.Contains(card.AuthenticationCertificate!.SerialNumber, revoked, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(card.SignatureCertificate!.SerialNumber, revoked, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CardFilesOfBefore_AreTakenIntoTheDatabase_AtTheStart()
    {
        // The same window with its chips in card files, as before the move to the database.
        var files = new MunicipalWindow(new WindowServices(H.Contexts, H.Issuing, H.Certificates, H.Clock));
        var application = (await files.ApplyForCardAsync(new CardApplicationForm((await H.RegisterAsync()).Id), WindowHarness.Staff)).Value;
        var card = (await files.DeliverCardAsync(application.Id, WindowHarness.Pins, WindowHarness.Staff)).Value;
        Assert.False(await H.Window.CardImages.ExistsAsync(card.Id));

        await H.Window.RecoverAsync();

        Assert.Equal(await File.ReadAllBytesAsync(H.Issuing.Home.CardPath(card.Id)), await H.Window.CardImages.ReadSealedAsync(card.Id));
        Assert.Equal(card.AuthenticationCertificate!.SerialNumber, H.ReadChip(card.Id, c =>
        {
            using var certificate = c.ReadAuthenticationCertificate();
            return certificate.SerialNumber;
        }));
        // Once: a second start finds the image there.
        await H.Window.RecoverAsync();
        Assert.Equal(0, await H.WithDbAsync(db => db.CardImages.Where(i => i.CardId == card.Id).Select(i => i.Version).SingleAsync()));
    }

    [Fact]
    public async Task AWrongPin_IsCommittedBeforeTheChipAnswers_SoAnotherServerFindsItCounted_P3()
    {
        var card = await H.IssueCardAsync(await H.RegisterAsync());

        var first = H.ReadChip(card.Id, c => c.VerifyPin(WrongAuthenticationPin));
        Assert.Equal(2, first.TriesLeft);

        var (other, contexts) = AnotherServer(TimeSpan.FromSeconds(5));
        using (var chip = other.OpenChip(card.Id))
        {
            var second = new MynaCardClient(new EmulatorTransport(chip)).VerifyPin(WrongAuthenticationPin);
            Assert.Equal(1, second.TriesLeft);
        }
        // Each counted try was a committed write of the row (at least one each).
        Assert.True(await H.WithDbAsync(db => db.CardImages.Where(i => i.CardId == card.Id).Select(i => i.Version).SingleAsync()) >= 4);
        contexts.ClearPool();
    }

    [Fact]
    public async Task TwoServers_OneCard_TheSecondIsToldTheCardIsElsewhere_UntilTheFirstLetsGo()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        var (other, contexts) = AnotherServer(TimeSpan.FromMilliseconds(300));
        var otherWindow = new MunicipalWindow(new WindowServices(contexts, H.Issuing, H.Certificates, H.Clock) { CardImages = other });

        using (H.Window.OpenCardChip(card.Id))
        {
            Assert.Throws<CardFileInUseException>(() => other.OpenChip(card.Id));
            var refused = await otherWindow.ResetPinAsync(card.Id, PinKind.UserAuthentication, "5678", WindowHarness.Staff);
            Assert.Equal(RefusalKind.CardElsewhere, refused.Refusal?.Kind);
        }

        Assert.True((await otherWindow.ResetPinAsync(card.Id, PinKind.UserAuthentication, "5678", WindowHarness.Staff)).Succeeded);
        var verified = H.ReadChip(card.Id, c => c.VerifyPin(Pin.Parse(PinKind.UserAuthentication, "5678").Value));
        Assert.Equal(PinVerificationOutcome.Verified, verified.Outcome);
        contexts.ClearPool();
    }

    [Fact]
    public async Task TheHoldersReader_KeepsTheCard_AnotherOpenerHereIsRefusedAtOnce()
    {
        var card = await H.IssueCardAsync(await H.RegisterAsync());

        using (H.Window.OpenCardChipForHoldersReader(card.Id))
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var inUse = Assert.Throws<CardFileInUseException>(() => H.Window.OpenCardChip(card.Id));
            Assert.Equal(CardFileHolder.HoldersReader, inUse.Holder);
            Assert.True(started.Elapsed < CardFileLock.DefaultTimeout, "refused at once, not after the wait");
        }
        using (H.Window.OpenCardChip(card.Id))
        {
        }
    }

    [Fact]
    public async Task AnAddressChange_FailingBeforeItsCommit_LeavesTheStoredChipAsItWas_M1()
    {
        var resident = await H.RegisterAsync();
        var card = await H.IssueCardAsync(resident);
        var before = await H.Window.CardImages.ReadSealedAsync(card.Id);
        var failing = H.WithFaults(p =>
        {
            if (p == CrashPoints.ChipStaged)
                throw new IOException("injected");
        });

        await Assert.ThrowsAsync<IOException>(() => failing.ChangeAddressAsync(resident.Id, "福島県郡山市堂前町１番１号", "NEWPIN1", WindowHarness.Staff));

        Assert.Equal(before, await H.Window.CardImages.ReadSealedAsync(card.Id));
        Assert.Equal(CertificateStatusKind.Good, H.StatusOf(card.SignatureCertificate!).Kind);
        Assert.Empty(await H.WithDbAsync(db => db.ProcedureIntents.ToListAsync()));

        // The same change, done: the chip row moves on with the records, in one transaction, and nothing is left to place.
        Assert.True((await H.Window.ChangeAddressAsync(resident.Id, "福島県郡山市堂前町１番１号", "NEWPIN1", WindowHarness.Staff)).Succeeded);
        Assert.NotEqual(before, await H.Window.CardImages.ReadSealedAsync(card.Id));
        Assert.Equal(CertificateStatusKind.Revoked, H.StatusOf(card.SignatureCertificate!).Kind);
        Assert.Empty(await H.WithDbAsync(db => db.ProcedureIntents.ToListAsync()));
        Assert.Equal(0, (await H.Window.RecoverAsync()).Completed);
    }

    // A sealed image held in memory, opened as any store opens one.
    private sealed class OneImage(ChipSealingKey key, byte[] image) : SealedCardImageStore(key, TimeProvider.System)
    {
        public override bool Exists => true;

        protected override byte[] ReadSealed() => image;

        protected override void WriteSealed(byte[] sealedImage) => throw new NotSupportedException();
    }
}

public sealed class SqliteCardImagesInDatabaseTests : CardImagesInDatabaseTests
{
    protected override Task<Func<MynaHome, StorageOptions>?> CreateStorageAsync() => Task.FromResult<Func<MynaHome, StorageOptions>?>(null);
}

public sealed class PostgreSqlCardImagesInDatabaseTests : CardImagesInDatabaseTests
{
    private PostgreSqlTestDatabase? _database;

    protected override async Task<Func<MynaHome, StorageOptions>?> CreateStorageAsync()
    {
        _database = await PostgreSqlTestDatabase.CreateAsync("myna_card_images_test");
        var connectionString = _database.ConnectionString;
        return home => new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString }.WithDefaults(home);
    }

    protected override async Task DropStorageAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
