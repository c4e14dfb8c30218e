using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Myna.Portal.Information;
using Myna.Portal.Login;
using Myna.Portal.Notices;
using Myna.Portal.Sandbox;
using Myna.Portal.Sessions;
using Myna.Primitives;
using Myna.Server.Hosting;
using Myna.Server.Portal.Oidc;
using Myna.Server.Security;

namespace Myna.Server.Portal;

/// <summary>A started login as the API gives it to the browser's script.</summary>
public sealed record StartedLoginView(Guid Id, string Code, string Challenge, DateTimeOffset ExpiresAt, string AppUrl);

/// <summary>Where a login stands.</summary>
public sealed record LoginStatusView(LoginProgress Progress, string? Reason, string? Message);

/// <summary>The challenge the holder's app signs.</summary>
public sealed record ChallengeView(string Code, string Challenge, DateTimeOffset ExpiresAt);

/// <summary>The card's answer: its user-authentication certificate (DER) and its signature over SHA-256 of the challenge, Base64.</summary>
public sealed record ChallengeAnswer(string? Certificate, string? Signature);

/// <summary>The sandbox slot's input: the login code to answer and the user-authentication PIN for the card.</summary>
public sealed record SlotAnswer(string? Code, string? Pin);

/// <summary>One item of わたしの情報 in the request's language.</summary>
public sealed record InformationItemView(string Category, string Title, string Source, DateOnly AsOf, IReadOnlyList<InformationFieldView> Fields);

/// <summary>One fact of an item.</summary>
public sealed record InformationFieldView(string Label, string Value);

/// <summary>The holder's notices (お知らせ) in the request's language, newest first, and how many are unread.</summary>
public sealed record NoticesView(int Unread, IReadOnlyList<NoticeView> Notices);

/// <summary>One notice.</summary>
public sealed record NoticeView(Guid Id, string Kind, DateOnly Date, string From, string Title, string Text, bool Read);

/// <summary>
/// The portal's API under <c>/portal/api</c>: the login by challenge and response (for the login page's script and the
/// holder's app), the sandbox's card slot, and the logged-in holder's own data and sessions.
/// </summary>
internal static class PortalEndpoints
{
    /// <summary>Where the holder's app fetches a challenge by its code (and posts its answer, with <c>/answer</c>).</summary>
    public const string ChallengesPath = "/portal/api/challenges";

