using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Myna.Reader.Remote;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Server.Staff;
using Myna.Server.Window;
using Myna.Storage;
using Myna.Window;

namespace Myna.Server.Cards;

/// <summary>
/// <c>/api/sandbox/cards</c>: the sandbox's cards, and each card's remote reader — the holder's side of the card's one
/// chip (<see cref="RemoteReaders"/>). Mapped in sandbox mode only; in production the paths do not exist (404).
/// </summary>
internal static class SandboxCardEndpoints
{
    public static IServiceCollection AddMynaRemoteReaders(this IServiceCollection services) => services.AddSingleton<RemoteReaders>();

    public static IEndpointRouteBuilder MapSandboxCards(this IEndpointRouteBuilder endpoints)
    {
        // The same staff as the card file's download (GET /api/cards/{id}/image): the remote reader replaces it in the sandbox.
        var cards = endpoints.MapGroup("/api/sandbox/cards").WithTags("Sandbox cards").RequireAuthorization(StaffPolicies.WindowStaff)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        cards.MapGet("", ListAsync).WithName("ListSandboxCards")
            .WithSummary("The sandbox's cards (of one resident with ?resident=ID): id, holder, state, and whether the holder's reader has it now.");
        cards.MapGet("/{id:guid}/reader", AttachAsync).WithName("AttachSandboxCardReader")
            .WithSummary("A WebSocket (subprotocol myna-card-reader.v1): the card's own chip in the holder's reader, one APDU per binary message, until closed (docs/security.md).");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<SandboxCardView>>> ListAsync(
        Guid? resident, IDbContextFactory<MynaDbContext> contexts, RemoteReaders readers, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = from c in db.Set<CardRecord>().AsNoTracking()
                    join r in db.Set<Resident>().AsNoTracking() on c.ResidentId equals r.Id
                    select new { c.Id, c.ResidentId, r.Name, c.State, c.IssuedOn, c.ExpiresOn };
        if (resident is { } residentId)
            query = query.Where(c => c.ResidentId == residentId);
        var rows = await query.ToListAsync(cancellationToken);
        IReadOnlyList<SandboxCardView> views = [.. rows
            .OrderBy(c => c.Name.FamilyNameKana, StringComparer.Ordinal).ThenBy(c => c.Name.GivenNameKana, StringComparer.Ordinal).ThenBy(c => c.IssuedOn)
            .Select(c => new SandboxCardView(c.Id, c.ResidentId, c.Name.OnCard, c.State, c.IssuedOn, c.ExpiresOn, readers.IsAttached(c.Id)))];
        return TypedResults.Ok(views);
    }

    /// <remarks>
    /// Refused before the upgrade, as problem details: 400 not a WebSocket request, 403 a browser page of another site
    /// (a WebSocket is not bound by the same-origin policy, so its Origin is checked here), 404 no such card (or no card
    /// file), 409 the card attached in another session or held by a procedure or another program.
    /// </remarks>
    private static async Task<IResult> AttachAsync(
        Guid id, HttpContext context, RemoteReaders readers, MunicipalWindow window, StaffSessions sessions, IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: Ui.Bilingual.T("WebSocket の接続が必要です", "A WebSocket connection is required"),
                detail: Ui.Bilingual.T(
                    "カードリーダーの接続は WebSocket（サブプロトコル myna-card-reader.v1）で行います。`myna sandbox attach` を使ってください。",
                    "The card's reader is a WebSocket (subprotocol myna-card-reader.v1): use `myna sandbox attach`."));
        }
        if (IsFromAnotherSite(context.Request))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: Ui.Bilingual.T("別のサイトからの要求は受け付けません", "Requests from another site are refused"),
                detail: Ui.Bilingual.T("カードリーダーの接続は、別のサイトのページからは行えません。", "A card's reader cannot be attached from a page of another site."));
        }
        if (await window.GetCardAsync(id, cancellationToken) is null || !await window.CardImages.ExistsAsync(id, cancellationToken))
            return TypedResults.NotFound();
        var (attachment, refusal) = await readers.AttachAsync(id, StaffClaims.Actor(context.User), cancellationToken);
        if (attachment is null)
            return WindowProblems.Of(refusal!);
        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                SubProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains(RemoteReaderProtocol.SubProtocol) ? RemoteReaderProtocol.SubProtocol : null,
                DangerousEnableCompression = false,
            });
        }
        catch
        {
            await attachment.AbandonAsync();
            throw;
        }
        using (socket)
        using (var stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, context.RequestAborted))
        {
            // The authorization was checked at the upgrade; the session's end (sign-out, an administrator, a disabled
            // account) must end the attach too, not only its idle limit.
            var sessionId = StaffClaims.SessionId(context.User);
            await attachment.RelayAsync(socket,
                async token => sessionId is { } session && await sessions.CheckAsync(session, token) is not null, stopping.Token);
        }
        return TypedResults.Empty;
    }

    /// <summary>Whether a browser sent the upgrade from a page of another origin (the CLI sends no Origin).</summary>
    private static bool IsFromAnotherSite(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
            return false;
        return !(Uri.TryCreate(origin, UriKind.Absolute, out var claimed)
                 && Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var own)
                 && string.Equals(claimed.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase)
                 && claimed.Port == own.Port
                 && string.Equals(claimed.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>A sandbox card as <c>GET /api/sandbox/cards</c> lists it.</summary>
/// <param name="Id">The card's id (<c>myna sandbox attach ID</c>).</param>
/// <param name="ResidentId">Its holder's resident id.</param>
/// <param name="HolderName">The holder's name as the card face shows it.</param>
/// <param name="State">The card's state on record.</param>
/// <param name="IssuedOn">When it was issued.</param>
/// <param name="ExpiresOn">When it expires.</param>
/// <param name="InHoldersReader">Whether its holder's reader has it now (the window cannot use it meanwhile).</param>
public sealed record SandboxCardView(
    Guid Id, Guid ResidentId, string HolderName, CardState State, DateOnly IssuedOn, DateOnly ExpiresOn, bool InHoldersReader);
