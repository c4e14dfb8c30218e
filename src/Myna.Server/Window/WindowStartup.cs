using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Myna.Server.Hosting;
using Myna.Storage;
using Myna.Window;
using Myna.Window.Demo;

namespace Myna.Server.Window;

/// <summary>The window's part of every start: the recovery of unfinished procedures; on the first, the municipalities and in sandbox mode the demo residents.</summary>
internal static class WindowStartup
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<MynaDbContext>>();
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        // Before any procedure: complete or undo what a process that died left unfinished.
        await services.GetRequiredService<MunicipalWindow>().RecoverAsync(options.Repair.RemoveOrphanCardFiles, cancellationToken);
        if (options.Mode != ServerMode.Sandbox || !options.SeedDemoResidents)
        {
            await DemoRegistry.EnsureMunicipalitiesAsync(contexts, cancellationToken);
            return;
        }
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(Hosting.StartupSummary.Category);
        // Reported synchronously (not Progress<T>, which posts to the thread pool and could log after the start's summary).
        var seeded = await DemoRegistry.SeedResidentsAsync(
            services.GetRequiredService<MunicipalWindow>(), contexts, new LoggedProgress(log), cancellationToken);
        if (seeded)
            log.LogInformation("Created the demo municipality's residents and cards (sandbox; the demo cards' PINs are in docs/window.md)");
        if (await DemoRegistry.SeedRecordsAsync(services.GetRequiredService<MunicipalWindow>(), contexts, new LoggedProgress(log), cancellationToken))
            log.LogInformation("Created the demo residents' seal registrations, tax assessments and family registers (sandbox; docs/records.md)");
        if (await DemoRegistry.SeedInsuranceAsync(services.GetRequiredService<InsuranceOffice>(), contexts, new LoggedProgress(log), cancellationToken))
            log.LogInformation("Created the sandbox's insurers and the demo residents' enrolments (sandbox; docs/insurance.md)");
    }

    /// <summary>The demo data's steps as they happen; the steps name no resident (counts only).</summary>
    private sealed class LoggedProgress(ILogger log) : IProgress<string>
    {
        public void Report(string value) => log.LogInformation("Creating the demo municipality: {Step}", value);
    }
}
