using Myna.Primitives.Text;

namespace Myna.Registry.Residents;

/// <summary>
/// A resident's name as the resident record (住民票) holds it: family and given name, their kana, and the
/// former surname (旧氏, M3) when one was recorded.
/// </summary>
/// <remarks>Names are in the record's own script (kanji, or the alphabet for many foreign residents), full-width as the
/// record keeps all text (<see cref="RecordText"/>).</remarks>
public sealed record PersonName
{
    /// <summary>M3: former surnames are recorded on resident records and cards from 2019-11-05 (令和元年11月5日).</summary>
    public static readonly DateOnly FormerSurnameRecordedFrom = new(2019, 11, 5);

    public PersonName(string familyName, string givenName, string familyNameKana, string givenNameKana, string? formerSurname = null)
    {
        FamilyName = Required(familyName, nameof(familyName));
        GivenName = Required(givenName, nameof(givenName));
        FamilyNameKana = Required(familyNameKana, nameof(familyNameKana));
        GivenNameKana = Required(givenNameKana, nameof(givenNameKana));
        FormerSurname = string.IsNullOrWhiteSpace(formerSurname) ? null : RecordText.Normalize(formerSurname);
    }

    public string FamilyName { get; }

    public string GivenName { get; }

    public string FamilyNameKana { get; }

    public string GivenNameKana { get; }

    /// <summary>The former surname (旧氏) written alongside, or null (M3).</summary>
    public string? FormerSurname { get; }

    /// <summary>
    /// The name as the card and the chip show it: family and given name separated by an ideographic space,
    /// the former surname in full-width brackets after the family name (M3: <c>番号［旧氏］　花子</c>).
    /// </summary>
    public string OnCard => FormerSurname is null
        ? $"{FamilyName}\u3000{GivenName}"
        : $"{FamilyName}［{FormerSurname}］\u3000{GivenName}";

    /// <summary>The kana reading, family and given name separated by an ideographic space.</summary>
    public string Kana => $"{FamilyNameKana}\u3000{GivenNameKana}";

    public override string ToString() => OnCard;

    private static string Required(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        // As the record keeps it: the length the window checked (spaces trimmed, half-width kana joined).
        var kept = RecordText.Normalize(value);
        if (kept.Length > 60)
            throw new ArgumentException("A name part has at most 60 characters.", name);
        return kept;
    }
}
