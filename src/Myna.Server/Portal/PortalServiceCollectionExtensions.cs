using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Myna.Portal;
using Myna.Portal.Accounts;
using Myna.Portal.History;
using Myna.Portal.Information;
using Myna.Portal.Login;
using Myna.Portal.Notices;
using Myna.Portal.Sandbox;
using Myna.Portal.Sessions;
using Myna.Server.Clock;
using Myna.Server.Portal.Oidc;
using Myna.Storage;
using Myna.Window;

namespace Myna.Server.Portal;

/// <summary>The citizen portal (マイナポータル, U3): the holder's side of the server, under <c>/portal</c>.</summary>
internal static class PortalServiceCollectionExtensions
{
    public static IServiceCollection AddMynaPortal(this IServiceCollection services)
    {
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.SectionName)
            .Validate(o => o.IsValid, PortalOptions.InvalidMessage)
            .ValidateOnStart();
        services.AddSingleton(sp => new PortalClocks(sp.GetRequiredKeyedService<TimeProvider>(MynaClocks.Real), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<HolderAccounts>();
        services.AddSingleton<HolderSessions>();
        services.AddSingleton<CardLogins>();
        services.AddSingleton<MyInformation>();
        services.AddSingleton<InformationPublishing>();
        services.AddSingleton<HolderNotices>();
        services.AddSingleton<DemoInformation>();
        // The slot opens the card's own chip, as the window does for its procedures (under the card file's lock).
        services.AddSingleton(sp => new SandboxCardSlot(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(),
            sp.GetRequiredService<CardLogins>(), sp.GetRequiredService<MunicipalWindow>().OpenCardChip, sp.GetRequiredService<PortalClocks>()));
        services.AddSingleton<Myna.Portal.Procedures.OnlineApplications>();
        services.AddSingleton(sp => new ExchangeHistory(sp.GetRequiredService<IDbContextFactory<MynaDbContext>>(),
            HistoryLogKey.LoadOrCreate(sp.GetRequiredService<Myna.Primitives.Hosting.MynaHome>(),
                HistoryLogKey.DefaultOrigin(sp.GetRequiredService<IOptions<Hosting.ServerOptions>>().Value.PublicBaseUrl)),
            sp.GetRequiredService<PortalClocks>()));
        services.AddHostedService<HistorySequencer>();
        services.AddMynaPortalAuthentication();
        services.AddMynaPortalOidc();
        return services;
    }
}
