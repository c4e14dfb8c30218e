using System.Reflection;
using System.Xml.Linq;
using Myna.Testing;

namespace Myna.ArchitectureTests;

/// <summary>
/// The projects meet in one direction only: Primitives and Card at the bottom; Pki, CardFace, Documents and Reader on them;
/// Registry, Issuance, Kiosk, Insurance, Storage and Window above; the services (Portal, ConvenienceIssuance, OnlineEligibility) over the window and the storage; the
/// hosts (Server, Cli) on top; Transparency stands alone. Each
/// project's Myna references are listed exactly, so the list below is the graph: a new edge fails here, and so does an
/// edge no longer used.
/// </summary>
public class DependencyDirectionTests
{
    // Each project and exactly the Myna projects it references directly.
    private static readonly Dictionary<string, string[]> Graph = new()
    {
        ["Myna.Primitives"] = [],
        ["Myna.Card"] = [],
        ["Myna.Pki"] = ["Myna.Primitives"],
        ["Myna.Pki.Http"] = ["Myna.Primitives", "Myna.Pki"],
        ["Myna.CardFace"] = ["Myna.Primitives"],
        ["Myna.Documents"] = ["Myna.Primitives"],
        ["Myna.Reader"] = ["Myna.Primitives", "Myna.Card"],
        ["Myna.Registry"] = ["Myna.Primitives", "Myna.Pki"],
        ["Myna.Issuance"] = ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Reader", "Myna.Registry", "Myna.CardFace"],
        ["Myna.Kiosk"] = ["Myna.Primitives", "Myna.Registry"],
        ["Myna.Insurance"] = ["Myna.Primitives", "Myna.Registry"],
        ["Myna.ConvenienceIssuance"] = ["Myna.Primitives", "Myna.Pki", "Myna.Reader", "Myna.Registry", "Myna.Issuance", "Myna.Kiosk", "Myna.Documents", "Myna.Storage", "Myna.Window"],
        ["Myna.Storage"] = ["Myna.Primitives", "Myna.Pki", "Myna.Registry", "Myna.Insurance"],
        ["Myna.OnlineEligibility"] = ["Myna.Primitives", "Myna.Pki", "Myna.Registry", "Myna.Insurance", "Myna.Storage"],
        ["Myna.Window"] = ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Reader", "Myna.Registry", "Myna.Issuance", "Myna.Storage", "Myna.Insurance"],
        ["Myna.Portal"] = ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Reader", "Myna.Registry", "Myna.Storage", "Myna.Transparency"],
        ["Myna.Server"] = ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Pki.Http", "Myna.Reader", "Myna.CardFace", "Myna.Registry", "Myna.Issuance", "Myna.Storage", "Myna.Window", "Myna.Portal", "Myna.ConvenienceIssuance", "Myna.Documents", "Myna.Kiosk", "Myna.Transparency", "Myna.Insurance", "Myna.OnlineEligibility"],
        ["Myna.Cli"] = ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Reader", "Myna.CardFace", "Myna.Issuance", "Myna.Transparency"],
        ["Myna.Transparency"] = [],
    };

    // The domain: no database, no web. Window and Portal are left out: they query Storage's DbContext with EF Core
    // themselves, which makes them application layers over the domain.
    private static readonly string[] Domain =
        ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Reader", "Myna.Registry", "Myna.CardFace", "Myna.Documents", "Myna.Issuance", "Myna.Kiosk", "Myna.Insurance", "Myna.Transparency"];

    private static readonly string[] BannedPrefixes =
        ["Microsoft.EntityFrameworkCore", "Npgsql.EntityFrameworkCore", "EFCore.", "Microsoft.AspNetCore"];

    public static TheoryData<string> Projects => new(Graph.Keys);

    public static TheoryData<string> DomainProjects => new(Domain);

    [Fact]
    public void EverySourceProject_IsInTheGraph()
    {
        var projects = Directory.GetDirectories(Path.Combine(RepositoryRoot.Path, "src"))
            .Where(d => File.Exists(ProjectFile(Path.GetFileName(d))))
            .Select(Path.GetFileName);
        Assert.Equal(Graph.Keys.Order(), projects.Order());
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void ProjectFile_ReferencesExactlyTheListedProjects(string project)
    {
        var declared = Items(project, "ProjectReference").Select(Path.GetFileNameWithoutExtension);
        Assert.Equal(Sorted(Graph[project]), Sorted(declared!));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Assembly_UsesExactlyTheListedProjects(string project)
    {
        // The compiler keeps only the references it used: a listed project that nothing uses any more is missing
        // here, and one used only through another's references (not declared) is extra.
        var projectsByAssembly = Graph.Keys.ToDictionary(AssemblyNameOf);
        var used = Load(project).GetReferencedAssemblies()
            .Select(a => projectsByAssembly.GetValueOrDefault(a.Name!))
            .OfType<string>();
        Assert.Equal(Sorted(Graph[project]), Sorted(used));
    }

    [Theory]
    [MemberData(nameof(DomainProjects))]
    public void DomainProject_UsesNeitherEfCoreNorAspNetCore(string project)
    {
        // Not the Web SDK, which brings ASP.NET Core with it.
        Assert.Equal("Microsoft.NET.Sdk", XDocument.Load(ProjectFile(project)).Root!.Attribute("Sdk")?.Value);
        var packages = Items(project, "PackageReference").Concat(Items(project, "FrameworkReference"));
        Assert.DoesNotContain(packages, IsBanned);
        var compiled = Load(project).GetReferencedAssemblies().Select(a => a.Name!);
        Assert.DoesNotContain(compiled, IsBanned);
        // Nor through a project it references.
        Assert.All(Graph[project], reference => Assert.Contains(reference, Domain));
    }

    [Fact]
    public void Primitives_DependsOnNothingButTheFramework()
    {
        Assert.Empty(Items("Myna.Primitives", "PackageReference"));
        Assert.Empty(Items("Myna.Primitives", "FrameworkReference"));
        var references = Load("Myna.Primitives").GetReferencedAssemblies().Select(a => a.Name!);
        Assert.All(references, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard", r));
    }

    private static bool IsBanned(string name) => BannedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    // One string, so that a failure shows the whole list.
    private static string Sorted(IEnumerable<string> names) => string.Join(", ", names.Order(StringComparer.Ordinal));

    private static Assembly Load(string project) => Assembly.Load(AssemblyNameOf(project));

    // The CLI's assembly is "myna", after the command.
    private static string AssemblyNameOf(string project) =>
        XDocument.Load(ProjectFile(project)).Descendants("AssemblyName").Select(e => e.Value).SingleOrDefault() ?? project;

    private static string ProjectFile(string project) => Path.Combine(RepositoryRoot.Path, "src", project, project + ".csproj");

    private static string[] Items(string project, string itemType) =>
        XDocument.Load(ProjectFile(project)).Descendants(itemType)
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .ToArray();
}
