using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Myna.Primitives;
using Myna.Primitives.Text;
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

    /// <summary>The name parts of a registration or a change of name, as the record will keep them (full-width).</summary>
    public static Refusal? Name(string? family, string? given, string? familyKana, string? givenKana, string? former)
    {
        foreach (var (field, part) in new[]
                 {
                     (InputField.FamilyName, family), (InputField.GivenName, given),
                     (InputField.FamilyNameKana, familyKana), (InputField.GivenNameKana, givenKana),
                 })
        {
            if (string.IsNullOrWhiteSpace(part) || RecordText.Normalize(part).Length > field.MaxLength)
                return Refusals.NamePartRequired(field);
            if (Text(field, part) is { } bad)
                return bad;
        }
        if (former is not null && (string.IsNullOrWhiteSpace(former) || RecordText.Normalize(former).Length > InputField.FormerSurname.MaxLength))
            return Refusals.FormerSurnameLength;
        if (former is not null && Text(InputField.FormerSurname, former) is { } badFormer)
            return badFormer;
        if (!Katakana().IsMatch(RecordText.Normalize(familyKana!)))
            return Refusals.KanaInKatakana(InputField.FamilyNameKana);
        if (!Katakana().IsMatch(RecordText.Normalize(givenKana!)))
            return Refusals.KanaInKatakana(InputField.GivenNameKana);
        return null;
    }

    /// <summary>An address (or 居所, destination): required, at most 200 characters, only characters a record keeps.</summary>
    public static Refusal? Address(string? address, Refusal whenMissing)
    {
        if (string.IsNullOrWhiteSpace(address) || RecordText.Normalize(address).Length > InputField.Address.MaxLength)
            return whenMissing;
        return Text(whenMissing.Field ?? InputField.Address, address);
    }

    /// <summary>An optional text of the record (domicile, household, nationality): bounded, only characters a record keeps.</summary>
    public static Refusal? OptionalText(InputField field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (Math.Max(text.Trim().Length, RecordText.Normalize(text).Length) > field.MaxLength)
            return Refusals.TooLong(field);
        return Text(field, text);
    }

    /// <summary>
    /// Control and format characters (U+0000, U+202E …) are never kept in a record: they would be invisible on a page and
    /// break the card face. Refused with the characters' code points (never the text itself).
    /// </summary>
    public static Refusal? Text(InputField field, string text)
    {
        var bad = text.EnumerateRunes()
            .Where(r => Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            .Distinct()
            .ToList();
        return bad.Count == 0 ? null : Refusals.UnwritableCharacters(field, bad.Select(CodePoint));
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
        if (Text(InputField.Name, nameOnCard) is { } badName)
            return badName;
        if (Text(InputField.Address, address) is { } badAddress)
            return badAddress;
        if (work.Issuing.CharactersWithoutGlyph(nameOnCard) is { Count: > 0 } nameGlyphs)
            return Refusals.UnwritableCharacters(InputField.Name, nameGlyphs.Select(CodePoint));
        if (work.Issuing.CharactersWithoutGlyph(address) is { Count: > 0 } addressGlyphs)
            return Refusals.UnwritableCharacters(InputField.Address, addressGlyphs.Select(CodePoint));
        return null;
    }

    private static string CodePoint(Rune rune) => $"U+{rune.Value:X4}";

    // Katakana, the prolonged sound mark, the middle dot and spaces (for foreign names: ジョン・スミス).
    [GeneratedRegex(@"^[\p{IsKatakana}ー・ 　]+$")]
    private static partial Regex Katakana();
}
