using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Myna.Registry;

namespace Myna.Server.Tests;

/// <summary>
/// Exceptions become problem details: a registry rule 409 with its rule id, anything else a bare 500. The
/// throwing requests come from a middleware the test adds behind the server's own pipeline, so they pass
/// through the server's exception handling as an endpoint's would.
/// </summary>
public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private readonly MynaServer _server = new(testServices: services => services.AddSingleton<IStartupFilter, ThrowingEndpoints>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RuleViolation_Is409_WithRuleIdAndMessage_InJapaneseByDefault()
    {
        using var client = await SignedInAsync();
        using var response = await client.GetAsync("/test/rule");
        var problem = await Problems.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("L2", problem.GetProperty("ruleId").GetString());
        Assert.Equal("一時停止の解除は窓口で行います。", problem.GetProperty("detail").GetString());
        Assert.Equal("規則により、この手続はできません", problem.GetProperty("title").GetString());

    }

    [Fact]
    public async Task UnexpectedException_Is500_WithoutItsMessageOrStackTrace()
    {
        using var client = await SignedInAsync();
        using var response = await client.GetAsync("/test/crash");
        var problem = await Problems.ReadAsync(response, HttpStatusCode.InternalServerError);
        var body = problem.GetRawText();
        Assert.DoesNotContain("123456789018", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret detail", body, StringComparison.Ordinal);
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task UnknownApiPath_SignedIn_Is404Problem()
    {
        using var client = await SignedInAsync();
        using var response = await client.GetAsync("/api/nothing-here");
        await Problems.ReadAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<HttpClient> SignedInAsync()
    {
        // No Accept-Language: the server's default language.
        var client = _server.CreateClient(language: null);
        using var response = await client.PostAsync("/api/session", JsonContent("""{"userName":"window","password":"window-sandbox"}"""));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>Runs after the server's pipeline when no endpoint matched, i.e. inside its exception handler.</summary>
    private sealed class ThrowingEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate following) => context.Request.Path.Value switch
            {
                "/test/rule" => throw new RuleViolationException("L2", new Myna.Primitives.Text.LocalizedText("一時停止の解除は窓口で行います。", "A suspended card is lifted at the window only.")),
                "/test/crash" => throw new InvalidOperationException("secret detail about 123456789018"),
                _ => following(context),
            });
        };
    }
}
