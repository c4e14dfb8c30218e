using System.Security.Cryptography;

namespace Myna.Issuance;

/// <summary>Private keys of the issuing system kept as PKCS#8 files, created on first use.</summary>
internal static class KeyFiles
{
    public static ECDsa LoadOrCreateEcdsa(string path) =>
        LoadOrCreate(path, ECDsa.Create, () => ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static RSA LoadOrCreateRsa(string path) =>
        LoadOrCreate(path, RSA.Create, () => RSA.Create(2048));

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
            // CreateNew: two processes starting together must not overwrite each other's key.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(path, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
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
