using Microsoft.Extensions.Time.Testing;
using Myna.Primitives.Hosting;
using Myna.Testing;

namespace Myna.Cli.Tests;

/// <summary>One data directory (keys and authorities) shared by the tests of a class: creating the CA keys is slow.</summary>
public sealed class CliFixture : IDisposable
{
    public CliFixture()
    {
        Root = TestDirectories.Create("myna-cli-");
        Home = new MynaHome(TestKeySet.NewDataDirectoryIn(Root));
    }

    public string Root { get; }
    public MynaHome Home { get; }

    /// <summary>2026-11-25 10:00 JST.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));

    public string NewPath(string name) => Path.Combine(Root, $"{name}-{Guid.NewGuid():N}.card");

    public Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(Home, Clock, input: null, environment: null, args);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
