using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Myna.Testing;

namespace Myna.Server.Tests;

/// <summary>
/// The table of every endpoint and who may call it, in docs/security.md, is the server's: each route the server
/// maps, with its methods and its access (anyone, any staff member, or a role), is a row of the table, and each row
/// is a route. A new endpoint without a row, or a row whose access differs from the code, fails here.
/// </summary>
public sealed partial class EndpointAccessTests : IAsyncLifetime
{
    private readonly MynaServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void EveryEndpoint_HasItsRowInTheSecurityDocument_WithTheAccessTheCodeGives()
    {
        var actual = ActualRows().Order(StringComparer.Ordinal).ToList();
        var documented = DocumentedRows().Order(StringComparer.Ordinal).ToList();
        var missing = actual.Except(documented).ToList();
        var stale = documented.Except(actual).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            "docs/security.md, \"Who may call what\", differs from the server.\nRows the server has and the table lacks:\n"
            + string.Join("\n", missing) + "\nRows of the table the server does not have:\n" + string.Join("\n", stale));
    }

    private IEnumerable<string> ActualRows()
    {
        var endpoints = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var group in endpoints.GroupBy(e => Path(e)))
        {
            foreach (var endpoint in group)
            {
                if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.SuppressMatchingMetadata>()?.SuppressMatching == true)
                    continue;
                var methods = endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null
                    ? "PAGE"
                    : endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } verbs
                        ? string.Join(" ", verbs.HttpMethods.Order(StringComparer.Ordinal))
                        : "ANY";
                yield return Row(methods, group.Key, Access(endpoint));
            }
        }
    }

    private static string Path(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');

    private static string Access(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            return "anyone";
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        return policies.Count == 0 ? "any staff" : string.Join(" + ", policies.Select(Words));
    }

    private static string Words(string policy) => policy switch
    {
        Myna.Server.Staff.StaffPolicies.AnyStaff => "any staff",
        Myna.Server.Staff.StaffPolicies.WindowStaff => "window staff",
        Myna.Server.Staff.StaffPolicies.CallCentre => "call centre",
        Myna.Server.Staff.StaffPolicies.Administrator => "administrator",
        Myna.Server.Staff.StaffPolicies.Identification => "window staff or call centre",
        Myna.Server.Staff.StaffPolicies.Insurer => "insurer",
        Myna.Server.Staff.StaffPolicies.PublicBody => "tax office, pension service or health centre",
        Myna.Server.Portal.PortalAuthentication.HolderPolicy => "holder (portal)",
        Myna.Server.Portal.Oidc.OidcServer.AccessTokenPolicy => "access token (single sign-on)",
        _ => policy,
    };

    private static string Row(string methods, string path, string access) => $"| {methods} | `{path}` | {access} |";

    private static IEnumerable<string> DocumentedRows()
    {
        var text = File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, "docs", "security.md"));
        var section = text[text.IndexOf("## Who may call what", StringComparison.Ordinal)..];
        var next = section.IndexOf("\n## ", 5, StringComparison.Ordinal);
        if (next > 0)
            section = section[..next];
        foreach (Match row in TableRow().Matches(section))
            yield return Row(row.Groups["methods"].Value.Trim(), row.Groups["path"].Value, row.Groups["access"].Value.Trim());
    }

    [GeneratedRegex(@"^\| (?<methods>[A-Z ]+) \| `(?<path>/[^`]*)` \| (?<access>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
