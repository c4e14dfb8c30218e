using System.Reflection;
using System.Text.RegularExpressions;
using Myna.Registry.Rules;
using Myna.Testing;

namespace Myna.ArchitectureTests;

/// <summary>
/// Every rule id the code or the tests name is explained in docs/rules.md, by an entry that starts with the id in bold
/// (<c>- **V2** …</c>): the <see cref="RuleIds"/> constants, and the ids at the end of test method names
/// (<c>CardExpiry_IssuedAt17_IsFifthBirthday_V2</c>; <c>_U2_1</c> is U2.1, <c>_V2_E2</c> names V2 and E2).
/// </summary>
public partial class RuleDocumentationTests
{
    [Fact]
    public void EveryRuleIdsConstant_HasAnEntryInTheRulesDoc()
    {
        var ids = typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(id => id != RuleIds.State) // a state machine's refusal, no rule of the guidebook
            .ToList();
        Assert.NotEmpty(ids);

        var missing = ids.Where(id => !DocumentedIds.Value.Contains(id)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "RuleIds constants without an entry `- **id**` in docs/rules.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryRuleIdEndingATestName_HasAnEntryInTheRulesDoc()
    {
        var testsDirectory = Path.Combine(RepositoryRoot.Path, "tests");
        var found = new List<(string Id, string Where)>();
        foreach (var file in Directory.EnumerateFiles(testsDirectory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
                continue;
            foreach (Match method in TestMethod().Matches(File.ReadAllText(file)))
                found.AddRange(IdsAtTheEndOf(method.Groups["name"].Value).Select(id => (id, $"{relative}: {method.Groups["name"].Value}")));
        }
        Assert.NotEmpty(found);

        var missing = found.Where(f => !DocumentedIds.Value.Contains(f.Id))
            .GroupBy(f => f.Id)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} (e.g. {g.First().Where})")
            .ToList();
        Assert.True(missing.Count == 0,
            "Rule ids ending test names without an entry `- **id**` in docs/rules.md: " + string.Join("; ", missing));
    }

    [Theory]
    [InlineData("CardExpiry_IssuedAt17_IsFifthBirthday_V2", "V2")]
    [InlineData("CertificateExpiry_AdultCard_IsFifthBirthday_V2_E2", "V2 E2")]
    [InlineData("Kiosk_ConvenienceStoreHours_U2_1", "U2.1")]
    [InlineData("Kiosk_CityHallMachine_ClosedOnHolidays_U2_11", "U2.11")]
    [InlineData("Fee_ReissueAfterLoss_L3_V6_M2_V1", "L3 V6 M2 V1")]
    [InlineData("Help_ShowsTheHours_K_U2_1", "U2.1")] // a bare letter is no id by this pattern (K is a RuleIds constant)
    [InlineData("NameImage_Rendered_IsOneBitGreyPng_Interface2_3", "")] // a section of docs/card-interface.md
    [InlineData("Issue_Extensions_Rfc5280_4_2_1_13", "")]
    [InlineData("MyNumber_AnySingleDigitChange_IsDetected_PropertyC2", "")]
    [InlineData("SignDigest_WithoutPin_Is6982", "")]
    [InlineData("PcscTransport_SelectJpki_Is9000_OverT1", "")]
    public void IdsAtTheEndOf_ReadsTheTrailingRuleIds(string methodName, string expected) =>
        Assert.Equal(expected, string.Join(" ", IdsAtTheEndOf(methodName)));

    /// <summary>
    /// The rule ids a test method name ends with: the trailing <c>_</c>-separated parts that are a capital letter with
    /// digits (a new id) or digits alone (the next level of the id before, <c>U2_1</c> → U2.1). Digits that follow no
    /// such letter part belong to something else (<c>_Interface2_3</c>, <c>_Rfc5280_4_1_2_2</c>) and are dropped.
    /// </summary>
    private static List<string> IdsAtTheEndOf(string methodName)
    {
        var parts = methodName.Split('_');
        var start = parts.Length;
        while (start > 1 && IdPart().IsMatch(parts[start - 1]))
            start--;

        var ids = new List<string>();
        foreach (var part in parts[start..])
        {
            if (char.IsAsciiLetterUpper(part[0]))
                ids.Add(part);
            else if (ids.Count > 0)
                ids[^1] += "." + part;
        }
        return ids;
    }

    // The ids that have an entry: a bullet that starts with the id in bold.
    private static readonly Lazy<HashSet<string>> DocumentedIds = new(() =>
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "rules.md"));
        return DocEntry().Matches(text).Select(m => m.Groups["id"].Value).ToHashSet(StringComparer.Ordinal);
    });

    [GeneratedRegex(@"public (?:async (?:Task|ValueTask)|void) (?<name>\w+)\(")]
    private static partial Regex TestMethod();

    [GeneratedRegex(@"^(?:[A-Z]\d+|\d+)$")]
    private static partial Regex IdPart();

    [GeneratedRegex(@"^\s*- \*\*(?<id>[^*]+)\*\*", RegexOptions.Multiline)]
    private static partial Regex DocEntry();
}
