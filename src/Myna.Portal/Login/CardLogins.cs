using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Myna.Pki.Verification;
using Myna.Portal.Accounts;
using Myna.Storage;
using Myna.Storage.Portal;

namespace Myna.Portal.Login;

/// <summary>A login the browser started: what its page shows, and the secret only that browser keeps.</summary>
/// <param name="Id">Names the challenge for the waiting page.</param>
/// <param name="Code">What the holder's app types or scans.</param>
/// <param name="Challenge">What the card signs.</param>
/// <param name="ExpiresAt">After this no answer is taken (real time).</param>
/// <param name="BrowserSecret">Kept in the browser's cookie; turns the answer into a session.</param>
public sealed record StartedLogin(Guid Id, LoginCode Code, byte[] Challenge, DateTimeOffset ExpiresAt, byte[] BrowserSecret);

/// <summary>A challenge waiting for the card, as the holder's app fetches it by the code.</summary>
public sealed record WaitingChallenge(LoginCode Code, byte[] Challenge, DateTimeOffset ExpiresAt);

/// <summary>Where a login stands, as its waiting page polls it.</summary>
public enum LoginProgress
{
    /// <summary>No card has answered yet.</summary>
    Waiting,

    /// <summary>A card answered and was verified: the page may complete the login.</summary>
    Answered,

    /// <summary>A card answered and the answer was refused (see the refusal).</summary>
    Failed,

    /// <summary>Nobody answered in time.</summary>
    Expired,

    /// <summary>The answer was turned into a session already.</summary>
    Completed,
}

/// <summary>The state of a login and, when it failed, why.</summary>
public sealed record LoginStatus(LoginProgress Progress, LoginRefusal? Refusal);

/// <summary>Either the waiting challenge or why there is none.</summary>
public sealed record ChallengeLookup(WaitingChallenge? Challenge, LoginRefusal? Refusal);

/// <summary>The card's answer taken: the account it logs into, or why it was refused.</summary>
public sealed record LoginAnswer(ResolvedAccount? Account, LoginRefusal? Refusal);

