namespace Myna.Primitives.Hosting;

/// <summary>
/// The data directory of an installation: the chip sealing key that opens card files, the issuer's keys
/// and the certificate authorities.
/// </summary>
/// <remarks>
/// <c>$MYNA_HOME</c> when set, else <c>~/.myna</c>. Everything under <c>keys/</c> is created on first use
/// with owner-only permissions.
/// </remarks>
public sealed class MynaHome
{
    public MynaHome(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The home named by <c>MYNA_HOME</c>, or <c>~/.myna</c>.</summary>
    public static MynaHome FromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable("MYNA_HOME");
        return new MynaHome(string.IsNullOrEmpty(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".myna")
            : configured);
    }

    public string KeysDirectory => Path.Combine(Root, "keys");

    /// <summary>AES-256 key that seals card files (docs/card.md §3).</summary>
    public string ChipSealingKeyPath => Path.Combine(KeysDirectory, "chip-sealing.key");

    /// <summary>ECDSA P-256 key that authenticates the issuing system to a chip (docs/card.md §2).</summary>
    public string IssuerKeyPath => Path.Combine(KeysDirectory, "issuer.p8");

    /// <summary>RSA key that signs the card-face data (text AP EF0003, visual AP DF28), J-LIS's role.</summary>
    public string CardDataSigningKeyPath => Path.Combine(KeysDirectory, "card-data.p8");

    /// <summary>
    /// The passphrase of the authorities' encrypted key files. Kept beside them in the embedded default:
    /// the files' encryption then guards copies of the keys, not this machine; an HSM is the real guard.
    /// </summary>
    public string AuthorityPassphrasePath => Path.Combine(KeysDirectory, "ca.passphrase");

    /// <summary>The JPKI certificate authorities.</summary>
    public string AuthoritiesDirectory => Path.Combine(Root, "ca");

    /// <summary>The card files the window issues, one per card record (<c>cards/{id}.card</c>).</summary>
    public string CardsDirectory => Path.Combine(Root, "cards");

    /// <summary>The card file of the card record <paramref name="cardId"/>.</summary>
    public string CardPath(Guid cardId) => Path.Combine(CardsDirectory, cardId.ToString("N") + ".card");

    /// <summary>Creates the directory with owner-only permissions where the platform has them.</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        if (Directory.Exists(path))
            return;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// Writes a new file readable by the owner only (in an owner-only directory, made if missing), flushed to disk.
    /// </summary>
    /// <exception cref="IOException">The file exists already: two processes starting together must not overwrite each other's keys.</exception>
    public static void WriteNewPrivateFile(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
            EnsurePrivateDirectory(directory);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The key that signs the exchange history's checkpoints (a signed-note signer key).</summary>
    public string HistoryLogKeyPath => Path.Combine(KeysDirectory, "history-log.key");
}
