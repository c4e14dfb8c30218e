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
    /// <summary>The shortest password accepted for a new account.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The demo accounts of sandbox mode (user name, display name, role, password); sandbox only.</summary>
    public static readonly IReadOnlyList<(string UserName, string DisplayName, StaffRole Role, string Password)> SandboxAccounts =
    [
        ("window", "窓口 太郎", StaffRole.WindowStaff, "window-sandbox"),
        ("callcentre", "受付 花子", StaffRole.CallCentre, "callcentre-sandbox"),
        ("admin", "管理 一郎", StaffRole.Administrator, "admin-sandbox"),
    ];

    private readonly PasswordHasher<StaffAccount> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        IterationCount = options.Value.KeyDerivation.StaffPasswordIterations,
    }));

    // Checked against when the user name is unknown, so that an unknown name costs as long as a wrong password.
    private string DummyHash => field ??= _hasher.HashPassword(new StaffAccount(), "not a password of anyone");

    /// <summary>Creates an account.</summary>
    /// <exception cref="ArgumentException">A malformed user name, an empty display name or a password shorter than <see cref="MinPasswordLength"/>.</exception>
    /// <exception cref="InvalidOperationException">The user name is taken.</exception>
    public async Task<StaffAccount> CreateAsync(
        string userName, string displayName, StaffRole role, string password, CancellationToken cancellationToken = default)
    {
        var name = StaffUserName.Normalize(userName)
            ?? throw new ArgumentException("A user name starts with a letter and has up to 64 letters, digits, '.', '_' or '-'.", nameof(userName));
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        if (displayName.Length > StaffAccount.MaxDisplayNameLength)
            throw new ArgumentException($"A display name has at most {StaffAccount.MaxDisplayNameLength} characters.", nameof(displayName));
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < MinPasswordLength)
            throw new ArgumentException($"A password has at least {MinPasswordLength} characters.", nameof(password));
        if (!Enum.IsDefined(role))
            throw new ArgumentOutOfRangeException(nameof(role));

        var account = new StaffAccount { UserName = name, DisplayName = displayName, Role = role, CreatedAt = clock.GetUtcNow() };
        account.PasswordHash = _hasher.HashPassword(account, password);
        await using var db = contexts.CreateDbContext();
        if (await db.Set<StaffAccount>().AnyAsync(a => a.UserName == name, cancellationToken))
            throw new InvalidOperationException("That user name is taken.");
        db.Add(account);
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    /// <summary>The account whose user name and password these are, or null (unknown name or wrong password).</summary>
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
                return account;
            case PasswordVerificationResult.SuccessRehashNeeded:
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
    /// </summary>
    public async Task SeedAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using (var db = contexts.CreateDbContext())
        {
            if (options.Mode == ServerMode.Sandbox && !await db.Set<StaffAccount>().AnyAsync(cancellationToken))
            {
                foreach (var (userName, displayName, role, password) in SandboxAccounts)
                    await CreateAsync(userName, displayName, role, password, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox mode: created the demo staff accounts window, callcentre and admin (passwords in the README). Never use sandbox mode for real data.")]
    private static partial void LogSandboxAccounts(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap administrator {UserName}; remove its password from the configuration.")]
    private static partial void LogBootstrapAdministrator(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator account exists. Set Myna:BootstrapAdministrator:UserName and :Password (e.g. environment variables Myna__BootstrapAdministrator__UserName / __Password) and restart.")]
    private static partial void LogNoAdministrator(ILogger logger);
}
