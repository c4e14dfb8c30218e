namespace Myna.Testing;

/// <summary>The checkout these tests read: the first directory above the test assembly that holds Myna.slnx.</summary>
public static class RepositoryRoot
{
    // Tests run from tests/<project>/bin/…; the repository is where Myna.slnx is.
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Myna.slnx")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Myna.slnx not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository's root directory.</summary>
    public static string Path => Root.Value;
}
