using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;
using Myna.Storage.Portal;

namespace Myna.Portal.Accounts;

/// <summary>An account a verified certificate logs into, and whether this login made it or linked the certificate to it.</summary>
public sealed record ResolvedAccount(HolderAccount Account, bool Created, bool LinkedSuccessor);

/// <summary>
/// Finds the account a user-authentication certificate logs into — by the certificate's issuer and serial, or, for a
/// new certificate, by the authority's link to the holder's earlier ones — and makes one at a holder's first login.
/// Never by the My Number, never by the name.
/// </summary>
public sealed class HolderAccounts(IDbContextFactory<MynaDbContext> contexts, PortalClocks clocks)
{
    /// <summary>
    /// The account of <paramref name="certificate"/> (already verified: chain, validity, status). Null when the
    /// authority knows no holder for it.
    /// </summary>
    public async Task<ResolvedAccount?> ResolveAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var issuer = certificate.IssuerName.Name;
        var serial = certificate.SerialNumber.ToUpperInvariant();
        // Two first logins at once (two tabs) race for the one account; the loser finds the winner's on its second try.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ResolveOnceAsync(issuer, serial, cancellationToken);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
            }
        }
    }

    /// <summary>The holder reference of account <paramref name="accountId"/> (what bodies publish the holder's information under).</summary>
    /// <exception cref="InvalidOperationException">No such account.</exception>
    public async Task<Guid> HolderReferenceAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<HolderAccount>().Where(a => a.Id == accountId).Select(a => a.HolderReference).SingleAsync(cancellationToken);
    }

    /// <summary>The certificates that log into account <paramref name="accountId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<HolderCredential>> CredentialsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<HolderCredential>().AsNoTracking().Where(c => c.AccountId == accountId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
    }

    private async Task<ResolvedAccount?> ResolveOnceAsync(string issuer, string serial, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var now = clocks.Real.GetUtcNow();
        var known = await (from c in db.Set<HolderCredential>()
                           join a in db.Set<HolderAccount>() on c.AccountId equals a.Id
                           where c.Issuer == issuer && c.SerialNumber == serial
                           select a).SingleOrDefaultAsync(cancellationToken);
        if (known is not null)
        {
            known.LastLoginAt = now;
            await db.SaveChangesAsync(cancellationToken);
            return new ResolvedAccount(known, Created: false, LinkedSuccessor: false);
        }

        if (await AuthenticationCertificateLinks.FindAsync(db, serial, cancellationToken) is not { } link)
            return null;
        var earlier = link.EarlierSerials;
        var predecessorAccount = earlier.Count == 0 ? null : await db.Set<HolderCredential>()
            .Where(c => earlier.Contains(c.SerialNumber))
            .Select(c => (Guid?)c.AccountId)
            .FirstOrDefaultAsync(cancellationToken);
        var account = predecessorAccount is { } id
            ? await db.Set<HolderAccount>().SingleAsync(a => a.Id == id, cancellationToken)
            : new HolderAccount { Id = Guid.NewGuid(), HolderReference = link.HolderReference, CreatedAt = now };
        var created = predecessorAccount is null;
        if (created)
            db.Add(account);
        account.LastLoginAt = now;
        db.Add(new HolderCredential
        {
            AccountId = account.Id,
            Issuer = issuer,
            SerialNumber = serial,
            LinkedAt = now,
            LinkedBy = created ? HolderCredential.FirstLogin : HolderCredential.Successor,
        });
        var actor = AuditActor.Holder(account.Id);
        var subject = new AuditSubject(PortalAudit.AccountSubject, account.Id.ToString("N"));
        db.Add(created
            ? AuditTrail.NewEntry(clocks.Civil, actor, PortalAudit.AccountCreated, subject,
                new Primitives.Text.LocalizedText("初回ログインでアカウントを作成しました。", "Account made at the first login."))
            : AuditTrail.NewEntry(clocks.Civil, actor, PortalAudit.CredentialLinked, subject,
                new Primitives.Text.LocalizedText("新しい利用者証明用電子証明書を、認証局の紐付け情報により追加しました。",
                    "A new user-authentication certificate linked by the authority's link to an earlier one.")));
        await db.SaveChangesAsync(cancellationToken);
        return new ResolvedAccount(account, created, LinkedSuccessor: !created);
    }
}
