using Myna.Primitives.Hosting;

namespace Myna.Testing;

/// <summary>Temporary directories for tests' data directories, in memory where the machine has a RAM file system.</summary>
/// <remarks>
/// Card files and key files are written durably (fsync); on <c>/dev/shm</c> that costs nothing, which is most of what a
/// test that issues cards would otherwise spend waiting for the disk. What is tested (the atomic replace, the fsync calls)
/// is the same on either file system.
/// </remarks>
public static class TestDirectories
{
    private static readonly string? MemoryRoot = FindMemoryRoot();

    /// <summary>A new empty directory, owner-only, named after <paramref name="prefix"/>.</summary>
    public static string Create(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (MemoryRoot is null)
            return Directory.CreateTempSubdirectory(prefix).FullName;
        var path = Path.Combine(MemoryRoot, prefix + Guid.NewGuid().ToString("N")[..12]);
        MynaHome.EnsurePrivateDirectory(path);
        return path;
    }

    private static string? FindMemoryRoot()
    {
        const string shm = "/dev/shm";
        if (!OperatingSystem.IsLinux() || !Directory.Exists(shm))
            return null;
        try
        {
            var root = Path.Combine(shm, "myna-tests");
            Directory.CreateDirectory(root);
            var check = Path.Combine(root, ".write-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(check, []);
            File.Delete(check);
            return root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
