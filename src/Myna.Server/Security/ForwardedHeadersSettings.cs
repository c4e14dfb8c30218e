using System.Net;

namespace Myna.Server.Security;

/// <summary>
/// The reverse proxies (a TLS-terminating nginx, a load balancer) whose <c>X-Forwarded-For</c>, <c>-Proto</c> and
/// <c>-Host</c> the server believes (configuration <c>Myna:ForwardedHeaders</c>). None by default: the headers are then
/// ignored, since anyone could send them. Behind a proxy, set one of the two lists so that the server sees the client's
/// scheme (the session cookie is then <c>Secure</c>, HSTS is sent) and address.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>The proxies' addresses, e.g. <c>127.0.0.1</c> for nginx on the same machine.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>The proxies' networks in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>Whether any proxy is configured, i.e. whether forwarded headers are read at all.</summary>
    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>The proxies as addresses.</summary>
    /// <exception cref="InvalidOperationException">An entry is not an IP address.</exception>
    public IEnumerable<IPAddress> ProxyAddresses() => KnownProxies.Select(p => IPAddress.TryParse(p, out var address)
        ? address
        : throw new InvalidOperationException($"Myna:ForwardedHeaders:KnownProxies: '{p}' is not an IP address."));

    /// <summary>The networks.</summary>
    /// <exception cref="InvalidOperationException">An entry is not in CIDR notation.</exception>
    public IEnumerable<IPNetwork> Networks() => KnownNetworks.Select(n => IPNetwork.TryParse(n, out var network)
        ? network
        : throw new InvalidOperationException($"Myna:ForwardedHeaders:KnownNetworks: '{n}' is not a network in CIDR notation (10.0.0.0/24)."));
}
