using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Myna.Storage;

namespace Myna.Server.Tests;

/// <summary>
/// Every operation of the server's API description, sent what a hostile or broken client sends — malformed JSON, the
/// wrong JSON type, fields of the wrong type, an oversized body, deep nesting, the wrong content type, no body — by
/// anyone and by each staff role: the answer is a clear 4xx, never a 500, and the database is as it was (no row
/// written by a request that was refused).
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private static readonly (string User, string Password)[] StaffAccounts =
    [
        ("window", "window-sandbox"), ("callcentre", "callcentre-sandbox"), ("admin", "admin-sandbox"), ("tax", "tax-office-sandbox"),
        ("pension", "pension-sandbox"), ("health", "health-sandbox"), ("insurer", "insurer-sandbox"),
    ];

    private readonly MynaServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EveryOperation_AnswersHostileBodiesWithA4xx_AndChangesNothing()
    {
        using var anonymous = _server.CreateClient();
        using var description = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, description.StatusCode);
        var document = JsonNode.Parse(await description.Content.ReadAsStringAsync())!;
        var operations = Operations(document).ToList();
        Assert.True(operations.Count > 40, $"only {operations.Count} operations with a JSON body in the API description");

        var clients = new List<(string Who, HttpClient Client)> { ("anyone", anonymous) };
        foreach (var (user, password) in StaffAccounts)
            clients.Add((user, await _server.SignedInAsync(user, password)));
        clients.Add(("a clinic's terminal", await TerminalAsync(clients.Single(c => c.Who == "admin").Client)));
        var before = await RowCountsAsync();
        Assert.True(before.Count > 20, $"only {before.Count} tables counted");

        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in operations)
        {
            foreach (var (name, body) in HostileBodies(operation.BodySchema, document))
            {
                foreach (var (who, client) in clients)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(operation.Method), operation.Path) { Content = body() };
                    using var response = await client.SendAsync(request);
                    sent++;
                    var status = (int)response.StatusCode;
                    if (status is < 400 or >= 500)
                        failures.Add($"{operation.Method} {operation.Template} ({name}): {status} {Shorten(await response.Content.ReadAsStringAsync())}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile requests were not answered with a 4xx:\n" + string.Join("\n", failures.Distinct().Take(80)));

        var after = await RowCountsAsync();
        var changed = before.Where(t => after[t.Key] != t.Value).Select(t => $"{t.Key}: {t.Value} → {after[t.Key]}").ToList();
        Assert.True(changed.Count == 0, "refused requests wrote rows:\n" + string.Join("\n", changed));
        foreach (var (_, client) in clients.Skip(1))
            client.Dispose();
    }

    /// <summary>A client with a reception terminal's credentials, registered by the administrator.</summary>
    private async Task<HttpClient> TerminalAsync(HttpClient admin)
    {
        using var registered = await admin.PostAsJsonAsync("/api/eligibility/institutions", new { code = "0712345678", name = "てすと医院", kind = "Clinic", terminals = 1 });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var terminal = (await registered.Content.ReadFromJsonAsync<JsonElement>())[0];
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{terminal.GetProperty("id").GetString()}:{terminal.GetProperty("secret").GetString()}");
        return client;
    }

    private sealed record Operation(string Method, string Template, string Path, JsonNode BodySchema);

    /// <summary>
    /// The operations that take a JSON body, path parameters filled with well-formed values. Those without one ignore
    /// a body, as HTTP allows, and are left out: sending them would do what they do (a sweep, a sign-out).
    /// </summary>
    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("post" or "put" or "patch" or "delete"))
                    continue;
                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema)
                    yield return new Operation(method.ToUpperInvariant(), path, Fill(path, operation), schema);
            }
        }
    }

    /// <summary>The path with each parameter given a value of its declared form: a GUID, a number, a short word.</summary>
    private static string Fill(string path, JsonNode operation)
    {
        var parameters = operation["parameters"]?.AsArray().Where(p => p?["in"]?.GetValue<string>() == "path")
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["schema"]) ?? [];
        return System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:]+)[^}]*\}", match =>
        {
            var schema = parameters.GetValueOrDefault(match.Groups[1].Value);
            return (schema?["format"]?.GetValue<string>(), schema?["type"]?.GetValue<string>()) switch
            {
                ("uuid", _) => Guid.NewGuid().ToString(),
                (_, "integer") => "7",
                _ when match.Groups[1].Value.Contains("id", StringComparison.OrdinalIgnoreCase) => Guid.NewGuid().ToString(),
                _ => "x",
            };
        });
    }

    /// <summary>The bodies a broken or hostile client sends, each made fresh for every request.</summary>
    private static IEnumerable<(string Name, Func<HttpContent?> Body)> HostileBodies(JsonNode schema, JsonNode document)
    {
        yield return ("truncated JSON", () => Json("{\"a\": "));
        yield return ("not JSON", () => Json("<xml/>"));
        yield return ("a JSON array", () => Json("[1, 2, 3]"));
        yield return ("a JSON string", () => Json("\"text\""));
        yield return ("deep nesting", () => Json(new string('[', 5000) + new string(']', 5000)));
        yield return ("2 MB string", () => Json("{\"x\": \"" + new string('あ', 700_000) + "\"}"));
        yield return ("lone surrogate", () => Json("{\"name\": \"\\ud800\"}"));
        yield return ("text/plain", () => new StringContent("{}", Encoding.UTF8, "text/plain"));
        yield return ("form", () => new FormUrlEncodedContent([new("a", "b")]));
        yield return ("no body", () => null);
        var properties = Properties(schema, document);
        if (properties.Count > 0)
        {
            yield return ("every field of the wrong type", () => Json(WrongTypes(properties).ToJsonString()));
            yield return ("every field null", () => Json(new JsonObject(properties.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, null))).ToJsonString()));
            yield return ("huge numbers", () => Json(new JsonObject(properties.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, JsonValue.Create(1e308)))).ToJsonString()));
        }
    }

    private static JsonObject WrongTypes(Dictionary<string, JsonNode?> properties) => new(properties.Select(p =>
        new KeyValuePair<string, JsonNode?>(p.Key, TypeOf(p.Value) switch
        {
            "string" => JsonValue.Create(12345),
            "integer" or "number" => JsonValue.Create("twelve"),
            "boolean" => JsonValue.Create("yes"),
            "array" => new JsonObject { ["not"] = "an array" },
            _ => new JsonArray(1, 2),
        })));

    private static string? TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    /// <summary>The properties of a body's schema, following <c>$ref</c> into the document's components.</summary>
    private static Dictionary<string, JsonNode?> Properties(JsonNode? schema, JsonNode document)
    {
        if (schema?["$ref"]?.GetValue<string>() is { } reference)
            schema = document["components"]?["schemas"]?[reference.Split('/').Last()];
        return schema?["properties"]?.AsObject().ToDictionary(p => p.Key, p => p.Value) ?? [];
    }

    private static StringContent Json(string text) => new(text, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>The number of rows of every table of the model.</summary>
    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContextAsync();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }
}
