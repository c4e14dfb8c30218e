using System.Security.Cryptography;
using Myna.Primitives.Hosting;

namespace Myna.Issuance;

/// <summary>Private keys kept as owner-only files, created on first use: the issuing system's, and the portal's single sign-on keys.</summary>
public static class KeyFiles
{
    public static ECDsa LoadOrCreateEcdsa(string path) =>
        LoadOrCreate(path, ECDsa.Create, () => ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static RSA LoadOrCreateRsa(string path) =>
        LoadOrCreate(path, RSA.Create, () => RSA.Create(2048));

    /// <summary>A random secret (base64 of 32 bytes) kept in a file, created on first use.</summary>
    public static string LoadOrCreateSecret(string path)
    {
        if (File.Exists(path))
            return File.ReadAllText(path).Trim();
        MynaHome.EnsurePrivateDirectory(Path.GetDirectoryName(path)!);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        try
        {
            WriteNew(path, System.Text.Encoding.ASCII.GetBytes(secret));
            return secret;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
    }

    private static void WriteNew(string path, ReadOnlySpan<byte> bytes)
    {
        // CreateNew: two processes starting together must not overwrite each other's key.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static T LoadOrCreate<T>(string path, Func<T> empty, Func<T> generate) where T : AsymmetricAlgorithm
    {
        if (File.Exists(path))
        {
            var key = empty();
            key.ImportPkcs8PrivateKey(File.ReadAllBytes(path), out _);
            return key;
        }
        MynaHome.EnsurePrivateDirectory(Path.GetDirectoryName(path)!);
        var created = generate();
        var bytes = created.ExportPkcs8PrivateKey();
        try
        {
            WriteNew(path, bytes);
            return created;
        }
        catch (IOException) when (File.Exists(path))
        {
            created.Dispose();
            return LoadOrCreate(path, empty, generate);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
