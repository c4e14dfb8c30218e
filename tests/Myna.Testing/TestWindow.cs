using Myna.Issuance;
using Myna.Pki.Revocation;
using Myna.Primitives.Hosting;
using Myna.Storage;
using Myna.Storage.Certificates;
using Myna.Window;
using Myna.Window.Procedures;

namespace Myna.Testing;

/// <summary>
/// A municipal window on a new data directory of the test key set — the database migrated (SQLite in the directory, or
/// the storage given), the certificate registry over it, the issuing system and the window's services — as the tests and
/// the benchmarks of the services above the window start from it.
/// </summary>
public sealed class TestWindow : IDisposable
{
    private TestWindow(MynaHome home, MynaDbContextFactory contexts, CertificateRegistry certificates, IssuingSystem issuing, TimeProvider clock)
    {
        Home = home;
        Contexts = contexts;
        Certificates = certificates;
        Issuing = issuing;
        Services = new WindowServices(contexts, issuing, certificates, clock);
        Window = new MunicipalWindow(Services);
    }

    public MynaHome Home { get; }

    public MynaDbContextFactory Contexts { get; }

    public CertificateRegistry Certificates { get; }

    public IssuingSystem Issuing { get; }

    public WindowServices Services { get; }

    public MunicipalWindow Window { get; }

    /// <summary>Opens a window on a new data directory under <paramref name="directory"/>.</summary>
    public static async Task<TestWindow> OpenAsync(string directory, TimeProvider clock, Func<MynaHome, StorageOptions>? storage = null)
    {
        var home = new MynaHome(TestKeySet.NewDataDirectoryIn(directory));
        var contexts = new MynaDbContextFactory(storage?.Invoke(home) ?? StorageOptions.Default(home));
        await contexts.MigrateAsync();
        var certificates = new CertificateRegistry(new EfCertificateRegistryStore(contexts));
        return new TestWindow(home, contexts, certificates, IssuingSystem.Open(home, clock, certificateLog: certificates), clock);
    }

    public void Dispose()
    {
        Issuing.Dispose();
        Contexts.ClearPool();
    }
}
