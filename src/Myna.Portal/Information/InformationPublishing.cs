using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Portal;

namespace Myna.Portal.Information;

/// <summary>A text in the two languages as a body sends it.</summary>
public sealed record BilingualInput(string? Ja, string? En);

/// <summary>One fact as a body sends it: its label in the two languages and its value.</summary>
public sealed record FieldInput(BilingualInput? Label, string? Value);

/// <summary>
/// What a body publishes about a holder: the holder by reference (the resident's registry id, never the My Number),
/// the category and key (the same key again replaces the item), the date it is as of (<c>yyyy-MM-dd</c>), the title,
/// the body's name and the facts.
/// </summary>
public sealed record InformationPublication(
    string? HolderReference, string? Category, string? Key, string? AsOf, BilingualInput? Title, BilingualInput? Source, IReadOnlyList<FieldInput>? Fields);

/// <summary>Why a publication was refused: bad input in a field (400) or no such holder (404).</summary>
public sealed record PublicationProblem(bool UnknownHolder, string Field, LocalizedText Text);

/// <summary>A publication's outcome: the stored item and whether it replaced one, or the problem.</summary>
public sealed record PublicationOutcome(PublishedInformation? Item, bool Replaced, PublicationProblem? Problem);

/// <summary>
/// U3.4: a public body publishes an item of わたしの情報 for a holder. Every input is bounded and checked before
/// anything is stored; each publication is audited on the resident (<c>portal.information-published</c>).
/// Which body may publish which category is the caller's business (<see cref="InformationCategories.MayPublish"/>).
/// </summary>
public sealed partial class InformationPublishing(IDbContextFactory<MynaDbContext> contexts, PortalClocks clocks)
{
    /// <summary>The audit action of a publication.</summary>
    public const string PublishedAction = "portal.information-published";

    /// <summary>The most facts an item has.</summary>
    public const int MaxFields = 40;

    /// <summary>The longest label of a fact, in one language.</summary>
    public const int MaxLabelLength = 100;

    /// <summary>The longest value of a fact.</summary>
    public const int MaxValueLength = 500;

    /// <summary>Checks and stores <paramref name="publication"/> for <paramref name="actor"/>.</summary>
    public async Task<PublicationOutcome> PublishAsync(AuditActor actor, InformationPublication publication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var today = JapanClock.Today(clocks.Civil);
        if (Check(publication, today, out var checkedInput) is { } problem)
            return new(null, false, problem);
        var (holder, category, key, asOf, fields) = checkedInput;
        await using var db = contexts.CreateDbContext();
        if (!await db.Set<Resident>().AnyAsync(r => r.Id == holder, cancellationToken))
            return new(null, false, new(true, "holderReference", new("この参照番号の住民は登録されていません。", "No resident is registered under this holder reference.")));
        var item = await db.Set<PublishedInformation>()
            .SingleOrDefaultAsync(i => i.HolderReference == holder && i.Category == category && i.Key == key, cancellationToken);
        var replaced = item is not null;
        if (item is null)
        {
            item = new PublishedInformation { Id = Guid.NewGuid(), HolderReference = holder, Category = category, Key = key };
            db.Add(item);
        }
        item.AsOf = asOf;
        item.TitleJapanese = publication.Title!.Ja!.Trim();
        item.TitleEnglish = publication.Title.En!.Trim();
        item.SourceJapanese = publication.Source!.Ja!.Trim();
        item.SourceEnglish = publication.Source.En!.Trim();
        item.Fields = fields;
        item.PublishedBy = actor.Name;
        item.PublishedAt = clocks.Civil.GetUtcNow();
        db.Add(AuditTrail.NewEntry(clocks.Civil, actor, PublishedAction, AuditSubject.Resident(holder),
            new LocalizedText($"{item.SourceJapanese}が、わたしの情報「{item.TitleJapanese}」（{category}/{key}、{TextFormat.JapaneseDate(asOf)}時点）を{(replaced ? "更新" : "掲載")}しました。",
                $"{item.SourceEnglish} {(replaced ? "updated" : "published")} the item \"{item.TitleEnglish}\" ({category}/{key}, as of {TextFormat.EnglishDate(asOf)}).")));
        await db.SaveChangesAsync(cancellationToken);
        return new(item, replaced, null);
    }

    /// <summary>The stored facts of an item.</summary>
    public static IReadOnlyList<InformationField> ReadFields(string json) =>
        JsonSerializer.Deserialize<List<StoredField>>(json)?.Select(f => new InformationField(new(f.Ja, f.En), f.Value)).ToList() ?? [];

