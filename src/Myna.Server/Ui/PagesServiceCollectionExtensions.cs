using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Myna.Server.Staff;

namespace Myna.Server.Ui;

/// <summary>
/// The staff pages: Razor Pages rendered on the server, no script build step, in Japanese with an English
/// switch. Each folder of <c>Pages/</c> belongs to a role: <c>Window/</c>, <c>CallCentre/</c>, <c>Admin/</c>; <c>Portal/</c> is
/// the holders'; <c>Kiosk/</c> is anyone's (a store's machine, bilingual on one screen); <c>Clinic/</c> is a clinic's
/// reception terminal (sandbox, bilingual on one screen); <c>Insurer/</c> the insurers'.
/// </summary>
internal static class PagesServiceCollectionExtensions
{
    public static IServiceCollection AddMynaPages(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Window", StaffPolicies.WindowStaff);
            options.Conventions.AuthorizeFolder("/CallCentre", StaffPolicies.CallCentre);
            options.Conventions.AuthorizeFolder("/Admin", StaffPolicies.Administrator);
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AllowAnonymousToPage("/Forbidden");
            options.Conventions.AllowAnonymousToPage("/Help");
            options.Conventions.AllowAnonymousToPage("/Language");
            // The holders' portal: its own sign-in (Portal/PortalAuthentication), never a staff session's.
            options.Conventions.AuthorizeFolder("/Portal", Portal.PortalAuthentication.HolderPolicy);
            options.Conventions.AllowAnonymousToPage("/Portal/Index");
            options.Conventions.AllowAnonymousToPage("/Portal/Login");
            options.Conventions.AllowAnonymousToPage("/Portal/Procedures");
            // The portal's cookies live on the path /portal, and a browser compares cookie paths case-sensitively: the
            // portal's routes, and so the addresses its forms post to, are lower case (/portal/login?handler=Slot).
            options.Conventions.AddFolderRouteModelConvention("/Portal", LowerCaseRoutes);
            // The kiosk pages: a store's machine (sandbox) and the public check of a printed certificate. The machine's
            // cookie lives on the path /kiosk, so its routes are lower case too.
            options.Conventions.AllowAnonymousToFolder("/Kiosk");
            options.Conventions.AddFolderRouteModelConvention("/Kiosk", LowerCaseRoutes);
            // The clinic's reception terminal and its staff's view of the checks (sandbox): the terminal's own cookie, on
            // the path /clinic, is what lets the staff's view in (Clinic/ReceptionSessions).
            options.Conventions.AllowAnonymousToFolder("/Clinic");
            options.Conventions.AddFolderRouteModelConvention("/Clinic", LowerCaseRoutes);
            // The insurers' pages: insurer staff and administrators.
            options.Conventions.AuthorizeFolder("/Insurer", StaffPolicies.Insurer);
        });
        // Japanese text as it is in the HTML: the default encoder escapes everything beyond ASCII as &#x…;, which
        // triples a page's size and makes its source unreadable. Markup characters are still escaped.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(Bilingual.Japanese)
                .AddSupportedCultures([.. Bilingual.Languages])
                .AddSupportedUICultures([.. Bilingual.Languages]);
            // The switch's cookie first, then the browser's languages; the query string is left out so that a
            // shared link does not change the reader's language.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    private static void LowerCaseRoutes(Microsoft.AspNetCore.Mvc.ApplicationModels.PageRouteModel model)
    {
        foreach (var selector in model.Selectors)
        {
            if (selector.AttributeRouteModel?.Template is { } template)
                selector.AttributeRouteModel.Template = template.ToLowerInvariant();
        }
    }

    /// <summary>
    /// The pages' stylesheet from <c>wwwroot</c>, before authentication (nothing in it is secret). Served by the
    /// static-files middleware rather than <c>MapStaticAssets</c>, whose catch-all route turned a PUT to an unknown
    /// API path into 405 instead of 404.
    /// </summary>
    public static IApplicationBuilder UseMynaPageAssets(this IApplicationBuilder app)
    {
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapMynaPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
