using Myna.Primitives;

namespace Myna.Server.Security;

/// <summary>
/// What a device's API call carries and what its body holds in base64: the <c>Authorization: {scheme} {id}:{secret}</c>
/// header of a store's machine (<c>Kiosk</c>) or a clinic's terminal (<c>Terminal</c>), which the service it calls checks
/// against the secret's hash (<see cref="DeviceSecrets"/>); and the bounded base64 of a certificate or a signature.
/// </summary>
internal static class DeviceAuthorization
{
    /// <summary>The device's id and secret from the request's <c>Authorization</c> header; null when it is not <paramref name="scheme"/>'s or malformed.</summary>
    public static (Guid Id, string Secret)? Parse(HttpRequest request, string scheme)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        var prefix = scheme + " ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var parts = header[prefix.Length..].Split(':', 2);
        return parts.Length == 2 && Guid.TryParse(parts[0], out var id) && parts[1].Length is > 0 and <= DeviceSecrets.MaxLength
            ? (id, parts[1])
            : null;
    }

    /// <summary>The bytes of <paramref name="text"/>, base64 of at most <paramref name="maxBytes"/> bytes; null when empty, too long or not base64.</summary>
    public static byte[]? Base64(string? text, int maxBytes)
    {
        if (string.IsNullOrEmpty(text) || text.Length > (maxBytes + 2) / 3 * 4)
            return null;
        var buffer = new byte[maxBytes];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}

/// <summary>
/// Marks an endpoint that only devices call, each with its own credentials in the <c>Authorization</c> header, which the
/// service checks itself (<see cref="DeviceAuthorization"/>): no session cookie, no single sign-on token, no staff policy
/// applies, so the pipeline's sign-in and authorization are skipped for it (<see cref="DeviceEndpointExtensions.UseUnlessDeviceEndpoint"/>).
/// Everything else a request passes — the security headers, localization, the cross-site guard, the problem details — stays.
/// </summary>
public sealed class DeviceCredentialsOnly
{
    public static readonly DeviceCredentialsOnly Instance = new();
}

/// <summary>Marks endpoints <see cref="DeviceCredentialsOnly"/>, and runs middleware only for the other endpoints.</summary>
public static class DeviceEndpointExtensions
{
    public static TBuilder RequireDeviceCredentialsOnly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(DeviceCredentialsOnly.Instance).AllowAnonymous();
    }

    /// <summary>
    /// <paramref name="configure"/>'s middleware for every request but those routed to a <see cref="DeviceCredentialsOnly"/>
    /// endpoint. The route is matched before (the host's routing comes first), so a path that names no such endpoint — a
    /// wrong method, an unknown path — passes all of it.
    /// </summary>
    public static IApplicationBuilder UseUnlessDeviceEndpoint(this IApplicationBuilder app, Action<IApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(configure);
        var sessions = app.New();
        configure(sessions);
        // UseAuthentication and UseAuthorization mark the builder they are added on (properties "__…MiddlewareSet"), and
        // the host adds them again at the start of the whole pipeline, for every request, unless the application's builder
        // has the mark; a branch marks only its own copy of the properties.
        foreach (var (key, value) in sessions.Properties)
        {
            if (key.EndsWith("MiddlewareSet", StringComparison.Ordinal))
                app.Properties.TryAdd(key, value);
        }
        return app.Use(next =>
        {
            sessions.Run(next);
            var throughSessions = sessions.Build();
            return context => context.GetEndpoint()?.Metadata.GetMetadata<DeviceCredentialsOnly>() is null ? throughSessions(context) : next(context);
        });
    }
}
