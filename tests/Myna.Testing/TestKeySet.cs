using Microsoft.Extensions.Time.Testing;
using Myna.Issuance;
using Myna.Primitives.Hosting;
using Myna.Pki;

namespace Myna.Testing;

/// <summary>
/// One installation's keys and authorities for a whole test run: made once per test process, at a low key-derivation
/// cost, and copied into every data directory a test creates, so that a test server or window starts without
/// generating five RSA keys and running PBKDF2 at production cost.
/// </summary>
/// <remarks>
/// The copy is what a data directory holds after its first start: <c>keys/</c> (chip sealing, issuer and card-data keys,
/// the authorities' passphrase) and <c>ca/</c> (the two CAs' encrypted keys, at <see cref="KeyFileIterations"/>, and their
/// certificates). The CA certificates are valid for every day a sandbox clock can show (2000 to 2099, and for the cards
/// issued then), exactly as a new sandbox's are. Tests of key creation itself, of production mode, or of other authority
/// names make their own keys instead.
/// </remarks>
public static class TestKeySet
{
    /// <summary>The PBKDF2 cost of the copied CA key files (a test value; production refuses it).</summary>
    public const int KeyFileIterations = 1_000;

    /// <summary>The first and last day a sandbox clock can show, which the CA certificates cover.</summary>
    public static readonly DateOnly EarliestDay = new(2000, 1, 1);

    /// <inheritdoc cref="EarliestDay"/>
    public static readonly DateOnly LatestDay = new(2099, 12, 31);

    private static readonly Lazy<string> Template = new(CreateTemplate);

    /// <summary>Copies the key set into the data directory <paramref name="dataDirectory"/> (created if missing).</summary>
    /// <exception cref="IOException">The data directory already holds keys.</exception>
    public static void CopyInto(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var target = new MynaHome(dataDirectory);
        var template = new MynaHome(Template.Value);
        CopyDirectory(template.KeysDirectory, target.KeysDirectory);
        CopyDirectory(template.AuthoritiesDirectory, target.AuthoritiesDirectory);
    }

    /// <summary>A new data directory <c>home</c> under <paramref name="parent"/>, holding the key set.</summary>
    public static string NewDataDirectoryIn(string parent)
    {
        var directory = Path.Combine(parent, "home");
        CopyInto(directory);
        return directory;
    }

    /// <summary>A new data directory (<see cref="TestDirectories"/>) holding the key set.</summary>
    public static string NewDataDirectory(string prefix)
    {
        var directory = TestDirectories.Create(prefix);
        CopyInto(directory);
        return directory;
    }

    private static string CreateTemplate()
    {
        var root = TestDirectories.Create("myna-keyset-");
        var options = new JpkiAuthorityOptions
        {
            FixedAuthorityValidity = JpkiValidity.AuthorityValidityCovering(EarliestDay, LatestDay),
            KeyFileIterations = KeyFileIterations,
        };
        // The CA certificates' validity is fixed above, so the clock only stamps the creation.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        using (IssuingSystem.Open(new MynaHome(root), clock, options))
        {
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    }

    private static void CopyDirectory(string from, string to)
    {
        MynaHome.EnsurePrivateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            // File.Copy keeps the owner-only mode of the key files.
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: false);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
