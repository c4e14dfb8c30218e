using System.Reflection;

namespace Myna.ArchitectureTests;

/// <summary>
/// The contexts meet in one direction only: Primitives ← Card, Pki ← Reader ← Registry ← hosts.
/// A project that reaches "up" the chain fails here, before it becomes a tangle.
/// </summary>
public class DependencyDirectionTests
{
    // Each project and the Myna projects it may reference directly.
    public static TheoryData<string, string[]> Allowed => new()
    {
        { "Myna.Primitives", [] },
        { "Myna.Card", ["Myna.Primitives"] },
        { "Myna.Pki", ["Myna.Primitives"] },
        { "Myna.Pki.Http", ["Myna.Primitives", "Myna.Pki"] },
        { "Myna.Reader", ["Myna.Primitives", "Myna.Card"] },
        { "Myna.CardFace", ["Myna.Primitives"] },
        { "Myna.Registry", ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Reader"] },
        { "Myna.Issuance", ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Reader", "Myna.Registry", "Myna.CardFace"] },
        { "Myna.Storage", ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Reader", "Myna.Registry", "Myna.CardFace", "Myna.Issuance"] },
        { "Myna.Window", ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Reader", "Myna.Registry", "Myna.CardFace", "Myna.Issuance", "Myna.Storage"] },
        { "Myna.Server", ["Myna.Primitives", "Myna.Card", "Myna.Pki", "Myna.Pki.Http", "Myna.Reader", "Myna.Registry", "Myna.CardFace", "Myna.Issuance", "Myna.Storage", "Myna.Window"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Project_ReferencesOnlyLowerLayers(string project, string[] allowed)
    {
        var assembly = Assembly.Load(project);
        var mynaReferences = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Myna.", StringComparison.Ordinal))
            .ToArray();
        Assert.All(mynaReferences, r => Assert.Contains(r, allowed));
    }

    [Fact]
    public void Primitives_DependsOnNothingButTheFramework()
    {
        var references = Assembly.Load("Myna.Primitives").GetReferencedAssemblies().Select(a => a.Name!);
        Assert.All(references, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard", r));
    }
}
