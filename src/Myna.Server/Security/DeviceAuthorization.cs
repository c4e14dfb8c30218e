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
