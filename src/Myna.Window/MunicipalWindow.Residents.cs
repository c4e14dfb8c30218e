using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Documents;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Audit;

namespace Myna.Window;

// Resident records (住民票): registration, search, the file of one resident.
public sealed partial class MunicipalWindow
{
    /// <summary>
    /// Finds the resident with exactly this My Number, and records the search in the audit trail (who looked, how
    /// many were found, where — never the number), one entry whichever desk or API asked.
    /// </summary>
    public async Task<IReadOnlyList<ResidentSummary>> FindResidentsByMyNumberAsync(
        string myNumber, AuditActor actor, string? desk = null, CancellationToken cancellationToken = default)
    {
        var found = await FindResidentsAsync(new ResidentQuery(MyNumber: myNumber), cancellationToken);
        await using var db = _contexts.CreateDbContext();
        db.AuditEntries.Add(AuditTrail.NewEntry(_clock, actor, "resident.searched-by-my-number", new AuditSubject("search", Guid.NewGuid().ToString("N")),
            desk is null
                ? new LocalizedText($"個人番号で検索しました（{found.Count}件）。", $"{found.Count} found")
                : new LocalizedText($"個人番号で検索しました（{found.Count}件、{desk}）。", $"{found.Count} found ({desk})")));
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    /// <summary>Finds residents for the window's search: by name or kana (part), birth date, record code, or a My Number (exact match only).</summary>
    /// <remarks>The summaries carry no My Number: a list never shows one.</remarks>
    public async Task<IReadOnlyList<ResidentSummary>> FindResidentsAsync(ResidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = _contexts.CreateDbContext();
        var residents = db.Set<Resident>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.MyNumber))
        {
            // Exact match only, and only a well-formed number: no prefix search over My Numbers (the database holds
            // only their blind indexes, so no other search is possible there).
            var number = MyNumber.Parse(query.MyNumber.Trim());
            if (!number.Success)
                return [];
            residents = db.ResidentsWithMyNumber(number.Value).AsNoTracking();
        }
        if (!string.IsNullOrWhiteSpace(query.RecordCode))
        {
            var code = ResidentRecordCode.Parse(query.RecordCode);
            if (!code.Success)
                return [];
            residents = residents.Where(r => r.RecordCode == code.Value);
        }
        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            var name = query.Name.Trim();
            residents = residents.Where(r => r.Name.FamilyName.Contains(name) || r.Name.GivenName.Contains(name)
                || (r.Name.FormerSurname != null && r.Name.FormerSurname.Contains(name)));
        }
        if (!string.IsNullOrWhiteSpace(query.Kana))
        {
            var kana = query.Kana.Trim();
            residents = residents.Where(r => r.Name.FamilyNameKana.Contains(kana) || r.Name.GivenNameKana.Contains(kana));
        }
        if (query.BirthDate is { } birth)
            residents = residents.Where(r => r.BirthDate == birth);
        var found = await residents.OrderBy(r => r.Name.FamilyNameKana).ThenBy(r => r.Name.GivenNameKana)
            .Take(Math.Clamp(query.Limit, 1, 200)).ToListAsync(cancellationToken);
        return [.. found.Select(r => new ResidentSummary(r.Id, r.Name.OnCard, r.Name.Kana, r.BirthDate, r.Address, r.RecordCode.Value, r.Status))];
    }

    /// <summary>Everything the window knows of one resident, or null.</summary>
    public async Task<ResidentFile?> GetResidentFileAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == residentId, cancellationToken);
        if (resident is null)
            return null;
        var cards = await db.Set<Registry.Cards.CardRecord>().AsNoTracking().Where(c => c.ResidentId == residentId)
            .OrderByDescending(c => c.IssuedOn).ToListAsync(cancellationToken);
        var applications = await db.Set<Registry.Applications.CardApplication>().AsNoTracking()
            .Where(a => a.ResidentId == residentId).OrderByDescending(a => a.ReceivedOn).ToListAsync(cancellationToken);
        var documents = await db.Set<NumberDocument>().AsNoTracking().Where(d => d.ResidentId == residentId).ToListAsync(cancellationToken);
        var moves = await db.Set<Registry.Moves.ResidentMove>().AsNoTracking().Where(m => m.ResidentId == residentId)
            .OrderByDescending(m => m.MoveOutNotifiedOn).ToListAsync(cancellationToken);
        var fees = await db.Set<Registry.Fees.FeeEntry>().AsNoTracking().Where(f => f.ResidentId == residentId)
            .OrderByDescending(f => f.TakenOn).ToListAsync(cancellationToken);
        return new ResidentFile(resident, cards, applications, documents, moves, fees);
    }

    /// <summary>D: what each of the resident's documents proves today (identity, My Number), in words that name the rule.</summary>
    public static IReadOnlyList<(Guid Id, DocumentProof Proof)> ProofsOn(ResidentFile file, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(file);
        var proofs = new List<(Guid, DocumentProof)>();
        foreach (var document in file.Documents)
        {
            var changed = file.Resident.DetailsChangedOn is { } c && c <= today ? c : (DateOnly?)null;
            proofs.Add((document.Id, document.HandedBackOn is not null
                ? MyNumberDocumentRule.ForHandedBack(document.HandedBackOn.Value)
                : document.Kind == MyNumberDocument.NotificationCard
                    ? MyNumberDocumentRule.ForNotificationCard(changed, today)
                    : MyNumberDocumentRule.ForNumberNotice()));
        }
        foreach (var card in file.Cards)
            proofs.Add((card.Id, MyNumberDocumentRule.ForCard(card.StateOn(today), card.ExpiresOn, today)));
        return proofs;
    }

    /// <summary>One card record, or null.</summary>
    public async Task<Registry.Cards.CardRecord?> GetCardAsync(Guid cardId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Set<Registry.Cards.CardRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == cardId, cancellationToken);
    }
}

/// <summary>The window's search form; every field optional, all given ones must match.</summary>
public sealed record ResidentQuery(
    string? Name = null, string? Kana = null, DateOnly? BirthDate = null, string? RecordCode = null, string? MyNumber = null, int Limit = 50)
{
    public override string ToString() => "ResidentQuery";
}

/// <summary>A line of a search result: never the My Number.</summary>
public sealed record ResidentSummary(Guid Id, string Name, string Kana, DateOnly BirthDate, string Address, string RecordCode, ResidentStatus Status);

/// <summary>One resident with their cards, applications, documents, moves and fees.</summary>
public sealed record ResidentFile(
    Resident Resident,
    IReadOnlyList<Registry.Cards.CardRecord> Cards,
    IReadOnlyList<Registry.Applications.CardApplication> Applications,
    IReadOnlyList<NumberDocument> Documents,
    IReadOnlyList<Registry.Moves.ResidentMove> Moves,
    IReadOnlyList<Registry.Fees.FeeEntry> Fees);
