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
    /// Finds the resident with exactly this My Number, and records the look-up in the audit trail (who looked, how many
    /// were found, where — never the number): one entry for the search, one for each resident it found.
    /// </summary>
    /// <exception cref="ArgumentException">Not a well-formed My Number (12 digits with a correct check digit).</exception>
    public async Task<IReadOnlyList<ResidentSummary>> FindResidentsByMyNumberAsync(
        string myNumber, AuditActor actor, LookupChannel channel = LookupChannel.Window, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(myNumber) || !MyNumber.Parse(myNumber.Trim()).Success)
            throw new ArgumentException("Not a well-formed My Number.", nameof(myNumber));
        var found = await FindResidentsAsync(new ResidentQuery(MyNumber: myNumber), cancellationToken);
        await AuditLookupAsync(actor, channel, new LocalizedText("個人番号", "My Number"), found, cancellationToken);
        return found;
    }

    /// <summary>
    /// Finds residents as <see cref="FindResidentsAsync"/> does, and records the look-up: one entry for the search (which
    /// kinds of criteria, how many found — never the values typed) and one for each resident shown, so that the holder's
    /// record of who looked at their data (the exchange history a portal shows) is complete.
    /// </summary>
    /// <param name="query">What to look for.</param>
    /// <param name="actor">Who looks.</param>
    /// <param name="channel">Where.</param>
    /// <param name="shown">Which of the found residents are shown (the call centre shows only those whose address also
    /// matches); null: all. Only those shown are recorded and returned.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    public async Task<IReadOnlyList<ResidentSummary>> SearchResidentsAsync(
        ResidentQuery query, AuditActor actor, LookupChannel channel, Func<ResidentSummary, bool>? shown = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = (await FindResidentsAsync(query, cancellationToken)).Where(shown ?? (_ => true)).ToList();
        var criteria = new List<LocalizedText>();
        if (!string.IsNullOrWhiteSpace(query.Name))
            criteria.Add(new("氏名", "name"));
        if (!string.IsNullOrWhiteSpace(query.Kana))
            criteria.Add(new("ふりがな", "kana"));
        if (query.BirthDate is not null)
            criteria.Add(new("生年月日", "date of birth"));
        if (!string.IsNullOrWhiteSpace(query.RecordCode))
            criteria.Add(new("住民票コード", "resident record code"));
        if (!string.IsNullOrWhiteSpace(query.MyNumber))
            criteria.Add(new("個人番号", "My Number"));
        if (criteria.Count == 0)
            criteria.Add(new("なし", "no criteria"));
        await AuditLookupAsync(actor, channel,
            new LocalizedText(string.Join("・", criteria.Select(c => c.Japanese)), string.Join(", ", criteria.Select(c => c.English))), found, cancellationToken);
        return found;
    }

    /// <summary>The file of one resident (<see cref="GetResidentFileAsync"/>) shown to <paramref name="actor"/>, recorded in the audit trail.</summary>
    public async Task<ResidentFile?> ViewResidentFileAsync(Guid residentId, AuditActor actor, LookupChannel channel, CancellationToken cancellationToken = default)
    {
        var file = await GetResidentFileAsync(residentId, cancellationToken);
        if (file is null)
            return null;
        var (japanese, english) = Words(channel);
        await AuditViewAsync(actor, ResidentViewedAction, AuditSubject.Resident(residentId),
            new LocalizedText($"{japanese}で住民の記録を表示しました。", $"The record was shown ({english})."), cancellationToken);
        return file;
    }

    /// <summary>The audit action of a resident's record shown to staff.</summary>
    public const string ResidentViewedAction = "resident.viewed";

    /// <summary>The audit action of a resident found by a search and shown in its list.</summary>
    public const string ResidentFoundAction = "resident.found";

    /// <summary>The audit action of a search itself.</summary>
    public const string SearchAction = "resident.searched";

    private async Task AuditLookupAsync(
        AuditActor actor, LookupChannel channel, LocalizedText criteria, IReadOnlyList<ResidentSummary> found, CancellationToken cancellationToken)
    {
        var (japanese, english) = Words(channel);
        await using var db = _contexts.CreateDbContext();
        db.AuditEntries.Add(AuditTrail.NewEntry(_clock, actor, SearchAction, new AuditSubject("search", Guid.NewGuid().ToString("N")),
            new LocalizedText($"{japanese}で住民を検索しました（条件：{criteria.Japanese}、{found.Count}件）。",
                $"Residents searched by {criteria.English} ({english}): {found.Count} found.")));
        foreach (var resident in found)
        {
            db.AuditEntries.Add(AuditTrail.NewEntry(_clock, actor, ResidentFoundAction, AuditSubject.Resident(resident.Id),
                new LocalizedText($"{japanese}での検索（条件：{criteria.Japanese}）の結果に表示しました。",
                    $"Shown in the result of a search by {criteria.English} ({english}).")));
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static (string Japanese, string English) Words(LookupChannel channel) => channel switch
    {
        LookupChannel.CallCentre => ("コールセンター", "call centre"),
        LookupChannel.Api => ("API", "API"),
        LookupChannel.Insurer => ("保険者の画面", "insurer's pages"),
        _ => ("窓口", "window"),
    };

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

/// <summary>Where staff looked a resident up: what the audit trail says of a look-up.</summary>
public enum LookupChannel
{
    /// <summary>The window's pages.</summary>
    Window,

    /// <summary>The call centre's pages (identification before a suspension).</summary>
    CallCentre,

    /// <summary>The JSON API.</summary>
    Api,

    /// <summary>The insurers' pages (finding the person to enrol, U1.1).</summary>
    Insurer,
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
