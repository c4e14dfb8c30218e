using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Myna.Card.Image;
using Myna.Pki;
using Myna.Pki.Revocation;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Reader;
using Myna.Registry.Cards;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;
using Myna.Storage.Coordination;
using Myna.Storage.Journal;
using Myna.Window.Chips;

namespace Myna.Window.Procedures;

/// <summary>What the recovery at start found and did.</summary>
/// <param name="RolledBack">Procedures that had not committed: undone.</param>
/// <param name="Completed">Procedures that had committed: their chip images placed.</param>
/// <param name="CertificatesRevoked">Certificates revoked because no card carries them (issued for a procedure undone, or on an orphan card file).</param>
/// <param name="FilesRemoved">Leftover files removed: staged images of no procedure, temporary files, card files without a record, stale locks.</param>
public sealed record RecoveryReport(int RolledBack, int Completed, int CertificatesRevoked, int FilesRemoved)
{
    /// <summary>Whether there was anything to do.</summary>
    public bool DidSomething => RolledBack + Completed + CertificatesRevoked + FilesRemoved > 0;
}

/// <summary>
/// The window's write-ahead journal (docs/adr/0002-all-or-nothing-procedures.md): a procedure with effects outside its
/// database transaction writes a durable intent first; the intent is marked committed in the procedure's own
/// transaction; what is left after a crash, the recovery at start completes (committed) or undoes (pending).
/// </summary>
internal sealed class ProcedureJournal(WindowServices services)
{
    /// <summary>Audit action of a procedure undone (before its commit) by the procedure itself or by the recovery.</summary>
    public const string RolledBackAction = "procedure.rolled-back";

