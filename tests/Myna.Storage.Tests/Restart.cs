using System.Security.Cryptography;
using Myna.Storage;

namespace Myna.Storage.Tests;

/// <summary>Helpers shared by the test classes.</summary>
internal static class Restart
{
    /// <summary>
    /// A "restarted process": a new factory on the same database, so nothing cached in the old one (contexts,
    /// options, in-memory registries) carries over.
    /// </summary>
    public static MynaDbContextFactory Reopen(MynaDbContextFactory contexts) => new(contexts.Options);

    /// <summary>A serial no other test uses, as upper-case hex (16 random octets, top bit clear).</summary>
    public static string NewSerial()
    {
        var bytes = RandomNumberGenerator.GetBytes(16);
        bytes[0] &= 0x7F;
        return Convert.ToHexString(bytes);
    }
}
