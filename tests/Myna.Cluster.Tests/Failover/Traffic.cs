using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Myna.Cluster.Tests.Failover;

/// <summary>
/// One request's outcome as its client saw it: answered (a status and the body), or lost — no answer (the connection
/// broke) or the proxy's 502/503/504, which is what a client gets when the process holding its request dies. A lost
/// request may or may not have been applied: the drivers look its effect up, or repeat it with the same idempotency key.
/// </summary>
internal sealed record Reply(HttpStatusCode? Status, JsonElement Body, string? Node)
{
    public bool Lost => Status is null or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public bool Succeeded => !Lost && (int)Status!.Value is >= 200 and < 300;

    public bool Refused => !Lost && !Succeeded;

    public Guid Id => Body.GetProperty("id").GetGuid();

    public override string ToString() => Lost ? $"lost ({(Status is { } s ? (int)s : "no answer")})" : $"{(int)Status!.Value} {Body}";
}

/// <summary>What one driver's request came to, kept for the report and the counts the test asserts on.</summary>
internal sealed record Outcome(string Driver, string Operation, Reply Reply, TimeSpan At);

/// <summary>
/// The client side of the traffic: sends each request, classifies its outcome (<see cref="Reply"/>) and keeps it.
/// Drivers go through <see cref="SendAsync"/> only, so every request is counted.
/// </summary>
internal sealed class Traffic(System.Diagnostics.Stopwatch clock)
{
    private readonly ConcurrentQueue<Outcome> _outcomes = new();

    public IReadOnlyList<Outcome> Outcomes => [.. _outcomes];

    public TimeSpan Now => clock.Elapsed;

    public async Task<Reply> SendAsync(string driver, string operation, HttpClient client, Func<HttpRequestMessage> request)
    {
        Reply reply;
        try
        {
            using var message = request();
            using var response = await client.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
                ? JsonDocument.Parse(text).RootElement.Clone()
                : default;
            var node = response.Headers.TryGetValues(Proxy.ServedBy, out var served) ? served.FirstOrDefault() : null;
            reply = new Reply(response.StatusCode, body, node);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            reply = new Reply(null, default, null);
        }
        _outcomes.Enqueue(new Outcome(driver, operation, reply, clock.Elapsed));
        return reply;
    }

    public Task<Reply> GetAsync(string driver, string operation, HttpClient client, string path) =>
        SendAsync(driver, operation, client, () => new HttpRequestMessage(HttpMethod.Get, path));

    public Task<Reply> PostAsync(string driver, string operation, HttpClient client, string path, object? body = null) =>
        SendAsync(driver, operation, client, () => new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body, body.GetType()),
        });

    /// <summary>A read repeated until it is answered (a look-up after a lost request must itself get through).</summary>
    public async Task<Reply> ReadUntilAnsweredAsync(string driver, string operation, HttpClient client, string path)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var reply = await GetAsync(driver, operation, client, path);
            if (!reply.Lost)
                return reply;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{driver}: {operation} {path} got no answer for 30 s.");
    }
}
