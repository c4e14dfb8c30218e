using Myna.Primitives;
using Myna.Primitives.Text;

namespace Myna.Window.Procedures.Records;

/// <summary>The checks the record procedures share, made before any change.</summary>
internal static class RecordChecks
{
    /// <summary>A text that must be given: at most the field's length as the record keeps it, only characters a record keeps.</summary>
    public static Refusal? RequiredText(InputField field, string? text) =>
        string.IsNullOrWhiteSpace(text) ? Refusals.Required(field) : Checks.OptionalText(field, text);

    /// <summary>A day between <paramref name="earliest"/> (a birth date) and today, both included.</summary>
    public static Refusal? Day(InputField field, DateOnly day, DateOnly earliest, DateOnly today) =>
        day > today || day < earliest ? Refusals.DateOutOfRange(field) : null;

    /// <summary>A day in the Japanese calendar's range (from Meiji on) and not in the future.</summary>
    public static Refusal? PastDay(InputField field, DateOnly day, DateOnly today) =>
        day > today ? Refusals.DateInFuture(field) : day < JapaneseEras.Earliest ? Refusals.DateOutOfRange(field) : null;
}
