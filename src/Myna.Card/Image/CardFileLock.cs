using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Myna.Card.Image;

/// <summary>
/// An advisory, exclusive, inter-process lock on a card file (docs/card.md §3): held for as long as a chip
/// works on the file, so that two processes (the server and <c>myna card attach</c>, or two attaches) never
/// write over each other's state, PIN retry counters first of all.
/// </summary>
/// <remarks>
/// <para>The lock is on a companion file <c>&lt;card file&gt;.lock</c>, not on the card file itself: every
/// write replaces the card file by a rename (a new inode), so a lock on the card file would be lost at the
/// first write.</para>
/// <para>The companion file is opened with <see cref="FileShare.None"/>, which .NET implements on Unix with
/// <c>flock(LOCK_EX | LOCK_NB)</c> and on Windows with a share mode. Both belong to the open file, so the lock
/// holds against another process and against a second opener in the same process alike, and the OS drops it
/// when the process ends, however it ends: a crash leaves no stale lock. (The runtime switch
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> turns <c>flock</c> off, and this lock with it.)</para>
/// <para>The companion file is left in place on release: deleting it would let a waiter that opened the old
/// file and a newcomer that created a new one both believe they hold the lock.</para>
/// </remarks>
public sealed class CardFileLock : IDisposable
{
    /// <summary>How long an opener waits for a card file in use before giving up: longer than a window procedure takes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);

    // The locks of this process held for a remote reader, by card path: a lock is the process's (flock belongs to the
    // open file), so another opener here can tell at once that waiting is pointless instead of timing out.
    private static readonly ConcurrentDictionary<string, CardFileHolder> HeldHere = new(StringComparer.Ordinal);

    private readonly FileStream _stream;

    private CardFileLock(string cardPath, FileStream stream, CardFileHolder holder)
    {
        CardPath = cardPath;
        _stream = stream;
        Holder = holder;
    }

    /// <summary>The card file this lock guards (full path).</summary>
    public string CardPath { get; }

    /// <summary>Who holds the lock: an opener for one procedure or request, or the holder's reader for a whole session.</summary>
    public CardFileHolder Holder { get; }

    /// <summary>The companion lock file of <paramref name="cardPath"/>: <c>&lt;card file&gt;.lock</c>.</summary>
    public static string LockPathFor(string cardPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardPath);
        return Path.GetFullPath(cardPath) + ".lock";
    }

    /// <summary>
    /// Takes the lock of <paramref name="cardPath"/>, waiting up to <paramref name="timeout"/> while another
    /// holder has it (<see cref="TimeSpan.Zero"/>: one try). Creates the card's directory if it is missing.
    /// </summary>
    /// <param name="cardPath">The card file.</param>
    /// <param name="timeout">How long to wait; not at all while this process holds the lock for the holder's reader.</param>
    /// <param name="holder">Who takes it; <see cref="CardFileHolder.HoldersReader"/> makes other openers in this process give up at once.</param>
    /// <exception cref="CardFileInUseException">Another process (or another opener in this one) still holds it.</exception>
    /// <exception cref="UnauthorizedAccessException">The lock file cannot be created or opened.</exception>
    public static CardFileLock Acquire(string cardPath, TimeSpan timeout, CardFileHolder holder = CardFileHolder.Opener)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        var fullPath = Path.GetFullPath(cardPath);
        var lockPath = LockPathFor(fullPath);
        var directory = Path.GetDirectoryName(lockPath);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        // A wait measures elapsed time, not a date: Stopwatch, not the (possibly sandbox) TimeProvider.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var acquired = new CardFileLock(fullPath, new FileStream(lockPath, options), holder);
                if (holder != CardFileHolder.Opener)
                    HeldHere[fullPath] = holder;
                return acquired;
            }
            catch (IOException e) when (IsHeldByAnother(e))
            {
                // The holder's reader keeps the card for as long as its session lasts: no wait would end it.
                if (HeldHere.TryGetValue(fullPath, out var heldBy) && heldBy == CardFileHolder.HoldersReader)
                    throw new CardFileInUseException(fullPath, TimeSpan.Zero, e) { Holder = heldBy };
                if (waited.Elapsed >= timeout)
                    throw new CardFileInUseException(fullPath, timeout, e);
                Thread.Sleep(RetryInterval);
            }
        }
    }

    // The runtime reports a lock held elsewhere as a sharing violation: ERROR_SHARING_VIOLATION (32) on Windows,
    // EWOULDBLOCK from flock on Unix. Other I/O errors (no directory, disk) are not a lock held and go up as they are.
    private static bool IsHeldByAnother(IOException e) =>
        e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        && (e.HResult & 0xFFFF) is 32 or 11 /* EAGAIN = EWOULDBLOCK on Linux */ or 35 /* EWOULDBLOCK on macOS */;

    /// <summary>Releases the lock; the lock file stays (see remarks).</summary>
    public void Dispose()
    {
        if (Holder != CardFileHolder.Opener)
            HeldHere.TryRemove(new KeyValuePair<string, CardFileHolder>(CardPath, Holder));
        _stream.Dispose();
    }

    public override string ToString() => $"CardFileLock ({CardPath})";
}

/// <summary>A card file is open in another process (or by another opener in this one), and stayed so for the whole wait.</summary>
/// <remarks>The message names the file and nothing of its content.</remarks>
public sealed class CardFileInUseException : IOException
{
    public CardFileInUseException() { }

    public CardFileInUseException(string message) : base(message) { }

    public CardFileInUseException(string message, Exception inner) : base(message, inner) { }

    internal CardFileInUseException(string cardPath, TimeSpan waited, Exception inner)
        : base(waited > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"card file {cardPath} is in use by another process (a `myna card attach`, the server, or another opener); waited {waited.TotalSeconds:0.#} s.")
            : $"card file {cardPath} is in use by another process (a `myna card attach`, the server, or another opener).", inner)
    {
        CardPath = cardPath;
    }

    /// <summary>The card file in use; null when the exception was made without one.</summary>
    public string? CardPath { get; }

    /// <summary>
    /// Who holds it, as far as this process knows: <see cref="CardFileHolder.HoldersReader"/> when the holder attached the
    /// card remotely (it stays there until the holder detaches it), else <see cref="CardFileHolder.Opener"/>.
    /// </summary>
    public CardFileHolder Holder { get; init; }
}

/// <summary>Who holds a card file's lock.</summary>
public enum CardFileHolder
{
    /// <summary>An opener for one procedure or request, or another process (a <c>myna card attach</c>): it ends by itself.</summary>
    Opener,

    /// <summary>The holder's own reader, the server's chip attached remotely: it stays until the holder detaches it.</summary>
    HoldersReader,
}
