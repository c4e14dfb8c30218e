using Myna.Pki.Http;
using Myna.Primitives.Hosting;
using Myna.Server.ApiDescription;
using Myna.Server.Authorities;
using Myna.Server.Cards;
using Myna.Server.Clock;
using Myna.Server.Coordination;
using Myna.Server.Errors;
using Myna.Server.Health;
using Myna.Server.Insurance;
using Myna.Server.Hosting;
using Myna.Server.Eligibility;
using Myna.Server.Kiosk;
using Myna.Server.Portal;
using Myna.Server.Security;
using Myna.Server.SharedState;
using Myna.Server.Staff;
using Myna.Server.Ui;
using Myna.Server.Window;
using Myna.Storage;
using System.Text.Json.Serialization;

// Myna.Server: the whole system in one host. Composition only; each area's services and endpoints
// live in its folder.
// The web root (the pages' stylesheet) is copied beside the assembly, so it is found whatever the working directory.
// The ASP.NET Core environment is left as the framework sets it (Production unless ASPNETCORE_ENVIRONMENT says
// otherwise), in sandbox mode too: Development would switch on framework behaviour (detailed errors, user secrets)
// that has nothing to do with the Myna mode. The start's log names the mode instead (StartupSummary).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
// The documented defaults (appsettings.json beside the assembly) below every other source, so that they apply
// whatever the working directory (`dotnet run --project` from the repository root) and anything else overrides them.
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
{
    FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
    Path = "appsettings.json",
    Optional = true,
});

var serverOptions = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
if (serverOptions.KeyDerivation.Problem(serverOptions.Mode) is { } keyDerivationProblem)
    throw new InvalidOperationException(keyDerivationProblem);
var home = string.IsNullOrWhiteSpace(serverOptions.DataDirectory) ? MynaHome.FromEnvironment() : new MynaHome(serverOptions.DataDirectory);
var storage = (builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions()).WithDefaults(home);

builder.Services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.SectionName));
builder.Services.AddSingleton(home);
builder.Services.AddMynaClock(serverOptions.Mode, serverOptions.SandboxClockRefresh
    ?? (storage.Provider == StorageProvider.PostgreSql ? ServerOptions.SharedSandboxClockRefresh : null));
builder.Services.AddMynaStorage(storage);
builder.Services.AddMynaCoordination(storage);
builder.Services.AddMynaSharedState(serverOptions, storage, home);
builder.Services.AddMynaAuthorities(builder.Configuration);
builder.Services.AddJpkiCrlRefresh();
builder.Services.AddMynaVerification();
builder.Services.AddMynaWindow();
builder.Services.AddMynaInsurance();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddMynaStaffAuthentication(home, sharedKeys: storage.Provider == StorageProvider.PostgreSql);
builder.Services.AddMynaPortal();
builder.Services.AddMynaCardSlot();
builder.Services.AddMynaRemoteReaders();
builder.Services.AddMynaKiosk();
builder.Services.AddMynaEligibility();
builder.Services.AddMynaMedicalRecords();
builder.Services.AddMynaProblemDetails();
builder.Services.AddValidation();
builder.Services.AddMynaApiDescription();
builder.Services.AddMynaPages();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddMynaRequestSecurity(serverOptions, builder.Configuration);
builder.Services.AddMynaAccessLog(serverOptions.AccessLog, home);

var app = builder.Build();
StartupSummary.LogStarting(app.Services, storage);
await ServerStartup.InitializeAsync(app.Services);
await WindowStartup.InitializeAsync(app.Services);
await PortalStartup.InitializeAsync(app.Services);
await app.Services.InitializeKioskAsync();
await app.Services.InitializeEligibilityAsync();
await app.Services.InitializeMedicalRecordsAsync();
await Myna.Server.Portal.Oidc.OidcServer.InitializeAsync(app.Services, serverOptions.Mode);
// Every key is open or made by now: what this server made goes to the database for the other servers.
await app.Services.StoreSharedKeysAsync();
StartupSummary.LogWhenListening(app, storage);

// Forwarded headers, HSTS and the security headers come before all of this (a startup filter of AddMynaRequestSecurity).
app.UseMynaAccessLog(serverOptions.AccessLog);
app.UseMynaProblemDetails();
app.UseRequestLocalization();
app.UseMynaRequestSecurity();
// The terminals' API (their own credentials, no session) skips the stylesheet's files, the sign-in and authorization.
app.UseUnlessDeviceEndpoint(sessions =>
{
    sessions.UseMynaPageAssets();
    sessions.UseAuthentication();
    sessions.UseAuthorization();
});

// Public: anyone may read these, and other sites may POST to them (they read no cookie).
var publicEndpoints = app.MapGroup("").AllowAnonymous().AllowCrossSiteRequests();
publicEndpoints.MapJpkiOcsp();
publicEndpoints.MapJpkiCrl();
publicEndpoints.MapJpkiCaCertificates(app.Services.GetRequiredService<Myna.Issuance.IssuingSystem>().Authorities);
// Relying parties (E3) verify logins and signed documents; the answer says no more than OCSP would.
publicEndpoints.MapJpkiVerification();
app.MapMynaApiDescription();
app.MapMynaHealth();

// Staff.
app.MapStaffSession();
app.MapStaffAdministration();
if (serverOptions.Mode == ServerMode.Sandbox)
{
    app.MapSandboxClock();
    // The holders' readers of the sandbox's cards: one chip per card, attached remotely (a WebSocket each).
    app.UseWebSockets();
    app.MapSandboxCards();
}

// The municipal window and the call centre.
app.MapMynaWindow();

// The insurers' records of the card's health-insurance use (U1.1).
app.MapMynaInsurance();

// The citizen portal: the holders' side, with its own sign-in, and its single sign-on for outside services.
app.MapMynaPortal(serverOptions.Mode);
app.MapMynaBodies();
app.MapMynaKiosk();
app.MapMynaEligibility();
app.MapMynaMedicalRecords();
app.MapHealthRecords();

// The pages (the staff's window, call centre, administration; the holders' portal).
app.MapMynaPages();

await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
