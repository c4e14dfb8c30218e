using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
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
    /// Registers a resident and assigns a My Number (unique, check digit, never reused) and a resident record code;
    /// sends the paper document of the day (D2, D3).
    /// </summary>
    public async Task<WindowOutcome<Resident>> RegisterResidentAsync(
        ResidentRegistration form, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var today = Today;
        var municipalityCode = LocalGovernmentCode.Parse(form.Municipality);
        if (!municipalityCode.Success)
            return Refusal.Invalid(municipalityCode.Error!);
        if (ValidateName(form.FamilyName, form.GivenName, form.FamilyNameKana, form.GivenNameKana, form.FormerSurname) is { } badName)
            return badName;
        if (form.BirthDate > today)
            return Refusal.Invalid("A date of birth cannot be in the future.");
        var registeredOn = form.RegisteredOn ?? today;
        if (registeredOn > today || registeredOn < form.BirthDate)
            return Refusal.Invalid("The registration date lies between the date of birth and today.");
        if (string.IsNullOrWhiteSpace(form.Address) || form.Address.Length > 200)
            return Refusal.Invalid("An address is required (at most 200 characters).");
        if (!Enum.IsDefined(form.Sex))
            return Refusal.Invalid("Unknown sex code.");
        if (string.IsNullOrWhiteSpace(form.Nationality) != (form.ForeignResidence is null))
            return Refusal.Invalid("A foreign resident has both a nationality and a residence status (V3); a Japanese national neither.");
        if (form.FormerSurname is not null && today < PersonName.FormerSurnameRecordedFrom)
            return Refusal.ByRule("M3", $"A former surname can be recorded from {PersonName.FormerSurnameRecordedFrom:yyyy-MM-dd} (M3).");

        await using var db = _contexts.CreateDbContext();
        if (!await db.Set<Municipality>().AnyAsync(m => m.Code == municipalityCode.Value, cancellationToken))
            return Refusal.Invalid("No such municipality in the registry.");

        var resident = new Resident(
            Guid.NewGuid(), municipalityCode.Value, await NewRecordCodeAsync(db, cancellationToken), await NewMyNumberAsync(db, cancellationToken),
            new PersonName(form.FamilyName, form.GivenName, form.FamilyNameKana, form.GivenNameKana, form.FormerSurname),
            form.BirthDate, form.Sex, form.Address, registeredOn);
        resident.SetForeignResidence(form.Nationality, form.ForeignResidence);
        resident.SetDomicile(form.Domicile);
        resident.SetAdultWard(form.IsAdultWard);
        resident.SetHousehold(form.HouseholdHead, form.RelationshipToHead);
        db.Add(resident);

        // D2, D3: numbered before 2020-05-25 → notification card; from then → number notice.
        var numberedOn = registeredOn < MyNumberDocumentRule.NumberingBegan ? MyNumberDocumentRule.NumberingBegan : registeredOn;
        db.Add(new NumberDocument(Guid.NewGuid(), resident.Id, MyNumberDocumentRule.SentOnNumbering(numberedOn), numberedOn));
        Audit(db, actor, "resident.registered", ResidentSubject(resident.Id), $"registered at {municipalityCode.Value}");
        await db.SaveChangesAsync(cancellationToken);
        return WindowOutcome<Resident>.Success(resident);
    }

    /// <summary>
    /// Finds the resident with exactly this My Number, and records the search in the audit trail (who looked, how
    /// many were found, where — never the number), one entry whichever desk or API asked.
    /// </summary>
    public async Task<IReadOnlyList<ResidentSummary>> FindResidentsByMyNumberAsync(
        string myNumber, AuditActor actor, string? desk = null, CancellationToken cancellationToken = default)
    {
        var found = await FindResidentsAsync(new ResidentQuery(MyNumber: myNumber), cancellationToken);
        await using var db = _contexts.CreateDbContext();
        Audit(db, actor, "resident.searched-by-my-number", new AuditSubject("search", Guid.NewGuid().ToString("N")),
            desk is null ? $"{found.Count} found" : $"{found.Count} found ({desk})");
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    /// <summary>Finds residents for the window's search: by name or kana (part), birth date, record code, or a My Number (exact match only).</summary>
    /// <remarks>The summaries carry no My Number: a list never shows one (issue 5).</remarks>
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

    /// <summary>
    /// Q7, U2.6: records or lifts a support measure (DV等支援措置) and the 居所 where the holder actually lives, to
    /// which cards are then delivered.
    /// </summary>
    public async Task<WindowOutcome<Resident>> SetSupportMeasureAsync(
        Guid residentId, bool active, string? residence, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (residence is { Length: > 200 })
            return Refusal.Invalid("A 居所 has at most 200 characters.");
        await using var db = _contexts.CreateDbContext();
        var resident = await FindResidentAsync(db, residentId, cancellationToken);
        if (resident is null)
            return Refusal.NotFound("No such resident.");
        resident.SetSupportMeasure(active, residence);
        // The 居所 itself is not audited: it is what the measure hides.
        Audit(db, actor, active ? "resident.support-measure-set" : "resident.support-measure-lifted", ResidentSubject(resident.Id),
            active ? $"support measure recorded (Q7){(resident.Residence is null ? "" : "; 居所 registered")}" : "support measure lifted");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<Resident>.Success(resident);
    }

    /// <summary>P4: records or lifts an adult-ward ruling (成年後見), which decides the certificates that may be loaded.</summary>
    public async Task<WindowOutcome<Resident>> SetAdultWardAsync(
        Guid residentId, bool isAdultWard, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.CreateDbContext();
        var resident = await FindResidentAsync(db, residentId, cancellationToken);
        if (resident is null)
            return Refusal.NotFound("No such resident.");
        resident.SetAdultWard(isAdultWard);
        Audit(db, actor, "resident.adult-ward-changed", ResidentSubject(resident.Id), isAdultWard ? "adult ward recorded (P4)" : "adult-ward ruling lifted");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<Resident>.Success(resident);
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

    private static Refusal? ValidateName(string family, string given, string familyKana, string givenKana, string? former)
    {
        foreach (var part in new[] { family, given, familyKana, givenKana })
        {
            if (string.IsNullOrWhiteSpace(part) || part.Trim().Length > 60)
                return Refusal.Invalid("Each name part and its kana are required (at most 60 characters).");
        }
        if (former is not null && (string.IsNullOrWhiteSpace(former) || former.Length > 60))
            return Refusal.Invalid("A former surname has 1 to 60 characters.");
        if (!Katakana().IsMatch(familyKana.Trim()) || !Katakana().IsMatch(givenKana.Trim()))
            return Refusal.Invalid("The kana reading is written in katakana.");
        return null;
    }

    // Katakana, the prolonged sound mark, the middle dot and spaces (for foreign names: ジョン・スミス).
    [GeneratedRegex(@"^[\p{IsKatakana}ー・ 　]+$")]
    private static partial Regex Katakana();

    private static async Task<MyNumber> NewMyNumberAsync(MynaDbContext db, CancellationToken ct)
    {
        // The unique index is the guarantee; the check just avoids a failed save in the (1 in 10^11) collision.
        while (true)
        {
            var candidate = MyNumber.FromFirstElevenDigits(RandomDigits(11));
            if (!await db.ResidentsWithMyNumber(candidate).AnyAsync(ct))
                return candidate;
        }
    }

    private static async Task<ResidentRecordCode> NewRecordCodeAsync(MynaDbContext db, CancellationToken ct)
    {
        while (true)
        {
            var candidate = ResidentRecordCode.NewRandom();
            if (!await db.Set<Resident>().AnyAsync(r => r.RecordCode == candidate, ct))
                return candidate;
        }
    }

    private static string RandomDigits(int count) =>
        string.Create(count, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        });
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
