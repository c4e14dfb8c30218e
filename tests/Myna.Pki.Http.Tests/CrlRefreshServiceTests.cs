using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Myna.Pki.Keys;
using Myna.Pki.Revocation;

namespace Myna.Pki.Http.Tests;

/// <summary>The hosted CRL refresh: a timer of the host's TimeProvider calls RefreshIfDue on each publisher.</summary>
public sealed class CrlRefreshServiceTests
{
    [Fact]
    public async Task Timer_IssuesEachCrlOnceItIsDue_NotBefore()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        var registry = new CertificateRegistry();
        using var authorities = JpkiAuthorities.LoadOrCreate(new InMemoryCaKeyStore(), new JpkiAuthorityOptions(), clock, registry);
        // Validity 24 h, refresh margin 1 h: due at 23:00.
        using var sign = new CrlPublisher(authorities.Signature, registry, clock);
        using var auth = new CrlPublisher(authorities.Authentication, registry, clock);
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        void OnPublished(object? sender, EventArgs e)
        {
            if (Interlocked.Increment(ref count) == 2)
                published.TrySetResult();
        }
        sign.Published += OnPublished;
        auth.Published += OnPublished;

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(sign);
        builder.Services.AddSingleton(auth);
        builder.Services.AddJpkiCrlRefresh(o => o.Interval = TimeSpan.FromMinutes(10));
        using var host = builder.Build();
        await host.StartAsync();

        // Ticks at 00:10 … 22:50 find nothing due.
        for (var i = 0; i < 137; i++)
            clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, (int)sign.CurrentNumber);
        Assert.Equal(0, Volatile.Read(ref count));

        clock.Advance(TimeSpan.FromMinutes(10)); // 23:00: both due
        await published.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (int)sign.CurrentNumber);
        Assert.Equal(2, (int)auth.CurrentNumber);
        Assert.Equal(clock.GetUtcNow(), sign.ThisUpdate);
        await host.StopAsync();
    }
}
