using System.Security.Cryptography;

namespace Myna.Cluster.Tests;

/// <summary>
/// What an operator gives every process of one deployment alike, since the processes share no disk: the
/// key-encryption key (under which the shared keys lie in the database) and the My Number keys (which never go into
/// the database). Fresh random values for each cluster, as <c>openssl rand -base64 32</c> would give them.
/// </summary>
public sealed class ClusterSecrets
{
    public string KeyEncryptionKey { get; } = RandomKey();

    private string MyNumberEncryptionKey { get; } = RandomKey();

    private string MyNumberIndexKey { get; } = RandomKey();

    /// <summary>The settings as environment variables (<c>Section__Key</c>), the way a service unit would pass them.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Myna__KeyEncryptionKey"] = KeyEncryptionKey,
        ["Storage__MyNumberKeys__CurrentKeyId"] = "1",
        ["Storage__MyNumberKeys__EncryptionKeys__1"] = MyNumberEncryptionKey,
        ["Storage__MyNumberKeys__IndexKey"] = MyNumberIndexKey,
    };

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
