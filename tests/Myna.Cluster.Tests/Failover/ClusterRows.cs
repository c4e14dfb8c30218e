using Npgsql;

namespace Myna.Cluster.Tests.Failover;

/// <summary>Read-only queries on the cluster's database, as the invariants need them (a relying party's view is the API's).</summary>
internal sealed class ClusterRows(string connectionString)
{
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> row, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(row(reader));
        return rows;
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        (await QueryAsync(sql, r => r.GetInt64(0), parameters)).Single();

    /// <summary>How many audit entries name one of <paramref name="subjectIds"/> (any kind), by action.</summary>
    public async Task<Dictionary<string, long>> AuditCountsAsync(IEnumerable<Guid> subjectIds)
    {
        var rows = await QueryAsync("SELECT action, count(*) FROM audit_entries WHERE subject_id = ANY(@s) GROUP BY action",
            r => (r.GetString(0), r.GetInt64(1)), ("s", subjectIds.Select(id => id.ToString("N")).ToArray()));
        return rows.ToDictionary(r => r.Item1, r => r.Item2);
    }
}
