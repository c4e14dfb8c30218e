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
    public static string LoadOrCreateSecret(string path) =>
        LoadOrCreateText(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>
    /// A key kept as text in a file (trimmed), written from <paramref name="generate"/> on first use; when two processes
    /// start together, the one that wrote first wins and the other reads its key.
    /// </summary>
    public static string LoadOrCreateText(string path, Func<string> generate)
    {
        ArgumentNullException.ThrowIfNull(generate);
        if (!File.Exists(path))
        {
            try
            {
                MynaHome.WriteNewPrivateFile(path, System.Text.Encoding.UTF8.GetBytes(generate()));
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }
        return File.ReadAllText(path).Trim();
    }

    private static T LoadOrCreate<T>(string path, Func<T> empty, Func<T> generate) where T : AsymmetricAlgorithm
    {
        if (File.Exists(path))
        {
            var key = empty();
            key.ImportPkcs8PrivateKey(File.ReadAllBytes(path), out _);
            return key;
        }
        var created = generate();
        var bytes = created.ExportPkcs8PrivateKey();
        try
        {
            MynaHome.WriteNewPrivateFile(path, bytes);
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
