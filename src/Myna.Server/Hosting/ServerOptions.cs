namespace Myna.Server.Hosting;

/// <summary>How the server runs.</summary>
public enum ServerMode
{
    /// <summary>The default: demo staff accounts on first start and a sandbox clock an administrator can move.</summary>
    Sandbox = 0,

    /// <summary>The real clock, no clock endpoint, no demo accounts.</summary>
    Production = 1,
}

/// <summary>
/// The server's own settings, configuration section <c>Myna</c> (JSON, environment variables
/// <c>Myna__Mode=Production</c>, or command-line <c>--Myna:Mode=Production</c>).
/// </summary>
/// <remarks>Defaults: <see cref="ServerMode.Sandbox"/>; the data directory of <c>MynaHome.FromEnvironment()</c>.</remarks>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Myna";

    /// <summary>The data directory (keys, authorities, card images, SQLite file); null: <c>$MYNA_HOME</c> or <c>~/.myna</c>.</summary>
    public string? DataDirectory { get; set; }

    public ServerMode Mode { get; set; } = ServerMode.Sandbox;

    /// <summary>
    /// An administrator account created at start when no account of that name exists: the way to the first
    /// administrator in production, where no demo accounts are made. Remove the password from the
    /// configuration once the account exists.
    /// </summary>
    public BootstrapAdministratorOptions? BootstrapAdministrator { get; set; }

    /// <summary>
    /// How the OCSP responder answers a request with a nonce: <c>PreSigned</c> (default; RFC 5019, the pre-signed answer
    /// without the nonce, no signature per request) or <c>Echo</c> (RFC 8954, signed for the request with its nonce).
    /// </summary>
    public Myna.Pki.Ocsp.OcspNonceHandling OcspNonces { get; set; } = Myna.Pki.Ocsp.OcspNonceHandling.PreSigned;

    /// <summary>Sandbox only: whether the first start creates the demo residents and cards (default true; tests that want an empty registry turn it off).</summary>
    public bool SeedDemoResidents { get; set; } = true;

    /// <summary>
    /// For the crash harness only: a named point in the window's procedures (<c>intent-written</c>, <c>certificates-issued</c>,
    /// <c>chip-staged</c>, <c>committed</c>, <c>placed</c>) at which the process kills itself, to prove that every procedure
    /// is all or nothing (docs/crash-safety.md). Null, the default: never.
    /// </summary>
    public string? CrashAt { get; set; }

    /// <summary>Repairs an administrator asks for explicitly, for one start (<c>Myna:Repair</c>).</summary>
    public RepairOptions Repair { get; set; } = new();

    /// <summary>The cost of the password hashes and of the authorities' encrypted key files; lower only in tests.</summary>
    public KeyDerivationOptions KeyDerivation { get; set; } = new();

    /// <summary>
    /// The address under which this server is reached, put into issued certificates as the HTTP CRL location. Null: in
    /// sandbox mode the first address the server listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, Kestrel's default
    /// http://localhost:5000), in production none (DirName only), since a listening address behind a proxy is no public one.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The reverse proxies whose <c>X-Forwarded-*</c> headers are believed (<c>Myna:ForwardedHeaders</c>); none by default.</summary>
    public Security.ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>
    /// Production only: let the session cookie travel over plain HTTP (a closed network without TLS). Default false: in
    /// production the cookie is <c>Secure</c>, so staff must reach the server over HTTPS or through a proxy named in
    /// <see cref="ForwardedHeaders"/>. The sandbox always follows the request's scheme.
    /// </summary>
    public bool AllowSessionOverPlainHttp { get; set; }

    /// <summary>The access log, a line per request (<c>Myna:AccessLog</c>); on by default.</summary>
    public AccessLogOptions AccessLog { get; set; } = new();

    /// <summary>
    /// Where the cards' chip images are kept (<c>Myna:CardImages</c>): <c>Files</c> (card files in the data directory) or
    /// <c>Database</c> (table <c>card_images</c>, seen by every server on the database). Null, the default: the database
    /// when the storage is PostgreSQL, files on SQLite (docs/storage.md, "Several servers: what is shared").
    /// </summary>
    public Myna.Window.Chips.CardImageKeeping? CardImages { get; set; }

    /// <summary>
    /// On PostgreSQL: the key that encrypts the keys the servers share in the database (base64 of 32 random bytes), the
    /// same for every server of the deployment and never stored in the database. Required on PostgreSQL unless
    /// <see cref="KeyEncryptionKeyFile"/> is set (docs/storage.md, "Several servers: what is shared").
    /// </summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>
    /// Sandbox only: how often the sandbox clock reads its offset again from the database, so that a move made on another
    /// server reaches this one within that time (<c>Myna:SandboxClockRefresh</c>, e.g. <c>00:00:05</c>). Null, the
    /// default: every 5 seconds on PostgreSQL (servers may share it), never on SQLite (one server); zero: never.
    /// </summary>
    public TimeSpan? SandboxClockRefresh { get; set; }

    /// <summary>The default of <see cref="SandboxClockRefresh"/> where several servers may share the database.</summary>
    public static readonly TimeSpan SharedSandboxClockRefresh = TimeSpan.FromSeconds(5);

    /// <summary>A file holding <see cref="KeyEncryptionKey"/> (relative paths from the data directory).</summary>
    public string? KeyEncryptionKeyFile { get; set; }
}

