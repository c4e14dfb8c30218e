namespace Myna.Window;

/// <summary>
/// The data directory holds card files that the database has no record of: the database went back in time (restored
/// from an older copy, or its write-ahead log lost). Nothing was changed; the start stops here.
/// </summary>
public sealed class DatabaseBehindException(int orphanCardFiles, string cardsDirectory) : InvalidOperationException(
    $"The database is behind the data directory: {orphanCardFiles} card file(s) in {cardsDirectory} have no card record (the " +
    "database was restored from an older copy, or it lost its write-ahead log). Nothing was changed. Restore the database that " +
    "belongs to this data directory; or, to give those cards up, start once with --Myna:Repair:RemoveOrphanCardFiles=true, " +
    "which revokes the certificates on them and removes the files.")
{
    /// <summary>How many card files have no record.</summary>
    public int OrphanCardFiles { get; } = orphanCardFiles;
}
