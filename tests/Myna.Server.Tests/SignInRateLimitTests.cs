using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Myna.Server.Staff;
using Myna.Storage.Audit;

namespace Myna.Server.Tests;

/// <summary>
/// The sign-in's rate limit: 5 failed attempts per minute for one user name from one remote address, 20 from one
/// address across user names, then 429 with Retry-After. The windows run on the server's real clock, which these tests
/// stop (a fake), so every test's attempts fall in one window whatever the machine's speed.
/// </summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Colleague = IPAddress.Parse("192.0.2.20");

    private static readonly IPAddress Scanner = IPAddress.Parse("192.0.2.30");

    private readonly MynaServer _server = new(realClock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 30, 0, TimeSpan.Zero)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task FiveFailures_ThenEvenTheRightPassword_Is429WithRetryAfter_AndNotChecked()
    {
        for (var i = 1; i <= SignInThrottle.FailuresPerWindow; i++)
            Assert.Equal(StatusCodes.Status401Unauthorized, (await SignInAsync(Guesser, "admin", $"guess-{i}")).Status);

        var refused = await SignInAsync(Guesser, "admin", "admin-sandbox");
        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        var retryAfter = int.Parse(refused.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var problem = JsonDocument.Parse(refused.Body).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("Too many failed sign-ins", problem.GetProperty("title").GetString());
        Assert.Contains("try again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(refused.SetCookie);

        // The throttled attempts were not checked: the audit trail holds the five failures and nothing after them.
        var audit = await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("staff", "admin"));
        Assert.Equal(Enumerable.Repeat("staff.sign-in-failed", SignInThrottle.FailuresPerWindow), audit.Select(e => e.Action));
    }

    [Fact]
    public async Task FourFailures_ThenTheRightPassword_SignsIn_AndSuccessesAreNotCounted()
    {
        for (var i = 1; i < SignInThrottle.FailuresPerWindow; i++)
            Assert.Equal(StatusCodes.Status401Unauthorized, (await SignInAsync(Guesser, "window", $"guess-{i}")).Status);
        var signedIn = await SignInAsync(Guesser, "window", "window-sandbox");
        Assert.Equal(StatusCodes.Status204NoContent, signedIn.Status);
        Assert.NotNull(signedIn.SetCookie);
        // A staff member signing in at several windows is never throttled.
        for (var i = 0; i < 10; i++)
            Assert.Equal(StatusCodes.Status204NoContent, (await SignInAsync(Guesser, "window", "window-sandbox")).Status);
        // The fifth failure is still the fifth, and the sixth attempt is refused.
        Assert.Equal(StatusCodes.Status401Unauthorized, (await SignInAsync(Guesser, "window", "guess-5")).Status);
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SignInAsync(Guesser, "window", "window-sandbox")).Status);
    }

    [Fact]
    public async Task TheLimit_IsPerAddressAndUserName()
    {
        for (var i = 1; i <= SignInThrottle.FailuresPerWindow; i++)
            await SignInAsync(Guesser, "admin", $"guess-{i}");
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SignInAsync(Guesser, "admin", "guess-6")).Status);
        // The user name is normalised: another spelling is the same account.
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SignInAsync(Guesser, "ADMIN", "guess-7")).Status);

        // The same account from another address, and another account from the same address, are not throttled.
        Assert.Equal(StatusCodes.Status204NoContent, (await SignInAsync(Colleague, "admin", "admin-sandbox")).Status);
        Assert.Equal(StatusCodes.Status204NoContent, (await SignInAsync(Guesser, "callcentre", "callcentre-sandbox")).Status);
    }

    [Fact]
    public async Task OverHttpClient_TheSixthFailure_Is429Problem()
    {
        // Through the ordinary client (no remote address in the test host): the same limit applies.
        using var client = _server.CreateClient();
        for (var i = 1; i <= SignInThrottle.FailuresPerWindow; i++)
        {
            using var failed = await client.PostAsJsonAsync("/api/session", new { userName = "callcentre", password = $"guess-{i}" });
            await Problems.ReadAsync(failed, HttpStatusCode.Unauthorized);
        }
        using var response = await client.PostAsJsonAsync("/api/session", new { userName = "callcentre", password = "callcentre-sandbox" });
        await Problems.ReadAsync(response, HttpStatusCode.TooManyRequests);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task FortyConcurrentWrongPasswords_ForOneUser_ExactlyFiveAreChecked()
    {
        var answers = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => SignInAsync(Guesser, "admin", $"guess-{i}")));

        Assert.Equal(SignInThrottle.FailuresPerWindow, answers.Count(a => a.Status == StatusCodes.Status401Unauthorized));
        Assert.Equal(40 - SignInThrottle.FailuresPerWindow, answers.Count(a => a.Status == StatusCodes.Status429TooManyRequests));
        var checkedAttempts = await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(new AuditSubject("staff", "admin"));
        Assert.Equal(SignInThrottle.FailuresPerWindow, checkedAttempts.Count(e => e.Action == "staff.sign-in-failed"));
    }

    [Fact]
    public async Task ThirtyUserNames_FromOneAddress_TwentyAreChecked_ThenTheAddressWaits()
    {
        var answers = await Task.WhenAll(Enumerable.Range(1, 30).Select(i => SignInAsync(Scanner, $"user{i}", "a guess")));

        Assert.Equal(SignInThrottle.AddressFailuresPerWindow, answers.Count(a => a.Status == StatusCodes.Status401Unauthorized));
        Assert.All(answers.Where(a => a.Status == StatusCodes.Status429TooManyRequests), a => Assert.InRange(int.Parse(a.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 60));
        var failed = (await _server.Services.GetRequiredService<AuditTrail>().ReadAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue))
            .Count(e => e.Action == "staff.sign-in-failed");
        Assert.Equal(SignInThrottle.AddressFailuresPerWindow, failed);
        // The right password of a real account waits too: the address is throttled, not the names it tried.
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SignInAsync(Scanner, "window", "window-sandbox")).Status);
        // Another address is not.
        Assert.Equal(StatusCodes.Status204NoContent, (await SignInAsync(Colleague, "window", "window-sandbox")).Status);

        // A minute later (real time) the address may try again.
        _server.RealClock!.Advance(SignInThrottle.Window);
        Assert.Equal(StatusCodes.Status204NoContent, (await SignInAsync(Scanner, "window", "window-sandbox")).Status);
    }

    private async Task<Answer> SignInAsync(IPAddress from, string userName, string password)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { userName, password });
        var context = await _server.TestServer.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = from;
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/api/session";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(body);
            // The test host decides "no body" for a request built this way; minimal APIs would then not read it.
            c.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
        });
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        return new Answer(
            context.Response.StatusCode, context.Response.ContentType?.Split(';')[0], context.Response.Headers.RetryAfter.ToString() is { Length: > 0 } r ? r : null,
            context.Response.Headers.SetCookie.ToString() is { Length: > 0 } cookie ? cookie : null, await reader.ReadToEndAsync());
    }

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    private sealed record Answer(int Status, string? ContentType, string? RetryAfter, string? SetCookie, string Body);
}