    /// <summary>Facts as stored (<see cref="PublishedInformation.Fields"/>).</summary>
    public static string WriteFields(IEnumerable<InformationField> fields) =>
        JsonSerializer.Serialize(fields.Select(f => new StoredField(f.Label.Japanese, f.Label.English, f.Value)));

    private sealed record StoredField(
        [property: System.Text.Json.Serialization.JsonPropertyName("ja")] string Ja,
        [property: System.Text.Json.Serialization.JsonPropertyName("en")] string En,
        [property: System.Text.Json.Serialization.JsonPropertyName("value")] string Value);

    private static PublicationProblem? Check(InformationPublication p, DateOnly today, out (Guid Holder, string Category, string Key, DateOnly AsOf, string Fields) result)
    {
        result = default;
        if (!Guid.TryParse(p.HolderReference, out var holder) || holder == Guid.Empty)
            return Invalid("holderReference", "住民の参照番号（holderReference）を指定してください。", "Give the holder reference (holderReference) of the resident.");
        if (InformationCategories.Find(p.Category) is not { IsReserved: false } category)
            return Invalid("category", $"分類は {string.Join("、", PublishedCodes)} のいずれかを指定してください。",
                $"The category is one of {string.Join(", ", PublishedCodes)}.");
        if (p.Key is not { } key || !KeyPattern().IsMatch(key))
            return Invalid("key", $"キーは英小文字・数字・「-」「.」からなる{PublishedInformation.MaxKeyLength}文字以内で指定してください。",
                $"The key has 1 to {PublishedInformation.MaxKeyLength} lower-case letters, digits, '-' or '.'.");
        if (!DateOnly.TryParseExact(p.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf)
            || !CivilDates.Contains(asOf) || asOf > today)
            return Invalid("asOf", $"時点は{TextFormat.JapaneseDate(CivilDates.Earliest)}から本日までの日付を yyyy-MM-dd の形で指定してください。",
                $"The as-of date is a date from {TextFormat.EnglishDate(CivilDates.Earliest)} to today, written yyyy-MM-dd.");
        if (TextProblem(p.Title, "title", PublishedInformation.MaxTextLength, "表題", "title") is { } title)
            return title;
        if (TextProblem(p.Source, "source", PublishedInformation.MaxTextLength, "情報の保有機関名", "name of the body") is { } source)
            return source;
        if (p.Fields is not { Count: > 0 and <= MaxFields } fields)
            return Invalid("fields", $"項目（fields）を1件以上{MaxFields}件以内で指定してください。", $"Give 1 to {MaxFields} facts (fields).");
        for (var i = 0; i < fields.Count; i++)
        {
            if (TextProblem(fields[i]?.Label, $"fields[{i}].label", MaxLabelLength, "項目名", "label") is { } label)
                return label;
            if (fields[i]!.Value is not { } value || value.Trim().Length > MaxValueLength || value.Any(char.IsControl))
                return Invalid($"fields[{i}].value", $"値は{MaxValueLength}文字以内で、制御文字を含めずに指定してください。",
                    $"A value has at most {MaxValueLength} characters and no control characters.");
        }
        var json = WriteFields(fields.Select(f => new InformationField(new(f.Label!.Ja!.Trim(), f.Label.En!.Trim()), f.Value!.Trim())));
        if (json.Length > PublishedInformation.MaxFieldsLength)
            return Invalid("fields", $"項目全体が長すぎます（JSONで{PublishedInformation.MaxFieldsLength}文字まで）。",
                $"The facts are too long together (at most {PublishedInformation.MaxFieldsLength} characters as JSON).");
        result = (holder, category.Code, key, asOf, json);
        return null;
    }

    private static IEnumerable<string> PublishedCodes => InformationCategories.All.Where(c => !c.IsReserved).Select(c => c.Code);

    private static PublicationProblem? TextProblem(BilingualInput? text, string field, int max, string japanese, string english)
    {
        if (!Fits(text?.Ja, max))
            return Invalid(field + ".ja", $"{japanese}（日本語）を{max}文字以内で、制御文字を含めずに指定してください。",
                $"Give the {english} in Japanese, at most {max} characters, without control characters.");
        if (!Fits(text!.En, max))
            return Invalid(field + ".en", $"{japanese}（英語）を{max}文字以内で、制御文字を含めずに指定してください。",
                $"Give the {english} in English, at most {max} characters, without control characters.");
        return null;
    }

    private static bool Fits(string? text, int max) =>
        text is not null && text.Trim() is { Length: > 0 } trimmed && trimmed.Length <= max && !trimmed.Any(char.IsControl);

    private static PublicationProblem Invalid(string field, string japanese, string english) => new(false, field, new(japanese, english));

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
