using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Myna.Kiosk;
using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Kiosk;

namespace Myna.ConvenienceIssuance.Municipal;

/// <summary>A municipality's kiosk settings as an administrator sets them (U2.9).</summary>
/// <param name="Fees">The certificates offered and the fee of each, in yen (0 to <see cref="MaxFeeYen"/>).</param>
/// <param name="MaintenanceDays">The days the service stops (at most <see cref="MaxMaintenanceDays"/>).</param>
/// <param name="FamilyRegisterForNonResidents">Whether holders registered elsewhere get the family-register certificates after a use registration.</param>
/// <param name="CityHallMachine">The city-hall machine's hours, or null when there is none.</param>
public sealed record KioskSettingsForm(
    IReadOnlyDictionary<KioskCertificate, int> Fees, IReadOnlyList<DateOnly>? MaintenanceDays, bool FamilyRegisterForNonResidents, DailyHours? CityHallMachine)
{
    public const int MaxFeeYen = 10_000;
    public const int MaxMaintenanceDays = 366;
}

/// <summary>
/// The municipalities' kiosk settings (U2.9), kept in the database and read from memory: loaded at start (the defaults
/// written for municipalities that have none yet), changed by administrators, each change audited.
/// </summary>
public sealed class KioskServiceSettings(IDbContextFactory<MynaDbContext> contexts, TimeProvider clock)
{
    public const string ChangedAction = "kiosk.settings-changed";

    private volatile IReadOnlyDictionary<string, KioskSettings> _current = new Dictionary<string, KioskSettings>();

    /// <summary>The settings in force, by municipality (6-digit code).</summary>
    public IReadOnlyDictionary<string, KioskSettings> Current => _current;

