using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

// A sample outside service (an e-Tax-like or a pension-like one) that logs the holder in with the card through the
// portal: the framework's own OpenID Connect client, the code flow with PKCE, scope openid only. Its one page says which
// service the holder is logged in to and the pairwise subject the portal gave this service.
//
//   dotnet run --project samples/Myna.SampleRelyingParty -- --Portal=http://localhost:5000/ --ClientId=etax-sample
//
// The sandbox registers etax-sample (http://localhost:5101) and nenkin-sample (http://localhost:5102); the sample
// listens on its client's address unless --urls says otherwise.
var builder = WebApplication.CreateBuilder(args);
var portal = new Uri(builder.Configuration["Portal"] ?? "http://localhost:5000/");
var clientId = builder.Configuration["ClientId"] ?? "etax-sample";
var (japaneseName, englishName, defaultUrl) = clientId switch
{
    "nenkin-sample" => ("ねんきんネット（見本）", "Nenkin Net (sample)", "http://localhost:5102"),
    "etax-sample" => ("e-Tax（見本）", "e-Tax (sample)", "http://localhost:5101"),
    _ => (clientId, clientId, null),
};
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && defaultUrl is not null)
    builder.WebHost.UseUrls(defaultUrl);

builder.Services.AddAuthentication(options =>
    {
        options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
    })
    .AddCookie(options => options.Cookie.Name = "sample." + clientId)
    .AddOpenIdConnect(options =>
    {
        options.Authority = portal.ToString();
        // The sandbox portal runs on http://localhost; a real one is HTTPS.
        options.RequireHttpsMetadata = portal.Scheme == Uri.UriSchemeHttps;
        options.ClientId = clientId;
        options.ResponseType = "code";
        options.UsePkce = true;
        // The code in the query: the portal's pages run no inline script, so no self-posting form (form_post).
        options.ResponseMode = "query";
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.GetClaimsFromUserInfoEndpoint = true;
        options.MapInboundClaims = false;
        options.SaveTokens = true;
        options.TokenValidationParameters.NameClaimType = "sub";
    });
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/", (HttpContext context) =>
{
    var sub = WebUtility.HtmlEncode(context.User.FindFirst("sub")?.Value ?? "");
    return Results.Content($$"""
        <!DOCTYPE html>
        <html lang="ja">
        <head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(englishName)}}</title></head>
        <body>
        <h1>{{WebUtility.HtmlEncode(japaneseName)}}</h1>
        <p>{{WebUtility.HtmlEncode(japaneseName)}} に <code>{{sub}}</code> としてログインしています。</p>
        <p lang="en">Logged in to {{WebUtility.HtmlEncode(englishName)}} as <code>{{sub}}</code>.</p>
        <p><a href="/logout">ログアウト</a> <span lang="en">(<a href="/logout">Log out</a>)</span></p>
        </body>
        </html>
        """, "text/html; charset=utf-8");
}).RequireAuthorization();

app.MapGet("/logout", () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));

app.Run();