/// <summary>The first administrator (section <c>Myna:BootstrapAdministrator</c>).</summary>
public sealed class BootstrapAdministratorOptions
{
    public string? UserName { get; set; }

    public string? DisplayName { get; set; }

    public string? Password { get; set; }
}

/// <summary>
/// The PBKDF2 costs of what the server derives keys from (configuration <c>Myna:KeyDerivation</c>). The defaults are
/// the production figures; a sandbox may lower them (the tests do, since every test server writes new key files and
/// hashes the demo passwords), production refuses to start below them.
/// </summary>
public sealed class KeyDerivationOptions
{
    /// <summary>ASP.NET Core Identity's cost for its v3 hashes (PBKDF2-HMAC-SHA512).</summary>
    public const int DefaultStaffPasswordIterations = 100_000;

    /// <summary>The iterations of a staff password's hash, when it is set or re-hashed at sign-in.</summary>
    public int StaffPasswordIterations { get; set; } = DefaultStaffPasswordIterations;

    /// <summary>The iterations of an authority's key file when it is written (existing files keep theirs).</summary>
    public int CaKeyFileIterations { get; set; } = Myna.Pki.Keys.EncryptedPkcs8CaKeyStore.DefaultIterations;

    /// <summary>Why these costs cannot be used in <paramref name="mode"/>, or null when they can.</summary>
    public string? Problem(ServerMode mode)
    {
        if (StaffPasswordIterations < 1 || CaKeyFileIterations < 1)
            return "Myna:KeyDerivation: every cost must be at least 1.";
        if (mode == ServerMode.Production
            && (StaffPasswordIterations < DefaultStaffPasswordIterations || CaKeyFileIterations < Myna.Pki.Keys.EncryptedPkcs8CaKeyStore.DefaultIterations))
            return $"Myna:KeyDerivation: production needs at least {DefaultStaffPasswordIterations} iterations for staff passwords and "
                + $"{Myna.Pki.Keys.EncryptedPkcs8CaKeyStore.DefaultIterations} for the authorities' key files; lower costs are for tests.";
        return null;
    }
}

/// <summary>Repairs of a data directory, each only when asked for (configuration <c>Myna:Repair</c>).</summary>
public sealed class RepairOptions
{
    /// <summary>
    /// Card files without a card record (a database behind its data directory) are given up: their certificates revoked,
    /// the files removed. Without it such a start is refused (docs/security.md).
    /// </summary>
    public bool RemoveOrphanCardFiles { get; set; }
}
