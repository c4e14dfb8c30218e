using System.Runtime.InteropServices;
using Myna.Pki.Keys;
using Myna.Testing.Tools;

namespace Myna.Pki.Tests.Pkcs11;

/// <summary>
/// SoftHSM2 for the PKCS#11 tests. Uses <c>SOFTHSM2_CONF</c> when the test process has it (see
/// <c>scripts/softhsm-env.sh</c>); otherwise writes its own configuration with a fresh token directory and
/// puts it into the native environment with libc <c>setenv</c>, before any test loads the module
/// (<see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach native <c>getenv</c>).
/// Each test gets its own token, so runs never see each other's keys. Without the <c>softhsm2</c> package
/// every test in the collection fails with an install hint; none is skipped.
/// </summary>
public sealed class SoftHsmFixture : IDisposable
{
    public const string SoPin = "87654321";
    public const string UserPin = "123456";

    private readonly string? _ownDirectory;

    public SoftHsmFixture()
    {
        if (!File.Exists(Pkcs11CaKeyStoreOptions.SoftHsm2LibraryPath))
        {
            throw new InvalidOperationException(
                $"SoftHSM2 is not installed ({Pkcs11CaKeyStoreOptions.SoftHsm2LibraryPath} is missing): apt-get install softhsm2.");
        }
        var configured = Environment.GetEnvironmentVariable("SOFTHSM2_CONF");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            ConfigurationPath = configured;
            return;
        }
        _ownDirectory = Directory.CreateTempSubdirectory("myna-softhsm-").FullName;
        var tokens = Directory.CreateDirectory(Path.Combine(_ownDirectory, "tokens")).FullName;
        ConfigurationPath = Path.Combine(_ownDirectory, "softhsm2.conf");
        File.WriteAllText(ConfigurationPath,
            $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        if (SetEnv("SOFTHSM2_CONF", ConfigurationPath, 1) != 0)
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed.");
    }

    /// <summary>The softhsm2.conf the module reads.</summary>
    public string ConfigurationPath { get; }

    /// <summary>
    /// Initialises a new token with a unique label and returns options for it. Call it while no store is
    /// open: SoftHSM2 lists the tokens when the module is initialised.
    /// </summary>
    public Pkcs11CaKeyStoreOptions NewToken()
    {
        var label = "myna-" + Guid.NewGuid().ToString("N")[..16];
        ExternalTool.Run("softhsm2-util", ["--init-token", "--free", "--label", label, "--so-pin", SoPin, "--pin", UserPin],
            environment: new Dictionary<string, string> { ["SOFTHSM2_CONF"] = ConfigurationPath }).EnsureSuccess();
        return new Pkcs11CaKeyStoreOptions { TokenLabel = label, UserPin = UserPin };
    }

    public void Dispose()
    {
        if (_ownDirectory is not null)
            Directory.Delete(_ownDirectory, recursive: true);
    }

    [DllImport("libc.so.6", EntryPoint = "setenv")]
    private static extern int SetEnv(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}

/// <summary>The PKCS#11 tests share one module in the process, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsmFixture>
{
    public const string Name = "SoftHSM2";
}
