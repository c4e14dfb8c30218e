using System.Globalization;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Myna.Server.Portal.Oidc;

/// <summary>The outside services the sandbox registers at start: an e-Tax-like and a pension-like sample service.</summary>
internal static class OidcClients
{
    /// <summary>The e-Tax-like sample's client id.</summary>
    public const string ETaxSample = "etax-sample";

    /// <summary>The pension-like sample's client id.</summary>
    public const string NenkinSample = "nenkin-sample";

    /// <summary>
    /// The samples' defaults: the sample relying party (samples/Myna.SampleRelyingParty) on its own port per client,
    /// with the callback paths of the framework's OpenID Connect handler.
    /// </summary>
    public static IReadOnlyDictionary<string, OidcClientOptions> Samples { get; } = new Dictionary<string, OidcClientOptions>
    {
        [ETaxSample] = Sample("e-Tax（見本）", "e-Tax (sample)", "http://localhost:5101"),
        [NenkinSample] = Sample("ねんきんネット（見本）", "Nenkin Net (sample)", "http://localhost:5102"),
    };

    private static OidcClientOptions Sample(string japanese, string english, string root) => new()
    {
        DisplayName = japanese,
        EnglishDisplayName = english,
        RedirectUris = [root + "/signin-oidc"],
        PostLogoutRedirectUris = [root + "/signout-callback-oidc"],
    };

    /// <summary>
    /// Registers the sample services, or brings them to the configured redirect addresses (idempotent: a restart
    /// changes nothing else, and the holders' consents stay).
    /// </summary>
    public static async Task RegisterSamplesAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var configured = scope.ServiceProvider.GetRequiredService<IOptions<OidcOptions>>().Value.Clients;
        foreach (var (clientId, defaults) in Samples)
        {
            var settings = configured.GetValueOrDefault(clientId);
            var descriptor = Descriptor(clientId, new OidcClientOptions
            {
                DisplayName = settings?.DisplayName ?? defaults.DisplayName,
                EnglishDisplayName = settings?.EnglishDisplayName ?? defaults.EnglishDisplayName,
                RedirectUris = settings is { RedirectUris.Count: > 0 } ? settings.RedirectUris : defaults.RedirectUris,
                PostLogoutRedirectUris = settings is { PostLogoutRedirectUris.Count: > 0 } ? settings.PostLogoutRedirectUris : defaults.PostLogoutRedirectUris,
            });
            if (await applications.FindByClientIdAsync(clientId, cancellationToken) is { } existing)
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            else
                await applications.CreateAsync(descriptor, cancellationToken);
        }
    }

    /// <summary>
    /// A public client (a secret would prove nothing in a sample anyone can read) of the code flow with PKCE required,
    /// whose consent the holder gives explicitly, and which may ask for <c>openid</c> only.
    /// </summary>
    internal static OpenIddictApplicationDescriptor Descriptor(string clientId, OidcClientOptions client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = client.DisplayName ?? clientId,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (client.EnglishDisplayName is { } english)
            descriptor.DisplayNames[CultureInfo.GetCultureInfo("en")] = english;
        foreach (var uri in client.RedirectUris)
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        foreach (var uri in client.PostLogoutRedirectUris)
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));
        return descriptor;
    }
}
