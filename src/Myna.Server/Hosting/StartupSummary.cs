using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Storage;

namespace Myna.Server.Hosting;

/// <summary>
/// What the start says: the mode first (before the slow work), then, once the server listens, where everything is.
/// The framework's own start lines (environment, content root) are left at Warning in appsettings.json: the
/// environment name is the framework's and says nothing of the Myna mode, which is what an operator needs.
/// </summary>
internal static partial class StartupSummary
{
    /// <summary>The log category of the start's lines.</summary>
    public const string Category = "Myna.Server.Startup";

    public static void LogStarting(IServiceProvider services, StorageOptions storage)
    {
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        LogStartingIn(Logger(services), options.Mode, services.GetRequiredService<MynaHome>().Root, DatabaseDescription.Of(storage));
    }

    /// <summary>Logs the summary when the server has started listening.</summary>
    public static void LogWhenListening(WebApplication app, StorageOptions storage) =>
        app.Lifetime.ApplicationStarted.Register(() => LogListening(app.Services, storage));

    private static void LogListening(IServiceProvider services, StorageOptions storage)
    {
        var logger = Logger(services);
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var listening = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var here = listening.FirstOrDefault() is { } first
            ? new Uri(ListenAddress.WithoutWildcard(first).TrimEnd('/') + "/")
            : ListenAddress.KestrelDefault;
        var published = options.PublicBaseUrl ?? here;
        var sandbox = options.Mode == ServerMode.Sandbox;

        var text = new StringBuilder();
        void Line(string label, string value) => text.Append(CultureInfo.InvariantCulture, $"\n  {label,-16} {value}");
        Line("Mode:", sandbox ? "Sandbox (demo accounts and a movable clock; never enter real personal data)" : "Production");
        Line("Data directory:", services.GetRequiredService<MynaHome>().Root);
        Line("Database:", DatabaseDescription.Of(storage));
        Line("Access log:", services.GetService<AccessLog>() is { } accessLog ? accessLog.Directory + "/access-YYYYMMDD-PID.log" : "off (Myna:AccessLog:Enabled)");
        Line("Listening on:", listening.Count == 0 ? "(in-process test server)" : string.Join(", ", listening));
        Line("Staff pages:", new Uri(here, "/").AbsoluteUri + (sandbox ? "  (sign in as window, callcentre or admin; passwords in README)" : ""));
        Line("API:", new Uri(here, "/scalar/").AbsoluteUri + "  (OpenAPI: " + new Uri(here, "/openapi/v1.json").AbsoluteUri + ")");
        Line("CRLs:", new Uri(published, "crl/signature.crl").AbsoluteUri + ", " + new Uri(published, "crl/authentication.crl").AbsoluteUri);
        Line("OCSP:", new Uri(published, "ocsp").AbsoluteUri);
        Line("CA certificates:", new Uri(published, "ca/signature.cer").AbsoluteUri + ", " + new Uri(published, "ca/authentication.cer").AbsoluteUri);
        if (sandbox)
        {
            var today = JapanClock.Today(services.GetRequiredService<TimeProvider>());
            Line("Sandbox date:", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " (Japan; an administrator moves it on the Administration page)");
        }
        Line("Environment:", services.GetRequiredService<IHostEnvironment>().EnvironmentName + " (ASP.NET Core's; Myna follows the mode above)");
        text.Append("\n  Press Ctrl+C to stop.");
        LogReady(logger, text.ToString());

        if (options.PublicBaseUrl is { } url && listening.Count > 0 && !ListenAddress.IsAmong(url, listening))
            LogPublicBaseUrlElsewhere(logger, url, string.Join(", ", listening));
        if (options.Mode == ServerMode.Production && options.PublicBaseUrl is null)
            LogNoPublicBaseUrl(logger);
        if (options.Mode == ServerMode.Production && !options.AllowSessionOverPlainHttp && !options.ForwardedHeaders.Enabled
            && listening.Count > 0 && !listening.Any(l => l.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
            LogPlainHttpOnly(logger);
        if (options.Mode == ServerMode.Production
            && Security.RequestSecurityExtensions.AllowedHosts(services.GetRequiredService<IConfiguration>()).Count == 0)
            LogAnyHost(logger);
    }

    private static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting Myna in {Mode} mode; data directory {DataDirectory}, database {Database}.")]
    private static partial void LogStartingIn(ILogger logger, ServerMode mode, string dataDirectory, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Myna is ready.{Summary}")]
    private static partial void LogReady(ILogger logger, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificates issued now name {PublicBaseUrl} as their CRL location, but the server listens on {Listening}. Set Myna:PublicBaseUrl to the address relying parties reach.")]
    private static partial void LogPublicBaseUrlElsewhere(ILogger logger, Uri publicBaseUrl, string listening);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Myna:PublicBaseUrl is not set: issued certificates carry no HTTP CRL location (DirName only). Set it to the address relying parties reach.")]
    private static partial void LogNoPublicBaseUrl(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server listens on plain HTTP only, but in production the session cookie is Secure: browsers will not keep a session. Serve HTTPS, name the TLS proxy in Myna:ForwardedHeaders, or (closed network only) set Myna:AllowSessionOverPlainHttp.")]
    private static partial void LogPlainHttpOnly(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AllowedHosts is not set: any Host header is accepted. Set it to the server's host names (e.g. AllowedHosts=myna.city.example).")]
    private static partial void LogAnyHost(ILogger logger);
}
