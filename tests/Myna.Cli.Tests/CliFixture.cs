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

    /// <summary>Runs with <paramref name="input"/> on standard input (PINs with <c>--pin-stdin</c>, one a line).</summary>
    public Task<CliResult> RunWithInputAsync(string input, params string[] args) => CliRunner.RunAsync(Home, Clock, input, environment: null, args);

    /// <summary>Runs on a terminal that answers the prompts in order.</summary>
    public Task<CliResult> RunOnTerminalAsync(IReadOnlyList<string> prompts, params string[] args) => CliRunner.RunOnTerminalAsync(Home, Clock, prompts, args);

    /// <summary>A new card file with the defaults of <c>myna card create</c> (PINs: <see cref="Pins"/>).</summary>
    public async Task<string> NewCardAsync(string name, params string[] options)
    {
        var path = NewPath(name);
        var created = await RunAsync(["card", "create", path, .. options]);
        Assert.True(created.Exit == ExitCodes.Ok, created.ToString());
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
