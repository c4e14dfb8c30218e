using System.Runtime.InteropServices;

namespace Myna.Card.Image;

/// <summary>
/// Durable, atomic replacement of a file (docs/card.md §3): write a temporary file in the same directory,
/// fsync it, rename it over the target, fsync the directory so that the rename itself survives a crash.
/// </summary>
internal static partial class DurableFile
{
    public static void WriteAtomic(string path, ReadOnlySpan<byte> content)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? ".";
        var temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                // fsync(2): the data is on the medium before the rename makes it the card.
                stream.Flush(flushToDisk: true);
            }
            // rename(2) is atomic on POSIX file systems: a reader sees the old or the new card, never half.
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        FsyncDirectory(directory);
    }

    /// <summary>
    /// Makes a rename or create in <paramref name="directory"/> durable. .NET has no API to fsync a
    /// directory (a FileStream cannot open one), so on Unix this calls libc <c>open(O_RDONLY)</c>,
    /// <c>fsync</c> and <c>close</c>. Windows makes MoveFileEx metadata durable itself.
    /// </summary>
    public static void FsyncDirectory(string? directory)
    {
        if (string.IsNullOrEmpty(directory) || OperatingSystem.IsWindows())
            return;
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
            throw new IOException($"Could not open the card directory for fsync (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0)
                throw new IOException($"fsync of the card directory failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray temp file is harmless, the card file is intact.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