    /// <summary>Writes <paramref name="defaults"/> for municipalities without settings, then loads them all.</summary>
    public async Task LoadAsync(IEnumerable<KioskSettings> defaults, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        await using (var db = contexts.CreateDbContext())
        {
            var present = await db.Set<KioskSettingsRow>().Select(s => s.Municipality).ToListAsync(cancellationToken);
            var known = await db.Set<Municipality>().Select(m => m.Code).ToListAsync(cancellationToken);
            foreach (var each in defaults.Where(d => !present.Contains(d.Municipality.Value) && known.Contains(d.Municipality)))
                db.Add(Row(each.Municipality.Value, new KioskSettingsForm(each.Fees, [.. each.MaintenanceDays], each.FamilyRegisterForNonResidents, each.CityHallMachineHours)));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another process wrote them at the same moment: theirs are loaded below.
            }
        }
        await ReloadAsync(cancellationToken);
    }

    /// <summary>Replaces <paramref name="municipality"/>'s settings, or says why not (nothing changed).</summary>
    public async Task<KioskAnswer<KioskSettings>> UpdateAsync(string municipality, KioskSettingsForm form, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!LocalGovernmentCode.Parse(municipality).TryGetValue(out var code))
            return Invalid(new("市区町村コードが正しくありません。", "Not a local government code."));
        if (Check(form) is { } refusal)
            return refusal;
        await using var db = contexts.CreateDbContext();
        if (!await db.Set<Municipality>().AnyAsync(m => m.Code == code, cancellationToken))
            return Invalid(new("その市区町村は登録されていません。", "No such municipality in the registry."));
        var row = await db.Set<KioskSettingsRow>().SingleOrDefaultAsync(s => s.Municipality == code.Value, cancellationToken);
        var updated = Row(code.Value, form);
        if (row is null)
            db.Add(updated);
        else
        {
            row.Fees = updated.Fees;
            row.MaintenanceDays = updated.MaintenanceDays;
            row.FamilyRegisterForNonResidents = updated.FamilyRegisterForNonResidents;
            row.CityHallOpens = updated.CityHallOpens;
            row.CityHallCloses = updated.CityHallCloses;
            row.UpdatedAt = clock.GetUtcNow();
            row.Version++;
        }
        db.AuditEntries.Add(AuditTrail.NewEntry(clock, actor, ChangedAction, new AuditSubject("municipality", code.Value), new LocalizedText(
            $"コンビニ交付の設定を変更しました（証明書{form.Fees.Count}種類、保守日{form.MaintenanceDays?.Count ?? 0}日）。",
            $"Changed the kiosk settings ({form.Fees.Count} certificates, {form.MaintenanceDays?.Count ?? 0} maintenance days).")));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new KioskRefusal("conflict", null, new("ほかの職員が同時に設定を変更しました。もう一度読み込んでから変更してください。",
                "Someone else changed the settings at the same time. Load them again and retry."));
        }
        await ReloadAsync(cancellationToken);
        return KioskAnswer<KioskSettings>.Of(_current[code.Value]);
    }

    /// <summary>Reads every municipality's settings from the database into memory.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<KioskSettingsRow>().AsNoTracking().ToListAsync(cancellationToken);
        var names = await db.Set<Municipality>().AsNoTracking().ToListAsync(cancellationToken);
        _current = rows.ToDictionary(r => r.Municipality, r => Settings(r, names.SingleOrDefault(m => m.Code.Value == r.Municipality)));
    }

    private static KioskSettings Settings(KioskSettingsRow row, Municipality? municipality) => new(
        LocalGovernmentCode.Parse(row.Municipality).Value,
        municipality is null ? new LocalizedText(row.Municipality, row.Municipality) : new LocalizedText(municipality.Name, municipality.NameRomaji),
        JsonSerializer.Deserialize<Dictionary<KioskCertificate, int>>(row.Fees) ?? [],
        (JsonSerializer.Deserialize<List<DateOnly>>(row.MaintenanceDays) ?? []).ToHashSet(),
        row.FamilyRegisterForNonResidents,
        row.CityHallOpens is { } opens && row.CityHallCloses is { } closes ? new DailyHours(opens, closes) : null);

    private KioskSettingsRow Row(string municipality, KioskSettingsForm form) => new()
    {
        Municipality = municipality,
        Fees = JsonSerializer.Serialize(form.Fees.OrderBy(f => f.Key).ToDictionary(f => f.Key.ToString(), f => f.Value)),
        MaintenanceDays = JsonSerializer.Serialize((form.MaintenanceDays ?? []).Distinct().Order()),
        FamilyRegisterForNonResidents = form.FamilyRegisterForNonResidents,
        CityHallOpens = form.CityHallMachine?.Opens,
        CityHallCloses = form.CityHallMachine?.Closes,
        UpdatedAt = clock.GetUtcNow(),
    };

    private static KioskRefusal? Check(KioskSettingsForm form)
    {
        if (form.Fees is null || form.Fees.Keys.Any(k => !Enum.IsDefined(k)))
            return Invalid(new("証明書の種類が正しくありません。", "Unknown certificate."));
        if (form.Fees.Values.Any(fee => fee is < 0 or > KioskSettingsForm.MaxFeeYen))
            return Invalid(new($"手数料は0円から{KioskSettingsForm.MaxFeeYen:#,0}円までで設定してください。", $"A fee is from 0 to {KioskSettingsForm.MaxFeeYen:#,0} yen."));
        if (form.MaintenanceDays is { Count: > KioskSettingsForm.MaxMaintenanceDays })
            return Invalid(new($"保守日は{KioskSettingsForm.MaxMaintenanceDays}日までです。", $"At most {KioskSettingsForm.MaxMaintenanceDays} maintenance days."));
        if (form.CityHallMachine is { } hours && hours.Closes <= hours.Opens)
            return Invalid(new("市役所の機械の終了時刻は開始時刻より後にしてください。", "The city-hall machine closes after it opens."));
        return null;
    }

    private static KioskRefusal Invalid(LocalizedText text) => new("invalid-settings", RuleIds.U2_9, text);
}
