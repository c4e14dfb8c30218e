using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Myna.Issuance;
using Myna.Portal.SingleSignOn;
using Myna.Primitives.Hosting;
using Myna.Server.Hosting;
using Myna.Server.Security;
using Myna.Storage;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using OidcErrors = OpenIddict.Abstractions.OpenIddictConstants.Errors;

namespace Myna.Server.Portal.Oidc;

/// <summary>
/// The portal as an OpenID Connect provider (もっとつながる, U3.6): outside services log the holder in with the card
/// through the portal. The authorization code flow with PKCE (S256) only; no implicit, hybrid or password grant, no
/// refresh tokens. The one scope is <c>openid</c>, and the one claim about the holder is the pairwise <c>sub</c>.
/// </summary>
internal static class OidcServer
{
    public const string AuthorizePath = "/portal/oidc/authorize";
    public const string TokenPath = "/portal/oidc/token";
    public const string UserInfoPath = "/portal/oidc/userinfo";
    public const string EndSessionPath = "/portal/oidc/end-session";
    public const string JwksPath = "/.well-known/jwks";

    /// <summary>The policy of the userinfo endpoint: an access token the portal issued.</summary>
    public const string AccessTokenPolicy = "OidcAccessToken";

    /// <summary>The scheme that reads and answers OpenID Connect requests.</summary>
    public const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IServiceCollection AddMynaPortalOidc(this IServiceCollection services)
    {
        services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.SectionName);
        // The stores are Myna's own DbContext, of the configured provider, one per request.
        services.AddScoped<MynaDbContext>(sp => sp.GetRequiredService<MynaDbContextFactory>().CreateDbContext());
        services.AddSingleton(sp => new PairwiseSubjects(Convert.FromBase64String(
            KeyFiles.LoadOrCreateSecret(KeyPath(sp, o => o.SubjectKeyFile, "portal-oidc-subject.key")))));

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<MynaDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(AuthorizePath[1..])
                    .SetTokenEndpointUris(TokenPath[1..])
                    .SetUserInfoEndpointUris(UserInfoPath[1..])
                    .SetEndSessionEndpointUris(EndSessionPath[1..])
                    .SetJsonWebKeySetEndpointUris(JwksPath[1..]);
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId);
                // Relying services read the access token themselves (a signed JWT); nothing in it is secret.
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
            });
        services.AddOptions<OpenIddictServerOptions>().Configure<IServiceProvider>((options, sp) =>
        {
            // S256 only: a plain challenge is the verifier itself.
            options.CodeChallengeMethods.Clear();
            options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
            options.Issuer = sp.GetRequiredService<IOptions<ServerOptions>>().Value.PublicBaseUrl;
            // Kept in the data directory (owner-only), made at the first start, in every mode: no development
            // certificate, no key that a restart forgets (the services would no longer verify the tokens they hold).
            var signing = KeyFiles.LoadOrCreateRsa(KeyPath(sp, o => o.SigningKeyFile, "portal-oidc-signing.p8"));
            var signingKey = new RsaSecurityKey(signing);
            signingKey.KeyId = Base64UrlEncoder.Encode(signingKey.ComputeJwkThumbprint());
            options.SigningCredentials.Add(new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256));
            var encryption = new SymmetricSecurityKey(Convert.FromBase64String(
                KeyFiles.LoadOrCreateSecret(KeyPath(sp, o => o.EncryptionKeyFile, "portal-oidc-encryption.key"))));
            options.EncryptionCredentials.Add(new EncryptingCredentials(encryption, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        });
        // The sandbox runs on http://localhost; production asks for HTTPS unless plain HTTP is explicitly allowed.
        services.AddOptions<OpenIddictServerAspNetCoreOptions>().Configure<IOptions<ServerOptions>>((options, server) =>
            options.DisableTransportSecurityRequirement = server.Value.Mode == ServerMode.Sandbox || server.Value.AllowSessionOverPlainHttp);
        services.AddAuthorization(options => options.AddPolicy(AccessTokenPolicy, policy => policy
            .AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(Claims.Subject)));
        return services;
    }

    private static string KeyPath(IServiceProvider services, Func<OidcOptions, string?> configured, string fileName) =>
        configured(services.GetRequiredService<IOptions<OidcOptions>>().Value)
        ?? Path.Combine(services.GetRequiredService<MynaHome>().KeysDirectory, fileName);

    /// <summary>The sample services in the sandbox (at start, before serving).</summary>
    public static Task InitializeAsync(IServiceProvider services, ServerMode mode, CancellationToken cancellationToken = default) =>
        mode == ServerMode.Sandbox ? OidcClients.RegisterSamplesAsync(services, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// The token, userinfo and end-session endpoints (the authorization endpoint is the consent page,
    /// Pages/Portal/Oidc/Authorize). Discovery and the keys are answered by OpenIddict itself. Services call these from
    /// their own servers or pages: other sites may, and none of them acts on a holder's portal cookie but end-session,
    /// which only ends a session.
    /// </summary>
    public static IEndpointRouteBuilder MapMynaPortalOidc(this IEndpointRouteBuilder endpoints)
    {
        var oidc = endpoints.MapGroup("").AllowCrossSiteRequests().ExcludeFromDescription();
        oidc.MapPost(TokenPath, (Delegate)ExchangeAsync).AllowAnonymous();
        oidc.MapMethods(UserInfoPath, [HttpMethods.Get, HttpMethods.Post], async (HttpContext context) =>
        {
            var principal = (await context.AuthenticateAsync(Scheme)).Principal!;
            // The subject and nothing else: no name, address or My Number is ever given to a service.
            return TypedResults.Json(new Dictionary<string, string> { [Claims.Subject] = principal.GetClaim(Claims.Subject)! });
        }).RequireAuthorization(AccessTokenPolicy);
        oidc.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], async (HttpContext context) =>
        {
            // The portal's session ends too, when the browser brought it (a top-level navigation from the service does:
            // the holder's cookie is SameSite=Lax).
            if (await context.AuthenticateAsync(PortalAuthentication.Scheme) is { Succeeded: true } holder)
            {
                context.User = holder.Principal!;
                await PortalLogin.LogOutAsync(context);
            }
            return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/portal" }, [Scheme]);
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>The token endpoint: a code (with its PKCE verifier, checked by OpenIddict) for an identity and an access token.</summary>
    private static async Task<IResult> ExchangeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsAuthorizationCodeGrantType())
            return Refuse(OidcErrors.UnsupportedGrantType, "Only the authorization code grant is supported.");
        // The principal the code was issued for: the pairwise subject, the consent it rests on. OpenIddict has checked
        // the code (once, unexpired, this client, this redirect address) and the verifier against its challenge.
        var principal = (await context.AuthenticateAsync(Scheme)).Principal;
        if (principal is null)
            return Refuse(OidcErrors.InvalidGrant, "The authorization code is no longer valid.");
        var identity = new ClaimsIdentity(principal.Claims, TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetDestinations(Destinations);
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Scheme);
    }

    /// <summary>Where a claim may go: the subject into both tokens; nothing else about the holder exists to go anywhere.</summary>
    internal static IEnumerable<string> Destinations(Claim claim) =>
        claim.Type == Claims.Subject ? [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken] : [];

    /// <summary>An OpenID Connect error answer (to the service: a redirect with <c>error</c>, or a JSON body).</summary>
    internal static IResult Refuse(string error, string description) =>
        TypedResults.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [Scheme]);

    /// <summary>The origin of <paramref name="redirectUri"/> when it is one of <paramref name="clientId"/>'s registered redirect addresses.</summary>
    public static async Task<string?> RegisteredOriginAsync(IOpenIddictApplicationManager applications, string? clientId, string? redirectUri, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
            || await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application
            || !await applications.ValidateRedirectUriAsync(application, redirectUri!, cancellationToken))
            return null;
        return uri.GetLeftPart(UriPartial.Authority);
    }
}

