using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
namespace Myna.Storage.PlainRows;

/// <summary>
/// An INSERT of an entity's row, or an UPDATE of it (all its columns checked against its version, or a few of them by its
/// key), as plain SQL made once from the EF model (table and column names, each column's type mapping and conversion), so
/// that a batch of hundreds of rows (the eligibility checks' group commit, the exchange history's appends) is written
/// without the change tracker's work per row.
/// </summary>
/// <remarks>The SQL holds <c>{0}</c>, <c>{1}</c> … where the parameters' placeholders go, in the order of <see cref="Columns"/>.</remarks>
public sealed class RowStatement
{
    private RowStatement(string template, IReadOnlyList<IProperty> columns) => (Template, Columns) = (template, columns);

    public string Template { get; }

    /// <summary>The properties whose values are the parameters, in order; an UPDATE's last one is the version read.</summary>
    public IReadOnlyList<IProperty> Columns { get; }

    /// <summary>The insert of a row of <typeparamref name="T"/>; a key the database generates (an identity) is left to it.</summary>
    public static RowStatement Insert<T>(DbContext db)
    {
        var entity = EntityOf<T>(db);
        var columns = entity.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var text = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(entity.GetTableName()!)).Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName())))
            .Append(") VALUES (").AppendJoin(", ", columns.Select((_, i) => "{" + i.ToString(CultureInfo.InvariantCulture) + "}")).Append(')');
        return new RowStatement(text.ToString(), columns);
    }

    /// <summary>
    /// The update of every column of a row of <typeparamref name="T"/> by its key, if its <paramref name="version"/> (a
    /// concurrency token) is still the one read: the last parameter is that version; the row's new version is the entity's.
    /// </summary>
    public static RowStatement UpdateIfVersion<T>(DbContext db, string version)
    {
        var entity = EntityOf<T>(db);
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var token = entity.FindProperty(version)!;
        var set = entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        string Placeholder(int i) => "{" + i.ToString(CultureInfo.InvariantCulture) + "}";
        var text = new StringBuilder("UPDATE ").Append(sql.DelimitIdentifier(entity.GetTableName()!)).Append(" SET ")
            .AppendJoin(", ", set.Select((c, i) => sql.DelimitIdentifier(c.GetColumnName()) + " = " + Placeholder(i)))
            .Append(" WHERE ").Append(sql.DelimitIdentifier(key.GetColumnName())).Append(" = ").Append(Placeholder(set.Count))
            .Append(" AND ").Append(sql.DelimitIdentifier(token.GetColumnName())).Append(" = ").Append(Placeholder(set.Count + 1));
        return new RowStatement(text.ToString(), [.. set, key, token]);
    }

    /// <summary>
    /// The update of the columns of <paramref name="properties"/> of a row of <typeparamref name="T"/> by its key, without a
    /// version: for a row its writer holds (read in the same transaction, or locked otherwise); the key is the last parameter.
    /// </summary>
    public static RowStatement UpdateColumns<T>(DbContext db, params string[] properties)
    {
        var entity = EntityOf<T>(db);
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var set = properties.Select(p => entity.FindProperty(p) ?? throw new ArgumentException($"{typeof(T).Name} has no property {p}.", nameof(properties))).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        string Placeholder(int i) => "{" + i.ToString(CultureInfo.InvariantCulture) + "}";
        var text = new StringBuilder("UPDATE ").Append(sql.DelimitIdentifier(entity.GetTableName()!)).Append(" SET ")
            .AppendJoin(", ", set.Select((c, i) => sql.DelimitIdentifier(c.GetColumnName()) + " = " + Placeholder(i)))
            .Append(" WHERE ").Append(sql.DelimitIdentifier(key.GetColumnName())).Append(" = ").Append(Placeholder(set.Count));
        return new RowStatement(text.ToString(), [.. set, key]);
    }

    private static IEntityType EntityOf<T>(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        if (entity.GetProperties().FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            throw new InvalidOperationException($"{typeof(T).Name}.{shadow.Name} is a shadow property, which a plain row statement cannot read.");
        return entity;
    }
}