    public static IEndpointRouteBuilder MapMynaPortal(this IEndpointRouteBuilder endpoints, ServerMode mode)
    {
        var api = endpoints.MapGroup("/portal/api").WithTags("Portal");
        var anonymous = api.MapGroup("").AllowAnonymous();

        anonymous.MapPost("/logins", async (HttpContext context, IOptions<ServerOptions> server) =>
        {
            var started = await PortalLogin.StartAsync(context);
            return TypedResults.Created($"/portal/api/logins/{started.Id}", new StartedLoginView(started.Id, started.Code.ToString(),
                Convert.ToBase64String(started.Challenge), started.ExpiresAt, AppUrl(context, server.Value, started.Code)));
        });
        anonymous.MapGet("/logins/{id:guid}", async Task<Results<Ok<LoginStatusView>, NotFound>> (Guid id, HttpContext context, CardLogins logins) =>
            await logins.StatusAsync(id, PortalLogin.SecretFor(context, id), context.RequestAborted) is { } status
                ? TypedResults.Ok(new LoginStatusView(status.Progress, status.Refusal?.Code, status.Refusal?.Message.Current))
                : TypedResults.NotFound());
        anonymous.MapPost("/logins/{id:guid}/session", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, HttpContext context) =>
            await PortalLogin.CompleteAsync(context, id, LoginMethod.Reader)
                ? TypedResults.NoContent()
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Bilingual("ログインは完了していません。", "The login has not been completed."),
                    detail: Bilingual("カードによる認証が済んでいないか、このログインは使用済みです。", "No card has answered this login, or it has been used already.")));

        // The holder's app (or a phone app): fetch the challenge by the code the page shows, post the card's answer.
        // Other sites may call these: they read no cookie, and an answer is worth nothing without the card.
        var app = anonymous.MapGroup("/challenges").AllowCrossSiteRequests();
        app.MapGet("/{code}", async Task<Results<Ok<ChallengeView>, ProblemHttpResult>> (string code, CardLogins logins, CancellationToken cancellationToken) =>
        {
            if (LoginCode.Parse(code) is not { } parsed)
                return Refused(LoginRefusal.UnknownChallenge);
            var lookup = await logins.WaitingAsync(parsed, cancellationToken);
            return lookup.Challenge is { } challenge
                ? TypedResults.Ok(new ChallengeView(challenge.Code.ToString(), Convert.ToBase64String(challenge.Challenge), challenge.ExpiresAt))
                : Refused(lookup.Refusal!);
        });
        app.MapPost("/{code}/answer", async Task<Results<NoContent, ProblemHttpResult>> (string code, ChallengeAnswer answer, CardLogins logins, CancellationToken cancellationToken) =>
        {
            if (LoginCode.Parse(code) is not { } parsed)
                return Refused(LoginRefusal.UnknownChallenge);
            if (Base64(answer.Certificate) is not { } certificate || Base64(answer.Signature) is not { } signature)
                return Refused(LoginRefusal.Of(new Myna.Pki.Verification.VerificationFailure(Myna.Pki.Verification.VerificationFailureCode.MalformedInput, "")));
            var taken = await logins.AnswerAsync(parsed, certificate, signature, cancellationToken);
            return taken.Refusal is { } refusal ? Refused(refusal) : TypedResults.NoContent();
        });

        if (mode == ServerMode.Sandbox)
        {
            var slot = anonymous.MapGroup("/sandbox/cards");
            slot.MapGet("", async (SandboxCardSlot cards, CancellationToken cancellationToken) =>
                TypedResults.Ok((await cards.CardsAsync(cancellationToken)).Select(c => new { c.CardId, c.HolderName, c.State })));
            slot.MapPost("/{cardId:guid}/answer", async Task<Results<NoContent, NotFound, ProblemHttpResult>> (
                Guid cardId, SlotAnswer body, SandboxCardSlot cards, CancellationToken cancellationToken) =>
            {
                if (LoginCode.Parse(body.Code) is not { } code)
                    return Refused(LoginRefusal.UnknownChallenge);
                if (Pin.Parse(PinKind.UserAuthentication, body.Pin ?? "") is not { Success: true } pin)
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Bilingual("暗証番号の形式が正しくありません。", "The PIN is not well formed."),
                        detail: Bilingual("利用者証明用電子証明書の暗証番号は数字4桁です。", "The user-authentication PIN is 4 digits."),
                        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["pin"] = [Bilingual("数字4桁で入力してください。", "Enter 4 digits.")] } });
                var taken = await cards.AnswerAsync(code, cardId, pin.Value, cancellationToken);
                return taken is null ? TypedResults.NotFound() : taken.Refusal is { } refusal ? Refused(refusal) : TypedResults.NoContent();
            });
        }

        var holder = api.MapGroup("/me").RequireAuthorization(PortalAuthentication.HolderPolicy);
        holder.MapGet("", async (HttpContext context, Myna.Portal.Accounts.HolderAccounts accounts) =>
        {
            var account = PortalAuthentication.AccountId(context.User)!.Value;
            var credentials = await accounts.CredentialsAsync(account, context.RequestAborted);
            return TypedResults.Ok(new
            {
                AccountId = account,
                Certificates = credentials.Select(c => new { c.Issuer, c.SerialNumber, c.LinkedBy, c.LinkedAt }),
            });
        });
        holder.MapGet("/information", async (HttpContext context, MyInformation information) =>
        {
            var items = await ShowInformationAsync(context, information);
            return TypedResults.Ok(items.Select(i => new InformationItemView(i.Category, i.Title.Current, i.Source.Current, i.AsOf,
                [.. i.Fields.Select(f => new InformationFieldView(f.Label.Current, f.Value))])));
        });
        holder.MapGet("/notices", async (HttpContext context, HolderNotices notices) =>
        {
            var list = await notices.ListAsync(PortalAuthentication.AccountId(context.User)!.Value, context.RequestAborted);
            return TypedResults.Ok(new NoticesView(list.Count(n => !n.Read),
                [.. list.Select(n => new NoticeView(n.Id, n.Kind, n.Date, n.From.Current, n.Title.Current, n.Text.Current, n.Read))]));
        });
        holder.MapPost("/notices/{id:guid}/read", async Task<Results<NoContent, NotFound>> (Guid id, HttpContext context, HolderNotices notices) =>
            await notices.MarkReadAsync(PortalAuthentication.AccountId(context.User)!.Value, id, context.RequestAborted)
                ? TypedResults.NoContent()
                : TypedResults.NotFound());
        holder.MapGet("/sessions", async (HttpContext context, HolderSessions sessions) =>
        {
            var current = PortalAuthentication.SessionId(context.User);
            var open = await sessions.OpenAsync(PortalAuthentication.AccountId(context.User)!.Value, context.RequestAborted);
            return TypedResults.Ok(open.Select(s => new { s.Id, s.Method, s.CreatedAt, s.LastSeenAt, s.RemoteAddress, s.UserAgent, Current = s.Id == current }));
        });
        holder.MapDelete("/sessions/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, HttpContext context, HolderSessions sessions) =>
            await sessions.EndAsync(PortalAuthentication.AccountId(context.User)!.Value, id,
                id == PortalAuthentication.SessionId(context.User) ? HolderSessionEnd.LoggedOut : HolderSessionEnd.EndedByHolder, context.RequestAborted)
                ? TypedResults.NoContent()
                : TypedResults.NotFound());
        api.MapPost("/logout", async (HttpContext context) =>
        {
            await PortalLogin.LogOutAsync(context);
            return TypedResults.NoContent();
        }).RequireAuthorization(PortalAuthentication.HolderPolicy);
        endpoints.MapExchangeHistory();
        endpoints.MapOnlineProcedures(mode);
        endpoints.MapMynaPortalOidc();
        return endpoints;
    }

    /// <summary>わたしの情報 for the logged-in holder; the showing is an exchange of their information, so it goes into their history (U3.5).</summary>
    internal static async Task<IReadOnlyList<InformationItem>> ShowInformationAsync(HttpContext context, MyInformation information)
    {
        var holder = HolderReference(context);
        var items = await information.ItemsAsync(holder, context.RequestAborted);
        if (items.Count > 0)
            await context.RequestServices.GetRequiredService<Myna.Portal.History.ExchangeHistory>().RecordAsync(holder,
                Myna.Portal.History.PortalExchanges.PortalShowed(items.Select(i => i.Source), items.Select(i => i.Title)), context.RequestAborted);
        return items;
    }

    /// <summary>The holder reference of the logged-in holder's account.</summary>
    internal static Guid HolderReference(HttpContext context) =>
        PortalAuthentication.HolderReference(context.User)
            ?? throw new InvalidOperationException("A holder's session names its holder reference (set at the login).");

    /// <summary>The URL the holder's app fetches the challenge from; the login page's QR code holds it.</summary>
    internal static string AppUrl(HttpContext context, ServerOptions server, LoginCode code)
    {
        var root = server.PublicBaseUrl?.ToString().TrimEnd('/') ?? $"{context.Request.Scheme}://{context.Request.Host}";
        return $"{root}{ChallengesPath}/{code.Value}";
    }

    /// <summary>A login refusal as problem details, with its <c>reason</c> code and rule.</summary>
    internal static ProblemHttpResult Refused(LoginRefusal refusal) =>
        TypedResults.Problem(statusCode: StatusOf(refusal), title: Bilingual("ログインできません。", "The login was refused."), detail: refusal.Message.Current,
            extensions: new Dictionary<string, object?> { ["reason"] = refusal.Code, ["ruleId"] = refusal.Rule });

    private static int StatusOf(LoginRefusal refusal) => refusal.Code switch
    {
        "unknown-challenge" => StatusCodes.Status404NotFound,
        "challenge-expired" => StatusCodes.Status410Gone,
        "challenge-used" => StatusCodes.Status409Conflict,
        "malformed" => StatusCodes.Status400BadRequest,
        "status-unavailable" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status403Forbidden,
    };

    private static byte[]? Base64(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 16 * 1024)
            return null;
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Bilingual(string japanese, string english) => Ui.Bilingual.T(japanese, english);
}