/// <summary>The pages whose forms end at an outside service: they let the service's registered origin into <c>form-action</c>.</summary>
internal static class OidcFormAction
{
    /// <summary>Lets this page's forms lead to <paramref name="clientId"/>'s <paramref name="redirectUri"/>, when it is registered.</summary>
    public static async Task AllowAsync(HttpContext context, string? clientId, string? redirectUri)
    {
        var applications = context.RequestServices.GetRequiredService<IOpenIddictApplicationManager>();
        if (await OidcServer.RegisteredOriginAsync(applications, clientId, redirectUri, context.RequestAborted) is { } origin)
            context.Items[SecurityHeaders.FormActionOrigin] = origin;
    }

    /// <summary>The same for a login page that returns to the authorization endpoint (<paramref name="returnUrl"/>).</summary>
    public static Task AllowReturnAsync(HttpContext context, string? returnUrl)
    {
        if (returnUrl is null || !returnUrl.StartsWith(OidcServer.AuthorizePath + "?", StringComparison.OrdinalIgnoreCase))
            return Task.CompletedTask;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[returnUrl.IndexOf('?', StringComparison.Ordinal)..]);
        return AllowAsync(context, query.GetValueOrDefault(Parameters.ClientId), query.GetValueOrDefault(Parameters.RedirectUri));
    }
}