    /// <summary>
    /// Writes and commits the intent of a procedure about to change <paramref name="cardId"/>'s chip, under the lease
    /// that says the procedure runs (<see cref="ProcedureIntent.LeaseName"/>): the caller gives it back once the intent is forgotten.
    /// </summary>
    public async Task<(ProcedureIntent Intent, WorkLease Alive)> BeginAsync(string action, Guid? cardId, CancellationToken cancellationToken)
    {
        var intent = new ProcedureIntent
        {
            Id = Guid.NewGuid(),
            Action = action,
            Status = ProcedureIntentStatus.Pending,
            StartedAt = JapanClock.RealUtcNow(services.Clock).ToUniversalTime(),
            CardId = cardId,
        };
        var alive = await services.Leases.TryTakeAsync(ProcedureIntent.LeaseName(intent.Id), cancellationToken)
            ?? throw new InvalidOperationException("The lease of a new procedure is held already.");
        try
        {
            await using var db = services.Contexts.CreateDbContext();
            db.ProcedureIntents.Add(intent);
            // Not cancellable: an intent half-written would be worse than a procedure that goes on a moment longer.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch
        {
            await alive.DisposeAsync();
            throw;
        }
        return (intent, alive);
    }

    /// <summary>
    /// Undoes a procedure that did not commit: deletes its staged chip images, revokes every certificate issued for it
    /// (which no card carries into use), records why, and forgets the intent. Idempotent.
    /// </summary>
    /// <returns>How many certificates were revoked.</returns>
    public async Task<int> UndoAsync(Guid intentId, LocalizedText why, CancellationToken cancellationToken)
    {
        foreach (var staged in StagedFilesOf(intentId))
            File.Delete(staged);
        await using var db = services.Contexts.CreateDbContext();
        var intent = await db.ProcedureIntents.SingleOrDefaultAsync(i => i.Id == intentId, cancellationToken);
        var issued = await db.IssuedCertificates
            .Where(c => c.RequestId == intentId && !db.Revocations.Any(r => r.Hierarchy == c.Hierarchy && r.SerialNumber == c.SerialNumber))
            .ToListAsync(cancellationToken);
        var revocations = new List<RevokedCertificate>();
        foreach (var certificate in issued)
        {
            if (services.Certificates.Prepare(certificate.Hierarchy, certificate.SerialNumber, RevocationReasons.ForAbandonedIssue,
                    services.Clock.GetUtcNow()) is { } revocation)
            {
                revocations.Add(revocation);
                db.Revocations.Add(Row(revocation));
            }
        }
        if (intent is not null)
        {
            db.ProcedureIntents.Remove(intent);
            db.AuditEntries.Add(AuditTrail.NewEntry(services.Clock, AuditActor.System, RolledBackAction,
                new AuditSubject("procedure", intentId.ToString("N")),
                why.Then(new LocalizedText(
                    $"手続「{intent.Action}」を取り消しました。発行済みの電子証明書{revocations.Count}件を失効させました。",
                    $"Procedure {intent.Action} undone; {revocations.Count} certificate(s) issued for it revoked."))));
        }
        await db.SaveChangesAsync(cancellationToken);
        services.Certificates.Publish(revocations);
        return revocations.Count;
    }

    /// <summary>Completes a procedure that committed: places its staged chip images and forgets the intent. Idempotent.</summary>
    /// <returns>How many images were placed (0 when the crash came after placing them).</returns>
    public async Task<int> CompleteAsync(Guid intentId, CancellationToken cancellationToken)
    {
        var placed = 0;
        foreach (var staged in StagedFilesOf(intentId))
        {
            if (StagedCardImage.Place(staged, CardPathOf(staged)))
                placed++;
        }
        services.Crash.Reach(CrashPoints.Placed);
        await using var db = services.Contexts.CreateDbContext();
        await db.ProcedureIntents.Where(i => i.Id == intentId).ExecuteDeleteAsync(cancellationToken);
        return placed;
    }

    /// <summary>
    /// The recovery at start, before the window takes any procedure: completes or undoes every intent left by a process
    /// that died, then removes what no record accounts for — staged images of no procedure, temporary files, card files
    /// without a card record (their certificates revoked first) when <paramref name="removeOrphanCardFiles"/> says so,
    /// locks of card files that do not exist.
    /// </summary>
    /// <remarks>
    /// A card file is placed only after its record is committed, so after the intents are settled a card file without a
    /// record means the database is behind the data directory (restored from an older copy, or its write-ahead log lost):
    /// the start is refused, changing nothing, unless an administrator asks for the repair.
    /// </remarks>
    /// <exception cref="DatabaseBehindException">Card files without records, and no repair asked for.</exception>
    public async Task<RecoveryReport> RecoverAsync(bool removeOrphanCardFiles, CancellationToken cancellationToken)
    {
        await RefuseIfBehindAsync(removeOrphanCardFiles, cancellationToken);
        List<ProcedureIntent> intents;
        await using (var db = services.Contexts.CreateDbContext())
            intents = await db.ProcedureIntents.AsNoTracking().ToListAsync(cancellationToken);
        int rolledBack = 0, completed = 0, revoked = 0, running = 0;
        foreach (var listed in intents)
        {
            // Beside other processes an intent may be a procedure running in one of them: its lease says so.
            await using var alive = await services.Leases.TryTakeAsync(ProcedureIntent.LeaseName(listed.Id), cancellationToken);
            if (alive is null)
            {
                running++;
                continue;
            }
            // Read again under the lease: the procedure may have ended, and forgotten its intent, since the list was read
            // (undoing it then would revoke the certificates of a card it delivered).
            ProcedureIntent? intent;
            await using (var db = services.Contexts.CreateDbContext())
                intent = await db.ProcedureIntents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == listed.Id, cancellationToken);
            if (intent is null)
                continue;
            if (intent.Status == ProcedureIntentStatus.Committed)
            {
                await CompleteAsync(intent.Id, cancellationToken);
                completed++;
            }
            else
            {
                revoked += await UndoAsync(intent.Id, new LocalizedText(
                    "処理の途中でサーバーが停止したため、再起動時に", "The server stopped in the middle of it; at the restart:"), cancellationToken);
                rolledBack++;
            }
        }
        if (running > 0)
            services.Log.LogInformation("Recovery: {Running} procedure(s) running in other processes left to them", running);
        var (orphanRevoked, removed) = await RemoveOrphanFilesAsync(cancellationToken);
        if (services.CardImages is DatabaseCardImages database)
        {
            // Chips a server kept in card files before they moved to the database (docs/storage.md, "Several servers").
            var imported = await database.ImportCardFilesAsync(
                services.Issuing.Home.CardsDirectory, await CardIdsAsync(withIntents: false, cancellationToken), cancellationToken);
            if (imported > 0)
                services.Log.LogWarning("Recovery: {Count} card file(s) of the data directory taken into the database's card images", imported);
        }
        var report = new RecoveryReport(rolledBack, completed, revoked + orphanRevoked, removed);
        if (report.DidSomething)
        {
            services.Log.LogWarning(
                "Recovery: {RolledBack} unfinished procedure(s) undone, {Completed} completed, {Revoked} certificate(s) revoked, {Files} leftover file(s) removed",
                report.RolledBack, report.Completed, report.CertificatesRevoked, report.FilesRemoved);
        }
        return report;
    }

