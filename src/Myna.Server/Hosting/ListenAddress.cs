namespace Myna.Server.Hosting;

/// <summary>
/// The first address the server will listen on, read from the configuration before Kestrel binds (the authorities,
/// which put the server's address into certificates, are opened before): <c>Kestrel:Endpoints</c>, which Kestrel
/// prefers, then <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), then <c>http_ports</c>, then Kestrel's default.
/// </summary>
internal static class ListenAddress
{
    /// <summary>Kestrel's address when nothing is configured.</summary>
    public static readonly Uri KestrelDefault = new("http://localhost:5000/");

    /// <summary>The first configured address as a base URL (a wildcard host as <c>localhost</c>); null for port 0, which is chosen at bind time.</summary>
    public static Uri? FirstConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var first = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).FirstOrDefault(u => !string.IsNullOrWhiteSpace(u))
            ?? FirstOf(configuration["urls"])
            ?? (FirstOf(configuration["http_ports"]) is { } port ? "http://localhost:" + port : null);
        if (first is null)
            return KestrelDefault;
        return Uri.TryCreate(WithoutWildcard(first), UriKind.Absolute, out var uri) && uri.Port != 0
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
            : null;
    }

    /// <summary>Whether <paramref name="address"/> (the public base URL) is one of the <paramref name="listening"/> addresses.</summary>
    public static bool IsAmong(Uri address, IEnumerable<string> listening) =>
        listening.Any(l => Uri.TryCreate(WithoutWildcard(l), UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, address.Scheme, StringComparison.OrdinalIgnoreCase)
            && uri.Port == address.Port
            && (string.Equals(uri.IdnHost, address.IdnHost, StringComparison.OrdinalIgnoreCase) || uri.IdnHost == "localhost"));

    private static string? FirstOf(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    /// <summary>
    /// <paramref name="url"/> with a host that listens everywhere (http://*:5000, http://+:5000, http://0.0.0.0:5000,
    /// http://[::]:5000) as <c>localhost</c>, where it is reachable from this machine.
    /// </summary>
    public static string WithoutWildcard(string url)
    {
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
        {
            if (url.Contains(wildcard, StringComparison.Ordinal))
                return url.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }
        return url;
    }
}
