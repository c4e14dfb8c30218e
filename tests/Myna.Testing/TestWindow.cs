using Myna.Issuance;
using Myna.Pki.Revocation;
using Myna.Primitives.Hosting;
using Myna.Storage;
using Myna.Storage.Certificates;
using Myna.Window;
using Myna.Window.Procedures;
using Myna.Window.Chips;

namespace Myna.Testing;

/// <summary>
/// A municipal window on a new data directory of the test key set — the database migrated (SQLite in the directory, or
/// the storage given), the certificate registry over it, the issuing system and the window's services — as the tests and
/// the benchmarks of the services above the window start from it.
/// </summary>
public sealed class TestWindow : IDisposable
{
    private TestWindow(MynaHome home, MynaDbContextFactory contexts, CertificateRegistry certificates, IssuingSystem issuing, TimeProvider clock,
        CardImageKeeping keeping)
    {
        Home = home;
        Contexts = contexts;
        Certificates = certificates;
        Issuing = issuing;
        Services = new WindowServices(contexts, issuing, certificates, clock) { CardImages = CardImagesFor(keeping, contexts, issuing, clock) };
        Window = new MunicipalWindow(Services);
    }

    public MynaHome Home { get; }

    public MynaDbContextFactory Contexts { get; }

    public CertificateRegistry Certificates { get; }

    public IssuingSystem Issuing { get; }

    public WindowServices Services { get; }

    public MunicipalWindow Window { get; }

    /// <summary>
    /// The chips kept as <paramref name="keeping"/> says, as the server keeps them: in the database with PostgreSQL's
    /// advisory locks, or with the host's card file locks on SQLite.
    /// </summary>
    public static CardImages CardImagesFor(CardImageKeeping keeping, MynaDbContextFactory contexts, IssuingSystem issuing, TimeProvider clock) =>
        keeping == CardImageKeeping.Files
            ? new CardFiles(issuing)
            : new DatabaseCardImages(contexts, issuing.SealingKey, clock, contexts.Provider == StorageProvider.PostgreSql
                ? new DatabaseCardLocks(contexts.ConnectionString)
                : new HostCardLocks(issuing.Home));

    /// <summary>Opens a window on a new data directory under <paramref name="directory"/>, its chips kept as <paramref name="keeping"/> says.</summary>
    public static async Task<TestWindow> OpenAsync(string directory, TimeProvider clock, Func<MynaHome, StorageOptions>? storage = null,
        CardImageKeeping keeping = CardImageKeeping.Files)
    {
        var home = new MynaHome(TestKeySet.NewDataDirectoryIn(directory));
        var contexts = new MynaDbContextFactory(storage?.Invoke(home) ?? StorageOptions.Default(home));
        await contexts.MigrateAsync();
        var certificates = new CertificateRegistry(new EfCertificateRegistryStore(contexts));
        return new TestWindow(home, contexts, certificates, IssuingSystem.Open(home, clock, certificateLog: certificates), clock, keeping);
    }

    public void Dispose()
    {
        Issuing.Dispose();
        Contexts.ClearPool();
    }
}
