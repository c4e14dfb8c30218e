using System.Globalization;
using System.Numerics;

namespace Myna.Pki.Revocation;

/// <summary>
/// A CRL number store that also keeps, in a file of its own beside the authorities' keys, the highest number ever
/// recorded per hierarchy: a database restored from an older copy, or one that lost its write-ahead log, would otherwise
/// number the next CRL below one already published, which RFC 5280 §5.2.3 forbids and relying parties reject.
/// </summary>
/// <remarks>
/// The mark is written after the inner store has recorded the number, durably and atomically, so it is never above a
/// number the inner store once held; a mark above the inner store's number therefore means the store went back in time,
/// and <see cref="LastNumber"/> refuses to answer (<see cref="CrlNumberBehindException"/>) rather than let a lower
/// number out.
/// <para>Several processes on one database: each process's mark guards its own view. A mark is only ever a number the
/// database held, so whether the processes share the directory (a mark another process wrote, possibly lower than the
/// newest one, is still one the database held) or each has its own (a mark of what that process published), a
/// database behind any of them is caught. The database, not the mark, orders the numbers between processes.</para>
/// </remarks>
public sealed class WatermarkedCrlNumberStore : ICrlNumberStore
{
    private readonly ICrlNumberStore _inner;
    private readonly string _directory;
    private readonly Lock _writing = new();

    /// <param name="inner">The store of record (the database).</param>
    /// <param name="directory">Where the marks are kept (<c>{hierarchy}.crl-number</c>), e.g. the authorities' directory.</param>
    public WatermarkedCrlNumberStore(ICrlNumberStore inner, string directory)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _inner = inner;
        _directory = directory;
    }

    /// <inheritdoc />
    /// <exception cref="CrlNumberBehindException">The inner store's number is below one already recorded.</exception>
    public BigInteger? LastNumber(JpkiHierarchy hierarchy)
    {
        var stored = _inner.LastNumber(hierarchy);
        if (Mark(hierarchy) is { } mark && (stored is null || stored < mark))
            throw new CrlNumberBehindException(hierarchy, stored, mark, MarkPath(hierarchy));
        return stored;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The number is recorded in the inner store first; a mark that cannot be written then (a full disk) does not fail
    /// the record, which would leave the publisher's number taken but its CRL unissued: the mark is a safety net, and the
    /// next record writes it again.
    /// </remarks>
    public void Record(JpkiHierarchy hierarchy, BigInteger number)
    {
        _inner.Record(hierarchy, number);
        KeepMark(hierarchy, number);
    }

    /// <inheritdoc cref="ICrlNumberStore.Record(JpkiHierarchy, PublishedCrl)" />
    /// <remarks>The mark is written as for a number alone, after the inner store kept the CRL.</remarks>
    public void Record(JpkiHierarchy hierarchy, PublishedCrl crl)
    {
        ArgumentNullException.ThrowIfNull(crl);
        _inner.Record(hierarchy, crl);
        KeepMark(hierarchy, crl.Number);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Not checked against the mark: the numbers are (<see cref="LastNumber"/>, at start and before every signature),
    /// and a publisher takes a stored CRL only when it is numbered above the one it serves.
    /// </remarks>
    public PublishedCrl? LastCrl(JpkiHierarchy hierarchy) => _inner.LastCrl(hierarchy);

    private void KeepMark(JpkiHierarchy hierarchy, BigInteger number)
    {
        try
        {
            WriteMark(hierarchy, number);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            MarkWriteFailures++;
        }
    }

    /// <summary>How many marks could not be written since start (each is written again at the next record).</summary>
    public int MarkWriteFailures { get; private set; }

    private void WriteMark(JpkiHierarchy hierarchy, BigInteger number)
    {
        lock (_writing)
        {
            if (Mark(hierarchy) is { } mark && mark >= number)
                return;
            Directory.CreateDirectory(_directory);
            var path = MarkPath(hierarchy);
            // A file of this process's own: processes sharing the directory would otherwise collide on it.
            var temporary = $"{path}.{Environment.ProcessId}.tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                var bytes = System.Text.Encoding.ASCII.GetBytes(number.ToString(CultureInfo.InvariantCulture));
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
    }

    /// <summary>The highest number recorded for <paramref name="hierarchy"/>, or null before the first.</summary>
    public BigInteger? Mark(JpkiHierarchy hierarchy)
    {
        var path = MarkPath(hierarchy);
        if (!File.Exists(path))
            return null;
        return BigInteger.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mark)
            ? mark
            : throw new InvalidDataException($"The CRL number mark '{path}' is damaged.");
    }

    private string MarkPath(JpkiHierarchy hierarchy) => Path.Combine(_directory, hierarchy switch
    {
        JpkiHierarchy.Signature => "signature.crl-number",
        JpkiHierarchy.UserAuthentication => "authentication.crl-number",
        _ => throw new ArgumentOutOfRangeException(nameof(hierarchy)),
    });
}

/// <summary>The store of CRL numbers is behind a number already published: the database went back in time.</summary>
public sealed class CrlNumberBehindException(JpkiHierarchy hierarchy, BigInteger? stored, BigInteger published, string markPath)
    : InvalidOperationException(
        $"The database's last {hierarchy} CRL number is {stored?.ToString(CultureInfo.InvariantCulture) ?? "none"}, but CRL number " +
        $"{published.ToString(CultureInfo.InvariantCulture)} was published already (recorded in {markPath}). The database is behind the data " +
        "directory: it was restored from an older copy or lost its write-ahead log. Nothing was published. Restore the database " +
        "that belongs to this data directory; a lower CRL number would be rejected by relying parties (RFC 5280 §5.2.3).")
{
    public JpkiHierarchy Hierarchy { get; } = hierarchy;

    public BigInteger Published { get; } = published;
}