    private async Task RefuseIfBehindAsync(bool removeOrphanCardFiles, CancellationToken cancellationToken)
    {
        var directory = services.Issuing.Home.CardsDirectory;
        // Images kept in the database commit with their records: a database cannot be behind them.
        if (removeOrphanCardFiles || services.CardImages.Keeping != CardImageKeeping.Files || !Directory.Exists(directory))
            return;
        // A procedure in flight names its card in its intent; the intents pass settles those.
        var known = await CardIdsAsync(withIntents: true, cancellationToken);
        var orphans = Directory.EnumerateFiles(directory, "*.card").Count(file => IsOrphanCardFile(Path.GetFileName(file), known));
        if (orphans > 0)
            throw new DatabaseBehindException(orphans, directory);
    }

    private async Task<HashSet<Guid>> CardIdsAsync(bool withIntents, CancellationToken cancellationToken)
    {
        await using var db = services.Contexts.CreateDbContext();
        HashSet<Guid> ids = [.. await db.Set<CardRecord>().Select(c => c.Id).ToListAsync(cancellationToken)];
        if (withIntents)
            ids.UnionWith(await db.ProcedureIntents.Where(i => i.CardId != null).Select(i => i.CardId!.Value).ToListAsync(cancellationToken));
        return ids;
    }

    // A card file (cards/{id}.card) whose id no card record (or intent) accounts for.
    private static bool IsOrphanCardFile(string name, HashSet<Guid> known) =>
        name.EndsWith(".card", StringComparison.Ordinal) && !(Guid.TryParseExact(name[..^5], "N", out var id) && known.Contains(id));

