using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Myna.RegistryScale;

/// <summary>
/// One table's columns as the EF model maps them, and how to get each column's value from an entity: its own
/// properties, those of complex types (a resident's name) and of owned types in the same table (a card's certificates),
/// each with its type mapping (the conversion EF itself applies); the shadow properties (the My Number's ciphertext and
/// blind index, the version) from the caller. A column the model gains that the generator does not know fails at once,
/// so the bulk load cannot drift from the schema silently.
/// </summary>
public sealed class ModelRows<T> where T : class
{
    private readonly Func<T, object?>[] _values;

    public ModelRows(DbContext db, IReadOnlyDictionary<string, Func<T, object?>> shadow)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(shadow);
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        TableName = entity.GetTableName()!;
        var table = StoreObjectIdentifier.Table(TableName, entity.GetSchema());
        var columns = new List<(string Name, RelationalTypeMapping Mapping, bool Nullable, Func<T, object?> Value)>();
        foreach (var property in entity.GetProperties())
        {
            Func<T, object?> value = property.IsShadowProperty()
                ? shadow.GetValueOrDefault(property.Name) ?? throw new InvalidOperationException(
                    $"{typeof(T).Name}.{property.Name} (column {property.GetColumnName(table)}) is a shadow property the generator does not fill.")
                : property.GetGetter().GetClrValueUsingContainingEntity;
            columns.Add((property.GetColumnName(table)!, property.GetRelationalTypeMapping(), property.IsNullable, value));
        }
        foreach (var complex in entity.GetComplexProperties())
        {
            foreach (var property in complex.ComplexType.GetProperties())
                columns.Add((property.GetColumnName(table)!, property.GetRelationalTypeMapping(), property.IsNullable, property.GetGetter().GetClrValueUsingContainingEntity));
        }
        // Owned types sharing the table (table splitting): their columns, read through the owner's navigation; their
        // key is the owner's and is written once.
        foreach (var navigation in entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && n.TargetEntityType.GetTableName() == TableName))
        {
            var owned = navigation.TargetEntityType;
            var getOwned = navigation.GetGetter();
            foreach (var property in owned.GetProperties().Where(p => !p.IsPrimaryKey()))
            {
                var getter = property.GetGetter();
                columns.Add((property.GetColumnName(table)!, property.GetRelationalTypeMapping(), true,
                    row => getOwned.GetClrValueUsingContainingEntity(row) is { } part ? getter.GetClrValue(part) : null));
            }
        }
        Columns = [.. columns.Select(c => c.Name)];
        Mappings = [.. columns.Select(c => c.Mapping)];
        Nullable = [.. columns.Select(c => c.Nullable)];
        _values = [.. columns.Select(c => c.Value)];
    }

    public string TableName { get; }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>Each column's type mapping: its provider type, store type and conversion.</summary>
    public IReadOnlyList<RelationalTypeMapping> Mappings { get; }

    public IReadOnlyList<bool> Nullable { get; }

    /// <summary>The value of column <paramref name="column"/> of <paramref name="row"/>, as the model holds it (before conversion).</summary>
    public object? Value(T row, int column) => _values[column](row);

    /// <summary>The value converted for the database, as EF converts it when it saves.</summary>
    public object? ProviderValue(T row, int column)
    {
        var value = _values[column](row);
        return value is null ? null : Mappings[column].Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }
}
