using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;

namespace Myna.Storage.Registry;

/// <summary>
/// How the registry's small value types are stored: as their digits. A stored value that no longer parses
/// is a corrupt row, and reading it throws (<see cref="Myna.Primitives.ParseResult{T}.Value"/>) rather than inventing one.
/// </summary>
internal static class RegistryConversions
{
    public static readonly ValueConverter<LocalGovernmentCode, string> Municipality =
        new(code => code.Value, text => LocalGovernmentCode.Parse(text).Value);

    public static readonly ValueConverter<ResidentRecordCode, string> RecordCode =
        new(code => code.Value, text => ResidentRecordCode.Parse(text).Value);
}