/// <summary>
/// The portal's login with the card (U3.1), by challenge and response: a browser starts a login and gets a one-time
/// random challenge (short-lived, single use) with a short code; the holder's app — or the sandbox's card slot —
/// has the card sign it with the user-authentication key after the PIN and sends the signature and certificate with
/// the code; the portal verifies them (signature, chain, validity, revocation) and finds the holder's account; the
/// browser that started the login, and only it, turns the verified answer into a session.
/// </summary>
public sealed class CardLogins(
    IDbContextFactory<MynaDbContext> contexts, JpkiVerifier verifier, HolderAccounts accounts, PortalClocks clocks, IOptions<PortalOptions> options)
{
    /// <summary>Starts a login: a new challenge with its code.</summary>
    public async Task<StartedLogin> StartAsync(CancellationToken cancellationToken)
    {
        var now = clocks.Real.GetUtcNow();
        var secret = RandomNumberGenerator.GetBytes(32);
        await using var db = contexts.CreateDbContext();
        // Expired challenges are of no use to anyone; each start sweeps a few away so the table stays small.
        await db.Set<LoginChallengeRow>().Where(c => c.ExpiresAt < now - options.Value.ChallengeLifetime)
            .OrderBy(c => c.ExpiresAt).Take(100).ExecuteDeleteAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var row = new LoginChallengeRow
            {
                Id = Guid.NewGuid(),
                Code = LoginCode.New().Value,
                Challenge = RandomNumberGenerator.GetBytes(LoginChallengeRow.ChallengeLength),
                BrowserSecretHash = SHA256.HashData(secret),
                CreatedAt = now,
                ExpiresAt = now + options.Value.ChallengeLifetime,
            };
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new StartedLogin(row.Id, LoginCode.Parse(row.Code)!.Value, row.Challenge, row.ExpiresAt, secret);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A code still in use (1 in 31^8 per live challenge): draw another.
                db.Remove(row);
            }
        }
    }

    /// <summary>The challenge waiting under <paramref name="code"/>, for the holder's app; or why there is none.</summary>
    public async Task<ChallengeLookup> WaitingAsync(LoginCode code, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<LoginChallengeRow>().AsNoTracking().SingleOrDefaultAsync(c => c.Code == code.Value, cancellationToken);
        return Refusal(row) is { } refusal
            ? new ChallengeLookup(null, refusal)
            : new ChallengeLookup(new WaitingChallenge(code, row!.Challenge, row.ExpiresAt), null);
    }

    /// <summary>The challenge of the login <paramref name="id"/> that this browser started (the sandbox slot signs it); or why there is none.</summary>
    public async Task<ChallengeLookup> WaitingAsync(Guid id, byte[]? browserSecret, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<LoginChallengeRow>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null || !OwnedBy(row, browserSecret))
            return new ChallengeLookup(null, LoginRefusal.UnknownChallenge);
        return Refusal(row) is { } refusal
            ? new ChallengeLookup(null, refusal)
            : new ChallengeLookup(new WaitingChallenge(LoginCode.Parse(row.Code)!.Value, row.Challenge, row.ExpiresAt), null);
    }

    /// <summary>
    /// Takes the card's answer to the challenge under <paramref name="code"/>: once only (a second answer, a replay, is
    /// refused whatever it holds), before the challenge expires, and only if the signature and the certificate verify
    /// and the authority knows the certificate's holder.
    /// </summary>
    public async Task<LoginAnswer> AnswerAsync(LoginCode code, ReadOnlyMemory<byte> certificate, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<LoginChallengeRow>().AsNoTracking().SingleOrDefaultAsync(c => c.Code == code.Value, cancellationToken);
        if (Refusal(row) is { } refusal)
            return new LoginAnswer(null, refusal);

        // The claim comes before the verification, so two answers at once cannot both be taken.
        var now = clocks.Real.GetUtcNow();
        var claimed = await db.Set<LoginChallengeRow>().Where(c => c.Id == row!.Id && c.AnsweredAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.AnsweredAt, now), cancellationToken);
        if (claimed == 0)
            return new LoginAnswer(null, LoginRefusal.ChallengeUsed);

        var verification = await verifier.VerifyLoginAsync(row!.Challenge, signature, certificate, cancellationToken);
        LoginAnswer answer;
        if (verification.Failure is { } failure)
            answer = new LoginAnswer(null, LoginRefusal.Of(failure));
        else
        {
            using var parsed = X509CertificateLoader.LoadCertificate(certificate.Span);
            var account = await accounts.ResolveAsync(parsed, cancellationToken);
            answer = account is null ? new LoginAnswer(null, LoginRefusal.UnknownHolder) : new LoginAnswer(account, null);
        }
        await db.Set<LoginChallengeRow>().Where(c => c.Id == row.Id)
            .ExecuteUpdateAsync(u => u
                .SetProperty(c => c.AccountId, answer.Account == null ? null : answer.Account.Account.Id)
                .SetProperty(c => c.Failure, answer.Refusal == null ? null : answer.Refusal.Code), cancellationToken);
        return answer;
    }

    /// <summary>Where the login <paramref name="id"/> stands; null unless this browser started it.</summary>
    public async Task<LoginStatus?> StatusAsync(Guid id, byte[]? browserSecret, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<LoginChallengeRow>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row is null || !OwnedBy(row, browserSecret))
            return null;
        if (row.ConsumedAt is not null)
            return new LoginStatus(LoginProgress.Completed, null);
        if (row.AccountId is not null)
            return new LoginStatus(LoginProgress.Answered, null);
        if (row.Failure is { } code)
            return new LoginStatus(LoginProgress.Failed, LoginRefusal.FromCode(code));
        return row.ExpiresAt <= clocks.Real.GetUtcNow()
            ? new LoginStatus(LoginProgress.Expired, LoginRefusal.ChallengeExpired)
            : new LoginStatus(LoginProgress.Waiting, null);
    }

    /// <summary>
    /// The account the verified answer to login <paramref name="id"/> logs into, once: the browser that started it turns
    /// it into a session; null for any other browser, an unanswered or refused login, or a second time.
    /// </summary>
    public async Task<Guid?> CompleteAsync(Guid id, byte[]? browserSecret, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<LoginChallengeRow>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (row?.AccountId is not { } account || !OwnedBy(row, browserSecret))
            return null;
        var consumed = await db.Set<LoginChallengeRow>().Where(c => c.Id == id && c.ConsumedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ConsumedAt, clocks.Real.GetUtcNow()), cancellationToken);
        return consumed == 1 ? account : null;
    }

    private LoginRefusal? Refusal(LoginChallengeRow? row) =>
        row is null ? LoginRefusal.UnknownChallenge
        : row.AnsweredAt is not null ? LoginRefusal.ChallengeUsed
        : row.ExpiresAt <= clocks.Real.GetUtcNow() ? LoginRefusal.ChallengeExpired
        : null;

    private static bool OwnedBy(LoginChallengeRow row, byte[]? browserSecret) =>
        browserSecret is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(SHA256.HashData(browserSecret), row.BrowserSecretHash);
}
