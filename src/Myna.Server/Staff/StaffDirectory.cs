using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Myna.Server.Hosting;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Staff;

namespace Myna.Server.Staff;

/// <summary>Staff accounts: creating them, checking a password, and the accounts made at start.</summary>
/// <remarks>
/// Passwords are hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512,
/// salted, <see cref="KeyDerivationOptions.StaffPasswordIterations"/> iterations in its v3 format), the framework's own,
/// rather than a hand-written scheme. A hash of a lower cost than configured is renewed at the next sign-in.
/// </remarks>
public sealed partial class StaffDirectory(
    IDbContextFactory<MynaDbContext> contexts, TimeProvider clock, IOptions<ServerOptions> options, ILogger<StaffDirectory> logger)
{
    /// <summary>The shortest password accepted whenever one is set (<see cref="StaffPasswordRule"/>).</summary>
    public const int MinPasswordLength = 12;

    /// <summary>The demo accounts of sandbox mode (user name, display name, role, password); sandbox only.</summary>
    public static readonly IReadOnlyList<(string UserName, string DisplayName, StaffRole Role, string Password)> SandboxAccounts =
    [
        ("window", "窓口 太郎", StaffRole.WindowStaff, "window-sandbox"),
        ("callcentre", "受付 花子", StaffRole.CallCentre, "callcentre-sandbox"),
        ("admin", "管理 一郎", StaffRole.Administrator, "admin-sandbox"),
        ("tax", "税務 次郎", StaffRole.TaxOffice, "tax-office-sandbox"),
        ("pension", "年金 三郎", StaffRole.PensionService, "pension-sandbox"),
        ("health", "保健 良子", StaffRole.HealthCentre, "health-sandbox"),
        ("insurer", "保険 四郎", StaffRole.Insurer, "insurer-sandbox"),
    ];

    private readonly PasswordHasher<StaffAccount> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        IterationCount = options.Value.KeyDerivation.StaffPasswordIterations,
    }));

    // Checked against when the user name is unknown, so that an unknown name costs as long as a wrong password.
    private string DummyHash => field ??= _hasher.HashPassword(new StaffAccount(), "not a password of anyone");

    /// <summary>Creates an account (the bootstrap administrator); the administrators' pages and API go through <see cref="StaffAdministration"/>.</summary>
    /// <exception cref="ArgumentException">A malformed user name, an empty display name or a password the <see cref="StaffPasswordRule"/> refuses.</exception>
    /// <exception cref="InvalidOperationException">The user name is taken.</exception>
    public Task<StaffAccount> CreateAsync(
        string userName, string displayName, StaffRole role, string password, CancellationToken cancellationToken = default)
    {
        if (StaffPasswordRule.Problem(userName, password) is { } problem)
            throw new ArgumentException(problem.English, nameof(password));
        return AddAsync(userName, displayName, role, password, cancellationToken);
    }

    // The sandbox's demo accounts have their published passwords, which the rule refuses to anyone else.
    private async Task<StaffAccount> AddAsync(
        string userName, string displayName, StaffRole role, string password, CancellationToken cancellationToken)
    {
        var name = StaffUserName.Normalize(userName)
            ?? throw new ArgumentException("A user name starts with a letter and has up to 64 letters, digits, '.', '_' or '-'.", nameof(userName));
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        if (displayName.Length > StaffAccount.MaxDisplayNameLength)
            throw new ArgumentException($"A display name has at most {StaffAccount.MaxDisplayNameLength} characters.", nameof(displayName));
        ArgumentNullException.ThrowIfNull(password);
        if (!Enum.IsDefined(role))
            throw new ArgumentOutOfRangeException(nameof(role));

        var account = new StaffAccount { UserName = name, DisplayName = displayName, Role = role, CreatedAt = clock.GetUtcNow() };
        account.PasswordHash = HashPassword(account, password);
        await using var db = contexts.CreateDbContext();
        if (await db.Set<StaffAccount>().AnyAsync(a => a.UserName == name, cancellationToken))
            throw new InvalidOperationException("That user name is taken.");
        db.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    /// <summary>The hash to store for <paramref name="password"/> (the caller has checked it against the rule).</summary>
    public string HashPassword(StaffAccount account, string password) => _hasher.HashPassword(account, password);

    /// <summary>Whether <paramref name="password"/> is the account's (a hash of a lower cost counts, without renewal).</summary>
    public bool IsPassword(StaffAccount account, string password) =>
        _hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>The account whose user name and password these are, or null (unknown name, wrong password or a disabled account).</summary>
    /// <remarks>A disabled account's password is checked too, so that the answer takes as long and says no more than a wrong one.</remarks>
    public async Task<StaffAccount?> CheckPasswordAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        var name = StaffUserName.Normalize(userName);
        await using var db = contexts.CreateDbContext();
        var account = name is null ? null : await db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.UserName == name, cancellationToken);
        if (account is null)
        {
            _ = _hasher.VerifyHashedPassword(new StaffAccount(), DummyHash, password);
            return null;
        }
        switch (_hasher.VerifyHashedPassword(account, account.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return account.IsEnabled ? account : null;
            case PasswordVerificationResult.SuccessRehashNeeded when account.IsEnabled:
                account.PasswordHash = _hasher.HashPassword(account, password);
                await db.SaveChangesAsync(cancellationToken);
                return account;
            default:
                return null;
        }
    }

    /// <summary>
    /// Makes the accounts of the start: in sandbox mode the <see cref="SandboxAccounts"/> when there are no
    /// accounts yet; in either mode the configured bootstrap administrator when no account of that name exists.
    /// In production, refuses to start while a demo account still has its published password.
    /// </summary>
    /// <exception cref="InvalidOperationException">Production mode and a demo account with its published password.</exception>
    public async Task SeedAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == ServerMode.Production && await DemoAccountsWithPublishedPasswordsAsync(cancellationToken) is { Count: > 0 } demo)
            throw new InvalidOperationException(DemoAccountsMessage(demo));
        await using (var db = contexts.CreateDbContext())
        {
            if (options.Mode == ServerMode.Sandbox && !await db.Set<StaffAccount>().AnyAsync(cancellationToken))
            {
                foreach (var (userName, displayName, role, password) in SandboxAccounts)
                    await AddAsync(userName, displayName, role, password, cancellationToken);
                LogSandboxAccounts(logger);
            }
        }

        if (options.BootstrapAdministrator is { UserName: { Length: > 0 } adminName, Password: { Length: > 0 } adminPassword } bootstrap)
        {
            var name = StaffUserName.Normalize(adminName)
                ?? throw new InvalidOperationException("Myna:BootstrapAdministrator:UserName is not a valid user name.");
            await using var db = contexts.CreateDbContext();
            if (!await db.Set<StaffAccount>().AnyAsync(a => a.UserName == name, cancellationToken))
            {
                await CreateAsync(name, bootstrap.DisplayName is { Length: > 0 } d ? d : name, StaffRole.Administrator, adminPassword, cancellationToken);
                LogBootstrapAdministrator(logger, name);
            }
        }
        else if (options.Mode == ServerMode.Production)
        {
            await using var db = contexts.CreateDbContext();
            if (!await db.Set<StaffAccount>().AnyAsync(a => a.Role == StaffRole.Administrator, cancellationToken))
                LogNoAdministrator(logger);
        }
    }

    /// <summary>The enabled sandbox demo accounts whose password is still the published one (by the hash, not the name).</summary>
    public async Task<IReadOnlyList<string>> DemoAccountsWithPublishedPasswordsAsync(CancellationToken cancellationToken = default)
    {
        var names = SandboxAccounts.Select(a => a.UserName).ToList();
        await using var db = contexts.CreateDbContext();
        var accounts = await db.Set<StaffAccount>().AsNoTracking()
            .Where(a => names.Contains(a.UserName) && a.DisabledAt == null).ToListAsync(cancellationToken);
        return accounts
            .Where(a => IsPassword(a, SandboxAccounts.Single(d => d.UserName == a.UserName).Password))
            .Select(a => a.UserName).Order(StringComparer.Ordinal).ToList();
    }

    private static string DemoAccountsMessage(IReadOnlyList<string> names)
    {
        var list = string.Join(", ", names);
        return $"Production mode refuses to start: the sandbox demo account(s) {list} still have the passwords published in the README, "
            + "so anyone could sign in with them. Start this data directory once in sandbox mode (Myna:Mode=Sandbox), sign in as an "
            + "administrator and either disable them (`myna staff disable NAME`, or /Admin/Staff) or give them new passwords "
            + "(`myna staff set-password NAME`); create another administrator first if you disable admin. Then start in production again. "
            + "See docs/staff.md.";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox mode: created the demo staff accounts window, callcentre, admin, tax, pension, health and insurer (passwords in the README). Never use sandbox mode for real data.")]
    private static partial void LogSandboxAccounts(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap administrator {UserName}; remove its password from the configuration.")]
    private static partial void LogBootstrapAdministrator(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator account exists. Set Myna:BootstrapAdministrator:UserName and :Password (e.g. environment variables Myna__BootstrapAdministrator__UserName / __Password) and restart.")]
    private static partial void LogNoAdministrator(ILogger logger);
}
