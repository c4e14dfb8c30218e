using Myna.Primitives.Text;

namespace Myna.Portal.Procedures;

/// <summary>The kinds of value a form field takes.</summary>
public enum FieldType
{
    /// <summary>Free text, full-width as the register keeps it.</summary>
    Text,

    /// <summary>A date (yyyy-MM-dd).</summary>
    Date,

    /// <summary>A whole number.</summary>
    Number,

    /// <summary>One of the listed choices.</summary>
    Choice,
}

/// <summary>One choice of a <see cref="FieldType.Choice"/> field: the value sent and its label.</summary>
public sealed record FieldChoice(string Value, LocalizedText Label);

/// <summary>A field of a procedure's form.</summary>
/// <param name="Name">The field's name in the form and in the signed content (ASCII, camelCase).</param>
/// <param name="Label">What the holder reads.</param>
/// <param name="Type">The kind of value.</param>
/// <param name="Required">Whether it must be filled.</param>
/// <param name="MaxLength">The longest text (Text fields).</param>
/// <param name="Choices">The choices (Choice fields).</param>
public sealed record FormField(string Name, LocalizedText Label, FieldType Type, bool Required = true, int MaxLength = 100, IReadOnlyList<FieldChoice>? Choices = null);

/// <summary>How an application is made good: signed with the signature certificate, or by the login with the card alone.</summary>
public enum ProcedureSigning
{
    /// <summary>The application is signed as CMS with the signature certificate and its password (E1).</summary>
    SignatureCertificate,

    /// <summary>The login with the user-authentication certificate is enough (U3.7).</summary>
    LoginOnly,
}

/// <summary>
/// A procedure of ぴったりサービス (U3.2): what it is, which life events and category it belongs to, which municipalities
/// offer it online, how an application is made good, and its form.
/// </summary>
public sealed record OnlineProcedure(
    string Id,
    LocalizedText Title,
    LocalizedText Summary,
    string Category,
    IReadOnlyList<string> LifeEvents,
    IReadOnlyList<string> Municipalities,
    ProcedureSigning Signing,
    IReadOnlyList<FormField> Fields)
{
    /// <summary>Whether <paramref name="municipality"/> (its 5-digit code) offers the procedure online.</summary>
    public bool IsOfferedBy(string municipality) => Municipalities.Contains(municipality);
}
