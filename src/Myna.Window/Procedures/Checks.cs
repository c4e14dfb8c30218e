using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Myna.Primitives;
using Myna.Registry.Residents;
using Myna.Storage.Audit;

namespace Myna.Window.Procedures;

/// <summary>Checks the procedures share, made before any effect, and the audit subjects they write.</summary>
internal static partial class Checks
{
    public static AuditSubject ResidentSubject(Guid id) => new("resident", id.ToString("N"));

    public static AuditSubject CardSubject(Guid id) => new("card", id.ToString("N"));

    /// <summary>A PIN typed in a form, parsed; null when the field was left empty.</summary>
    public static (Pin? Pin, Refusal? Refusal) OptionalPin(PinKind kind, string? text)
    {
        if (string.IsNullOrEmpty(text))
            return (null, null);
        var parsed = Pin.Parse(kind, text);
        return parsed.Success ? (parsed.Value, null) : (null, Refusals.BadPin(kind));
    }

    /// <summary>A PIN that must be given.</summary>
    public static (Pin? Pin, Refusal? Refusal) RequiredPin(PinKind kind, string? text)
    {
        var parsed = Pin.Parse(kind, text ?? "");
        return parsed.Success ? (parsed.Value, null) : (null, Refusals.BadPin(kind));
    }

    /// <summary>The name parts of a registration or a change of name.</summary>
    public static Refusal? Name(string family, string given, string familyKana, string givenKana, string? former)
    {
        foreach (var part in new[] { family, given, familyKana, givenKana })
        {
            if (string.IsNullOrWhiteSpace(part) || part.Trim().Length > 60)
                return Refusals.NamePartsRequired;
        }
        if (former is not null && (string.IsNullOrWhiteSpace(former) || former.Length > 60))
            return Refusals.FormerSurnameLength;
        if (!Katakana().IsMatch(familyKana.Trim()) || !Katakana().IsMatch(givenKana.Trim()))
            return Refusals.KanaInKatakana;
        return Text("name", "氏名", family + given + (former ?? ""));
    }

    /// <summary>An address (or 居所, destination): required, at most 200 characters, only characters a record keeps.</summary>
    public static Refusal? Address(string? address, Refusal whenMissing)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 200)
            return whenMissing;
        return Text("address", "住所", address);
    }

    /// <summary>
    /// Control and format characters (U+0000, U+202E …) are never kept in a record: they would be invisible on a page and
    /// break the card face. Refused with the characters' code points (never the text itself).
    /// </summary>
    public static Refusal? Text(string field, string japaneseField, string text)
    {
        var bad = text.EnumerateRunes()
            .Where(r => Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            .Distinct()
            .ToList();
        return bad.Count == 0 ? null : Refusals.UnwritableCharacters(field, japaneseField, bad.Select(CodePoint));
    }

    /// <summary>
    /// The four details the card face and the signature certificate will carry: every character drawable with the card
    /// face's font, the birth date writable in a Japanese era. Checked before the chip is touched.
    /// </summary>
    public static Refusal? CardFace(WindowWork work, Resident resident) =>
        CardFace(work, resident.Name.OnCard, resident.Address, resident.BirthDate);

    /// <inheritdoc cref="CardFace(WindowWork, Resident)"/>
    public static Refusal? CardFace(WindowWork work, string nameOnCard, string address, DateOnly birthDate)
    {
        if (birthDate < JapaneseEras.Earliest)
            return Refusals.BirthDateBeforeEras;
        if (Text("name", "氏名", nameOnCard) is { } badName)
            return badName;
        if (Text("address", "住所", address) is { } badAddress)
            return badAddress;
        if (work.Issuing.CharactersWithoutGlyph(nameOnCard) is { Count: > 0 } nameGlyphs)
            return Refusals.UnwritableCharacters("name", "氏名", nameGlyphs.Select(CodePoint));
        if (work.Issuing.CharactersWithoutGlyph(address) is { Count: > 0 } addressGlyphs)
            return Refusals.UnwritableCharacters("address", "住所", addressGlyphs.Select(CodePoint));
        return null;
    }

    private static string CodePoint(Rune rune) => $"U+{rune.Value:X4}";

    // Katakana, the prolonged sound mark, the middle dot and spaces (for foreign names: ジョン・スミス).
    [GeneratedRegex(@"^[\p{IsKatakana}ー・ 　]+$")]
    private static partial Regex Katakana();
}
