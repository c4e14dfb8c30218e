using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Myna.Server.Tests.Eligibility;

/// <summary>
/// The terminals' API skips the sessions' sign-in and authorization (their own credentials are the service's to check),
/// and only it: every other request, an unknown path under the terminals' included, still passes them once. An extra
/// sign-in scheme counts the requests the sign-in middleware saw.
/// </summary>
public sealed class TerminalPipelineTests : IAsyncLifetime
{
    private readonly SignIns _signIns = new();
    private readonly MynaServer _server;

    public TerminalPipelineTests() =>
        _server = new MynaServer(testServices: services =>
        {
            services.AddSingleton(_signIns);
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, CountingScheme>("counting", null);
        });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheTerminalsApi_SkipsTheSessionsSignIn_AndEveryOtherRequestPassesItOnce()
    {
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Terminal", $"{Guid.NewGuid()}:not-a-terminal");

        var before = _signIns.Count;
        await Problems.ReadAsync(await client.PostAsync("/api/eligibility/terminal/checks", null), HttpStatusCode.Unauthorized);
        await Problems.ReadAsync(await client.GetAsync($"/api/eligibility/terminal/checks/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized);
        Assert.Equal(before, _signIns.Count);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(before + 1, _signIns.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/eligibility/institutions")).StatusCode);
        Assert.Equal(before + 2, _signIns.Count);
        // A path under the terminals' that names none of their endpoints: the whole pipeline.
        await client.GetAsync("/api/eligibility/terminal/elsewhere");
        Assert.Equal(before + 3, _signIns.Count);
    }

    private sealed class SignIns
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>A scheme that looks at every request the sign-in middleware runs for (as OpenIddict's do), and signs no one in.</summary>
    private sealed class CountingScheme(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SignIns signIns)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder), IAuthenticationRequestHandler
    {
        public Task<bool> HandleRequestAsync()
        {
            signIns.Add();
            return Task.FromResult(false);
        }

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
