using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Myna.Storage.Portal;

/// <summary>
/// The portal's single sign-on (U3.6) in this model: the outside services registered as clients, the holders' remembered
/// consents and the tokens issued, as OpenIddict keeps them (its own entities, under the portal's table names). Nothing
/// here names a holder but the pairwise subject each service knows them by: never the account, never the My Number.
/// </summary>
internal static class SingleSignOn
{
    /// <summary>Adds OpenIddict's entities, in tables <c>portal_oidc_applications</c>, <c>…_authorizations</c>, <c>…_scopes</c>, <c>…_tokens</c>.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("portal_oidc_applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("portal_oidc_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("portal_oidc_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("portal_oidc_tokens");
    }
}