/// <summary>One row to write: the statement, the entity, and for an update the version read (the last parameter).</summary>
public readonly record struct RowWrite(RowStatement Statement, object Entity, object? VersionRead = null);

/// <summary>
/// Writes rows with plain commands on a context's connection, inside the transaction it has begun: SQLite, in the
/// process, runs each statement on a command prepared once per statement; another database gets them in few round trips,
/// many statements a command. Every statement must touch exactly one row; one that touches none (an update whose version
/// moved) fails the whole as a concurrency conflict.
/// </summary>
public static class PlainRowWriter
{
    /// <summary>PostgreSQL takes at most 65,535 parameters a command; a command of many statements stays well below.</summary>
    private const int MaxParametersPerCommand = 30_000;

    /// <exception cref="DbUpdateConcurrencyException">A statement touched no row.</exception>
    /// <exception cref="DbUpdateException">The database refused a statement.</exception>
    public static async Task WriteAsync(MynaDbContext db, IReadOnlyList<RowWrite> rows, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Plain rows are written inside the context's transaction.");
        try
        {
            if (db is SqliteMynaDbContext)
                WriteOneByOne(connection, transaction, rows);
            else
                await WriteManyACommandAsync(connection, transaction, rows, cancellationToken);
        }
        catch (DbException e)
        {
            throw new DbUpdateException("The database refused the rows; nothing of them was written.", e);
        }
    }

    private static void WriteOneByOne(DbConnection connection, DbTransaction transaction, IReadOnlyList<RowWrite> rows)
    {
        var commands = new Dictionary<RowStatement, DbCommand>(ReferenceEqualityComparer.Instance);
        try
        {
            foreach (var row in rows)
            {
                if (!commands.TryGetValue(row.Statement, out var command))
                {
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = string.Format(CultureInfo.InvariantCulture, row.Statement.Template,
                        [.. row.Statement.Columns.Select((_, i) => (object)Placeholder(i))]);
                    commands[row.Statement] = command;
                }
                command.Parameters.Clear();
                AddParameters(command, row, 0);
                if (command.ExecuteNonQuery() != 1)
                    throw Conflict();
            }
        }
        finally
        {
            foreach (var command in commands.Values)
                command.Dispose();
        }
    }

    private static async Task WriteManyACommandAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<RowWrite> rows, CancellationToken cancellationToken)
    {
        var start = 0;
        while (start < rows.Count)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder();
            var end = start;
            while (end < rows.Count && (end == start || command.Parameters.Count + rows[end].Statement.Columns.Count <= MaxParametersPerCommand))
            {
                var offset = command.Parameters.Count;
                text.AppendFormat(CultureInfo.InvariantCulture, rows[end].Statement.Template,
                    [.. rows[end].Statement.Columns.Select((_, i) => (object)Placeholder(offset + i))]).Append(";\n");
                AddParameters(command, rows[end], offset);
                end++;
            }
            command.CommandText = text.ToString();
            if (await command.ExecuteNonQueryAsync(cancellationToken) != end - start)
                throw Conflict();
            start = end;
        }
    }

    private static void AddParameters(DbCommand command, RowWrite row, int offset)
    {
        var columns = row.Statement.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            var property = columns[i];
            var value = row.VersionRead is { } read && i == columns.Count - 1 ? read : property.GetGetter().GetClrValueUsingContainingEntity(row.Entity);
            command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, Placeholder(offset + i), value, property.IsNullable));
        }
    }

    private static string Placeholder(int i) => "@p" + i.ToString(CultureInfo.InvariantCulture);

    private static DbUpdateConcurrencyException Conflict() =>
        new("A row to update was changed by someone else since it was read (its version moved); nothing was written.");
}
