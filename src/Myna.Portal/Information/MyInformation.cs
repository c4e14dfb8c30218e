using Microsoft.EntityFrameworkCore;
using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Portal;

namespace Myna.Portal.Information;

/// <summary>One fact of an item: its label in the two languages and its value as the source holds it.</summary>
public sealed record InformationField(LocalizedText Label, string Value);

/// <summary>
/// An item of わたしの情報 (U3.4): information a public body holds about the holder, with the body that holds it and the
/// date it is as of.
/// </summary>
/// <param name="Category">What kind of information (<c>resident-record</c>, <c>tax</c>, <c>pension</c>, <c>vaccination</c> …).</param>
/// <param name="Title">What the item is.</param>
/// <param name="Source">The body that holds it.</param>
/// <param name="AsOf">The date it is as of.</param>
/// <param name="Fields">Its facts.</param>
public sealed record InformationItem(string Category, LocalizedText Title, LocalizedText Source, DateOnly AsOf, IReadOnlyList<InformationField> Fields);

/// <summary>
/// わたしの情報 (U3.4): what government holds about the holder, each item naming its source and date. The resident
/// record comes from the municipality's registry; tax, pension and vaccination items are what the bodies published
/// (<see cref="InformationPublishing"/>), in the order of <see cref="InformationCategories.All"/>, newest first.
/// </summary>
public sealed class MyInformation(IDbContextFactory<MynaDbContext> contexts)
{
    /// <summary>The holder's items; empty when the registry has no record under the reference.</summary>
    public async Task<IReadOnlyList<InformationItem>> ItemsAsync(Guid holderReference, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == holderReference, cancellationToken);
        if (resident is null)
            return [];
        var municipality = await db.Set<Municipality>().AsNoTracking().SingleOrDefaultAsync(m => m.Code == resident.Municipality, cancellationToken);
        var published = await db.Set<PublishedInformation>().AsNoTracking().Where(i => i.HolderReference == holderReference).ToListAsync(cancellationToken);
        var order = InformationCategories.All.Select(c => c.Code).ToList();
        return
        [
            ResidentRecord(resident, municipality),
            .. published.OrderBy(i => order.IndexOf(i.Category)).ThenByDescending(i => i.AsOf).ThenBy(i => i.Key, StringComparer.Ordinal)
                .Select(i => new InformationItem(i.Category, new(i.TitleJapanese, i.TitleEnglish), new(i.SourceJapanese, i.SourceEnglish), i.AsOf,
                    InformationPublishing.ReadFields(i.Fields))),
        ];
    }

    private static InformationItem ResidentRecord(Resident resident, Municipality? municipality)
    {
        var fields = new List<InformationField>
        {
            new(new("氏名", "Name"), resident.Name.OnCard),
            new(new("氏名（フリガナ）", "Name (kana)"), resident.Name.Kana),
            new(new("生年月日", "Date of birth"), TextFormat.EnglishDate(resident.BirthDate)),
            new(new("住所", "Address"), resident.Address),
        };
        if (resident.HouseholdHead is { } head)
            fields.Add(new(new("世帯主", "Head of household"), head));
        if (resident.RelationshipToHead is { } relationship)
            fields.Add(new(new("世帯主との続柄", "Relationship to the head"), relationship));
        return new InformationItem(InformationCategories.ResidentRecord, new("住民票の情報", "Resident record"), Municipality.DisplayNameOf(municipality),
            resident.DetailsChangedOn ?? resident.RegisteredOn, fields);
    }

}
