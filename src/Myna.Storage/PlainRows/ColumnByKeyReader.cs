using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Myna.Storage.PlainRows;

/// <summary>
/// One column of rows read by their key, as plain SQL made once from the EF model and prepared once on the connection of
/// a context its owner keeps open: SQLite, in the process, answers a prepared point read in microseconds, where a query
/// through EF costs its translation's cache look-up, a new command and SQLite's parse and plan of it on every execution.
/// For a database over the network a read of many keys in one query is the better choice (one round trip).
/// </summary>
public sealed class ColumnByKeyReader : IDisposable
{
    private readonly DbCommand _command;
    private readonly RelationalTypeMapping _key;
    private readonly Func<DbDataReader, object?> _read;

    private ColumnByKeyReader(DbCommand command, RelationalTypeMapping key, Func<DbDataReader, object?> read) =>
        (_command, _key, _read) = (command, key, read);

    /// <summary>The reader of <paramref name="property"/> of rows of <typeparamref name="T"/> by their key, on <paramref name="db"/>'s connection, which must stay open while it is used.</summary>
    public static ColumnByKeyReader Of<T>(DbContext db, string property)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var column = entity.FindProperty(property) ?? throw new ArgumentException($"{typeof(T).Name} has no property {property}.", nameof(property));
        var sql = db.GetService<ISqlGenerationHelper>();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = new StringBuilder("SELECT ").Append(sql.DelimitIdentifier(column.GetColumnName())).Append(" FROM ")
            .Append(sql.DelimitIdentifier(entity.GetTableName()!)).Append(" WHERE ").Append(sql.DelimitIdentifier(key.GetColumnName()))
            .Append(" = @p0").ToString();
        var mapping = column.GetRelationalTypeMapping();
        var providerType = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        Func<DbDataReader, object?> read = reader =>
        {
            if (reader.IsDBNull(0))
                return null;
            var stored = Convert.ChangeType(reader.GetValue(0), Nullable.GetUnderlyingType(providerType) ?? providerType, CultureInfo.InvariantCulture);
            return mapping.Converter is { } converter ? converter.ConvertFromProvider(stored) : stored;
        };
        return new ColumnByKeyReader(command, key.GetRelationalTypeMapping(), read);
    }

    /// <summary>The column of the row with the key <paramref name="key"/>; false when there is no such row.</summary>
    public bool TryRead(object key, out object? value)
    {
        // The key's mapping makes the parameter as EF would (a Guid as SQLite's text, for one); the prepared statement stays.
        _command.Parameters.Clear();
        _command.Parameters.Add(_key.CreateParameter(_command, "@p0", key, nullable: false));
        using var reader = _command.ExecuteReader();
        if (!reader.Read())
        {
            value = null;
            return false;
        }
        value = _read(reader);
        return true;
    }

    public void Dispose() => _command.Dispose();
}
