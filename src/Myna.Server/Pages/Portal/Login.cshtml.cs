using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Myna.Portal.Login;
using Myna.Portal.Sandbox;
using Myna.Portal.Sessions;
using Myna.Primitives;
using Myna.Server.Hosting;
using Myna.Server.Portal;
using Myna.Server.Portal.Oidc;
using QRCoder;

namespace Myna.Server.Pages.Portal;

/// <summary>
/// <c>/portal/login</c>: the login with the card (U3.1). The page starts a login and shows its code and QR code for the
/// holder's app (<c>myna portal login CODE</c>, or a phone), and waits for the card's answer; in the sandbox, a card
/// slot signs with one of the sandbox's virtual cards instead.
/// </summary>
public sealed class LoginModel(CardLogins logins, SandboxCardSlot slot, IOptions<ServerOptions> server) : PageModel
{
    /// <summary>The login this page waits for.</summary>
    public WaitingChallenge? Waiting { get; private set; }

    /// <summary>Its id, for the page's script.</summary>
    public Guid LoginId { get; private set; }

    /// <summary>What the QR code holds: where the app fetches the challenge.</summary>
    public string AppUrl { get; private set; } = "";

    /// <summary>The QR code, SVG.</summary>
    public string QrSvg { get; private set; } = "";

    /// <summary>Why the last attempt was refused, if it was.</summary>
    public LoginRefusal? Refusal { get; private set; }

    /// <summary>The sandbox's cards for the slot (empty outside the sandbox).</summary>
    public IReadOnlyList<SandboxCard> SandboxCards { get; private set; } = [];

    [BindProperty]
    public Guid? CardId { get; set; }

    [BindProperty]
    public string? Pin { get; set; }

    /// <summary>
    /// Where the login goes back to (the single sign-on's authorization endpoint sends the browser here with it); kept in
    /// the forms' hidden field across the posts. Only a path of the portal is followed; anything else is dropped.
    /// </summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool IsSandbox => server.Value.Mode == ServerMode.Sandbox;

    public async Task<IActionResult> OnGetAsync()
    {
        if ((await HttpContext.AuthenticateAsync(PortalAuthentication.Scheme)).Succeeded)
            return LoggedIn();
        await ShowAsync(fresh: true);
        return Page();
    }

    /// <summary>The sandbox slot: the chosen card signs this page's challenge after the PIN.</summary>
    public async Task<IActionResult> OnPostSlotAsync()
    {
        if (!IsSandbox)
            return NotFound();
        var pin = Myna.Primitives.Pin.Parse(PinKind.UserAuthentication, Pin ?? "");
        Pin = null;
        if (PortalLogin.Current(HttpContext) is not { } id)
            return await ShowRefusedAsync(LoginRefusal.ChallengeExpired);
        var waiting = await logins.WaitingAsync(id, PortalLogin.SecretFor(HttpContext, id), HttpContext.RequestAborted);
        if (waiting.Challenge is not { } challenge)
            return await ShowRefusedAsync(waiting.Refusal!);
        if (!pin.Success)
        {
            ModelState.AddModelError(nameof(Pin), Ui.Bilingual.T("暗証番号は数字4桁で入力してください。", "Enter the PIN as 4 digits."));
            await ShowAsync(fresh: false);
            return Page();
        }
        if (CardId is not { } cardId || await slot.AnswerAsync(challenge.Code, cardId, pin.Value, HttpContext.RequestAborted) is not { } answer)
        {
            ModelState.AddModelError(nameof(CardId), Ui.Bilingual.T("カードを選んでください。", "Choose a card."));
            await ShowAsync(fresh: false);
            return Page();
        }
        if (answer.Refusal is { } refusal)
            return await ShowRefusedAsync(refusal);
        return await PortalLogin.CompleteAsync(HttpContext, id, LoginMethod.SandboxSlot)
            ? LoggedIn()
            : await ShowRefusedAsync(LoginRefusal.ChallengeUsed);
    }

    /// <summary>The holder's app has answered: turn it into this browser's session (the page's script presses this).</summary>
    public async Task<IActionResult> OnPostCompleteAsync()
    {
        if (PortalLogin.Current(HttpContext) is not { } id)
            return await ShowRefusedAsync(LoginRefusal.ChallengeExpired);
        if (await PortalLogin.CompleteAsync(HttpContext, id, LoginMethod.Reader))
            return LoggedIn();
        var status = await logins.StatusAsync(id, PortalLogin.SecretFor(HttpContext, id), HttpContext.RequestAborted);
        if (status?.Refusal is { } refusal)
            return await ShowRefusedAsync(refusal);
        // Not answered yet: the same code again, with a word that the card has not answered.
        Refusal = new LoginRefusal("waiting", "U3.1", new("まだカードでの認証が終わっていません。アプリでの操作を終えてから押してください。",
            "The card has not answered yet. Finish in the app first, then press the button."));
        await ShowAsync(fresh: false);
        return Page();
    }

    /// <summary>Where a logged-in holder goes: back where they came from, if that is a page of the portal, else わたしの情報.</summary>
    private IActionResult LoggedIn() =>
        SafeReturnUrl() is { } returnUrl ? LocalRedirect(returnUrl) : Redirect("/portal/home");

    private string? SafeReturnUrl() =>
        Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith("/portal/", StringComparison.OrdinalIgnoreCase) ? ReturnUrl : null;

    private async Task<IActionResult> ShowRefusedAsync(LoginRefusal refusal)
    {
        Refusal = refusal;
        // A refused PIN leaves the challenge waiting (shown again); any other refusal used it up, so a new one is shown.
        await ShowAsync(fresh: false);
        return Page();
    }

    private async Task ShowAsync(bool fresh)
    {
        ReturnUrl = SafeReturnUrl();
        // Coming from an outside service: this page's posts end there, once logged in.
        await OidcFormAction.AllowReturnAsync(HttpContext, ReturnUrl);
        WaitingChallenge? waiting = null;
        if (!fresh && PortalLogin.Current(HttpContext) is { } current)
        {
            waiting = (await logins.WaitingAsync(current, PortalLogin.SecretFor(HttpContext, current), HttpContext.RequestAborted)).Challenge;
            LoginId = current;
        }
        if (waiting is null)
        {
            var started = await PortalLogin.StartAsync(HttpContext);
            waiting = new WaitingChallenge(started.Code, started.Challenge, started.ExpiresAt);
            LoginId = started.Id;
        }
        Waiting = waiting;
        AppUrl = PortalEndpoints.AppUrl(HttpContext, server.Value, waiting.Code);
        using (var generator = new QRCodeGenerator())
        using (var data = generator.CreateQrCode(AppUrl, QRCodeGenerator.ECCLevel.M))
            QrSvg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
        if (IsSandbox)
            SandboxCards = await slot.CardsAsync(HttpContext.RequestAborted);
    }
}