    private async Task<(int Revoked, int Removed)> RemoveOrphanFilesAsync(CancellationToken cancellationToken)
    {
        var directory = services.Issuing.Home.CardsDirectory;
        // Only card files have leftovers (staged images, temporary files, locks); database images have none to sweep.
        if (services.CardImages.Keeping != CardImageKeeping.Files || !Directory.Exists(directory))
            return (0, 0);
        var cards = await CardIdsAsync(withIntents: false, cancellationToken);
        int revoked = 0, removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(ChipWork.StagedSuffix, StringComparison.Ordinal)
                || name.EndsWith(".card.new", StringComparison.Ordinal)
                || (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal)))
            {
                // Intents were all completed or undone above: a staged image left now belongs to no procedure.
                File.Delete(file);
                removed++;
            }
            else if (IsOrphanCardFile(name, cards))
            {
                revoked += await RevokeCertificatesOnAsync(file, cancellationToken);
                File.Delete(file);
                removed++;
            }
        }
        foreach (var lockFile in Directory.EnumerateFiles(directory, "*.lock"))
        {
            if (!File.Exists(lockFile[..^".lock".Length]))
            {
                File.Delete(lockFile);
                removed++;
            }
        }
        return (revoked, removed);
    }

    /// <summary>Revokes the certificates on an orphan card file (made before this journal existed) that no card record carries.</summary>
    private async Task<int> RevokeCertificatesOnAsync(string cardFile, CancellationToken cancellationToken)
    {
        var serials = new List<(JpkiHierarchy Hierarchy, string Serial)>();
        try
        {
            using var chip = services.Issuing.OpenCard(cardFile);
            var client = new MynaCardClient(new EmulatorTransport(chip));
            foreach (var (hierarchy, read) in new (JpkiHierarchy, Func<X509Certificate2>)[]
                     {
                         (JpkiHierarchy.Signature, client.ReadSignatureCertificate),
                         (JpkiHierarchy.UserAuthentication, client.ReadAuthenticationCertificate),
                     })
            {
                try
                {
                    using var certificate = read();
                    serials.Add((hierarchy, certificate.SerialNumber));
                }
                catch (CardCommandException)
                {
                    // No such certificate on this chip.
                }
            }
        }
        catch (Exception e) when (e is IOException or CardImageException or CardCommandException or CardDataFormatException)
        {
            services.Log.LogWarning("Recovery: an orphan card file could not be read ({Error}); removed without revoking", e.GetType().Name);
            return 0;
        }
        await using var db = services.Contexts.CreateDbContext();
        var revocations = new List<RevokedCertificate>();
        foreach (var (hierarchy, serial) in serials)
        {
            var row = await db.IssuedCertificates.AsNoTracking().SingleOrDefaultAsync(c => c.Hierarchy == hierarchy && c.SerialNumber == serial, cancellationToken);
            if (row is null || (row.CardId is { } card && await db.Set<CardRecord>().AnyAsync(c => c.Id == card, cancellationToken)))
                continue;
            if (services.Certificates.Prepare(hierarchy, serial, RevocationReasons.ForAbandonedIssue, services.Clock.GetUtcNow()) is { } revocation)
            {
                revocations.Add(revocation);
                db.Revocations.Add(Row(revocation));
            }
        }
        if (revocations.Count > 0)
        {
            db.AuditEntries.Add(AuditTrail.NewEntry(services.Clock, AuditActor.System, RolledBackAction,
                new AuditSubject("card-file", Path.GetFileNameWithoutExtension(cardFile)),
                new LocalizedText(
                    $"カードの記録がないカードファイルを削除し、その電子証明書{revocations.Count}件を失効させました。",
                    $"A card file without a card record was removed and its {revocations.Count} certificate(s) revoked.")));
            await db.SaveChangesAsync(cancellationToken);
            services.Certificates.Publish(revocations);
        }
        return revocations.Count;
    }

    /// <summary>The staged chip images of a procedure.</summary>
    private IEnumerable<string> StagedFilesOf(Guid intentId)
    {
        var directory = services.Issuing.Home.CardsDirectory;
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*." + intentId.ToString("N") + ChipWork.StagedSuffix).ToList()
            : [];
    }

    /// <summary>The card file a staged image replaces: its name without the intent and the suffix.</summary>
    private static string CardPathOf(string stagedPath)
    {
        var withoutSuffix = stagedPath[..^ChipWork.StagedSuffix.Length];
        return withoutSuffix[..withoutSuffix.LastIndexOf('.')];
    }

    /// <summary>A revocation as the database stores it.</summary>
    public static RevocationRow Row(RevokedCertificate revocation) => new()
    {
        Hierarchy = revocation.Hierarchy,
        SerialNumber = revocation.SerialNumber,
        RevokedAt = revocation.RevokedAt,
        Reason = revocation.Reason,
    };
}
