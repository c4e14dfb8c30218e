using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Myna.Primitives;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;

namespace Myna.Storage.Registry;

/// <summary>
/// How the registry's small value types are stored: as their digits. A stored value that no longer parses
/// is a corrupt row, and reading it throws (<see cref="ParseResult{T}.Value"/>) rather than inventing one.
/// </summary>
internal static class RegistryConversions
{
    public static readonly ValueConverter<LocalGovernmentCode, string> Municipality =
        new(code => code.Value, text => LocalGovernmentCode.Parse(text).Value);

    public static readonly ValueConverter<ResidentRecordCode, string> RecordCode =
        new(code => code.Value, text => ResidentRecordCode.Parse(text).Value);

    // Stored in the clear so that the window can find a record by exact match; the column is never listed
    // (pages mask it) and never logged. Encryption at rest is left to the database (see docs/storage.md).
    public static readonly ValueConverter<MyNumber, string> MyNumber =
        new(number => number.Reveal(), text => Primitives.MyNumber.Parse(text).Value);
}
