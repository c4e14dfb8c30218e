using Myna.Testing;
using Myna.Testing.Tools;

namespace Myna.Cli.Tests;

/// <summary>The README's ways of installing <c>myna</c>, done for real: the .NET tool package, and the shell completion.</summary>
public sealed class InstallationTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public async Task ToolPackage_InstallsAndRuns()
    {
        var packages = Path.Combine(fixture.Root, "nupkg");
        var tools = Path.Combine(fixture.Root, "tools");
        // The test assemblies are built in Release before they run (README); packing reuses that build.
        var pack = await ExternalTool.RunAsync("dotnet", ["pack", Path.Combine(RepositoryRoot.Path, "src", "Myna.Cli"), "-c", "Release", "--no-build", "-o", packages],
            TimeSpan.FromMinutes(5));
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var install = await ExternalTool.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources", "Myna.Cli"],
            TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, install.ToString());

        var card = await fixture.NewCardAsync("installed");
        var status = await ExternalTool.RunAsync(Path.Combine(tools, "myna"), ["pin", "status", "--card", card, "--json"], TimeSpan.FromMinutes(1),
            environment: new Dictionary<string, string> { ["MYNA_HOME"] = fixture.Home.Root });
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("\"kind\": \"auth\"", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_AsksMynaForTheCommands()
    {
        var bash = await fixture.RunAsync("completion", "bash");
        Assert.Equal(ExitCodes.Ok, bash.Exit);
        Assert.Contains("[suggest:${COMP_POINT}]", bash.Output, StringComparison.Ordinal);
        Assert.Contains("complete -o default -F _myna_complete myna", bash.Output, StringComparison.Ordinal);

        // What the script asks: the commands matching what was typed (the script keeps those that start with it).
        var suggested = (await fixture.RunAsync("[suggest:6]", "myna p")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("pin", suggested);
        Assert.Contains("portal", suggested);
        Assert.DoesNotContain("card", suggested);
    }
}
