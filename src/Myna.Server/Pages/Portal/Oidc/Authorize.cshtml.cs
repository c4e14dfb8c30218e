using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.Tokens;
using Myna.Portal.SingleSignOn;
using Myna.Server.Portal;
using Myna.Server.Portal.Oidc;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using OidcErrors = OpenIddict.Abstractions.OpenIddictConstants.Errors;

namespace Myna.Server.Pages.Portal.Oidc;

/// <summary>
/// <c>/portal/oidc/authorize</c>: the authorization endpoint of the single sign-on (U3.6). OpenIddict has checked the
/// request (a registered client and redirect address, <c>response_type=code</c>, an S256 PKCE challenge) before this
/// page runs; the holder's portal session is required (the folder's policy sends a browser without one to the login,
/// which comes back here). The first time for a service the holder sees what it receives and allows or refuses; an
/// allowance is remembered (an OpenIddict authorization under the service's pairwise subject).
/// </summary>
public sealed class AuthorizeModel(IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations, PairwiseSubjects subjects) : PageModel
{
    /// <summary>The service's name in the page's language.</summary>
    public string ServiceName { get; private set; } = "";

    /// <summary>The request's parameters, carried across the consent form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => DecideAsync(consent: null);

    public Task<IActionResult> OnPostAllowAsync() => DecideAsync(consent: true);

    public Task<IActionResult> OnPostRefuseAsync() => DecideAsync(consent: false);

    private async Task<IActionResult> DecideAsync(bool? consent)
    {
        var request = HttpContext.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cancellationToken = HttpContext.RequestAborted;
        var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
            ?? throw new InvalidOperationException("OpenIddict let through an unknown client.");
        var applicationId = (await applications.GetIdAsync(application, cancellationToken))!;
        var subject = subjects.For(request.ClientId!, PortalAuthentication.AccountId(User)!.Value);
        var scopes = request.GetScopes();

        if (consent == false)
            return Refused(OidcErrors.AccessDenied, "The holder refused to log in to this service.");
        var remembered = new List<object>();
        await foreach (var authorization in authorizations.FindAsync(subject, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, scopes, cancellationToken))
            remembered.Add(authorization);
        if (remembered.Count == 0 && consent != true)
        {
            if (request.HasPromptValue(PromptValues.None))
                return Refused(OidcErrors.ConsentRequired, "The holder has not allowed this service yet.");
            ServiceName = await applications.GetLocalizedDisplayNameAsync(application, CultureInfo.CurrentUICulture, cancellationToken) ?? request.ClientId!;
            Parameters = [.. (Request.HasFormContentType ? Request.Form.AsEnumerable() : Request.Query.AsEnumerable())
                .Where(p => p.Key is not ("__RequestVerificationToken" or "handler"))
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")))];
            await OidcFormAction.AllowAsync(HttpContext, request.ClientId, request.RedirectUri);
            return Page();
        }

        // The pairwise subject and nothing more: the tokens say who, for this service alone, and not what.
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetScopes(scopes);
        var kept = remembered.LastOrDefault()
            ?? await authorizations.CreateAsync(identity, subject, applicationId, AuthorizationTypes.Permanent, scopes, cancellationToken);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(kept, cancellationToken));
        identity.SetDestinations(OidcServer.Destinations);
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private ForbidResult Refused(string error, string description) =>
        Forbid(new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
