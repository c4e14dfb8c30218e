using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Memory;
using Myna.OnlineEligibility;
using Myna.OnlineEligibility.Terminals;
using Myna.Primitives.Text;
using Myna.Server.Cards;
using Myna.Storage.Eligibility;

namespace Myna.Server.Clinic;

/// <summary>A sandbox reception terminal the page can act as: its credentials (kept in the server only) and its institution.</summary>
public sealed record SandboxTerminal(Guid Id, TerminalCredentials Credentials, string InstitutionCode, string InstitutionName, InstitutionKind Kind, int Number)
{
    /// <summary>The terminal as the screens name it.</summary>
    public LocalizedText Name => ClinicWords.TerminalName(InstitutionName, Number);
}

/// <summary>
/// The terminals <see cref="SandboxClinics.SeedAsync"/> registered (read back from its credentials file at each start),
/// for the reception page; empty outside the sandbox.
/// </summary>
public sealed class SandboxTerminals
{
    private volatile IReadOnlyList<SandboxTerminal> _all = [];

    /// <summary>The terminals, in the order the sandbox registered them.</summary>
    public IReadOnlyList<SandboxTerminal> All => _all;

    /// <summary>The terminal <paramref name="id"/>, or null.</summary>
    public SandboxTerminal? Find(Guid id) => _all.FirstOrDefault(t => t.Id == id);

    /// <summary>Fills the list at start, with the terminals whose credentials the service still accepts.</summary>
    internal async Task FillAsync(IReadOnlyList<RegisteredTerminal> registered, Institutions institutions, CancellationToken cancellationToken)
    {
        var terminals = new List<SandboxTerminal>();
        foreach (var terminal in registered)
        {
            if (await institutions.AuthenticateAsync(terminal.Credentials, cancellationToken) is { } known)
                terminals.Add(new SandboxTerminal(known.Id, terminal.Credentials, known.Institution.Code, known.Institution.Name, known.Institution.Kind, known.Number));
        }
        _all = terminals;
    }
}

/// <summary>The screen the reception terminal shows, in the order of a visit.</summary>
public enum ReceptionScreen
{
    /// <summary>The sandbox's first screen: which clinic's terminal this browser is.</summary>
    Terminal,

    /// <summary>① Place the card.</summary>
    Card,

    /// <summary>② How the holder is confirmed: face, PIN or staff's visual check.</summary>
    Identity,

    /// <summary>② The PIN pad.</summary>
    Pin,

    /// <summary>② The staff's visual check.</summary>
    Visual,

    /// <summary>② The face check: the chip's photo against the camera's image.</summary>
    Face,

    /// <summary>③ Consent to the records (U1.4).</summary>
    Consent,

    /// <summary>③ Consent to the high-cost ceiling (U1.6); answering it sends the card's answer.</summary>
    Ceiling,

    /// <summary>④ The service's answer: eligible, or why not.</summary>
    Result,

    /// <summary>The reception ended without an answer (a blocked PIN, a card the service refused, the check timed out).</summary>
    Ended,
}

/// <summary>
/// One patient at the terminal, from the card placed to the answer. The PIN is never kept; the card is named, not held
/// open; what the card gave — the certificate, and after the PIN the signature over the check's challenge — waits here
/// for the consent screens, then goes to the service with the consent.
/// </summary>
public sealed class ReceptionPatient
{
    public PlacedCard? Card { get; set; }

    /// <summary>The check opened with the service, and the challenge the card signs (opened before the PIN, kept over a wrong one).</summary>
    public CheckOpened? Check { get; set; }

    public IdentityCheck? Identity { get; set; }

    /// <summary>The user-authentication certificate the card gave (DER).</summary>
    public byte[]? Certificate { get; set; }

    /// <summary>The card's signature over the check's challenge, after the PIN; null after the staff's visual check.</summary>
    public byte[]? Signature { get; set; }

    public bool Medication { get; set; }

    public bool HealthChecks { get; set; }

    public bool Treatments { get; set; }

    public EligibilityResult? Result { get; set; }
}

/// <summary>What the screen says about the last step: a sentence, and the rule behind it when there is one.</summary>
public sealed record ReceptionNotice(LocalizedText Text, string? Rule = null);

/// <summary>
/// One browser acting as a clinic's reception terminal: the terminal it stands for, the patient in progress, and what the
/// screen shows. The session outlives each patient (the next one starts at the card).
/// </summary>
public sealed class ReceptionSession(SandboxTerminal terminal)
{
    /// <summary>One request of the browser at a time moves the session.</summary>
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    public SandboxTerminal Terminal { get; } = terminal;

    public ReceptionScreen Screen { get; set; } = ReceptionScreen.Card;

    public ReceptionPatient Patient { get; private set; } = new();

    public ReceptionNotice? Notice { get; set; }

    /// <summary>The next patient: the last one's card, answers and consent are forgotten.</summary>
    public void NextPatient()
    {
        Patient = new ReceptionPatient();
        Notice = null;
        Screen = ReceptionScreen.Card;
    }

    /// <summary>Ends this patient's reception on <paramref name="notice"/>.</summary>
    public void End(ReceptionNotice notice)
    {
        Notice = notice;
        Screen = ReceptionScreen.Ended;
    }
}

/// <summary>
/// The browsers acting as reception terminals: a random id in a cookie (HttpOnly, SameSite=Strict, path <c>/clinic</c>),
/// the session in server memory, dropped after <see cref="IdleLimit"/> without a request. The same cookie is the
/// sandbox's sign-in of the clinic's staff to the view of the terminal's checks (<c>/clinic/visits</c>): whoever stands
/// at the terminal sees its institution's checks, as at a real reception desk.
/// </summary>
public sealed class ReceptionSessions(IMemoryCache cache)
{
    /// <summary>The cookie that names the browser's session.</summary>
    public const string CookieName = "myna-clinic";

    /// <summary>The cookie's path: the terminal and the staff's view.</summary>
    public const string CookiePath = "/clinic";

    /// <summary>A terminal session unused for this long is forgotten (a reception left alone over a long break).</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(30);

    /// <summary>This browser's session, or null (no cookie, or forgotten).</summary>
    public ReceptionSession? Find(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Cookies[CookieName] is { Length: 43 } id && cache.TryGetValue(Key(id), out ReceptionSession? session) ? session : null;
    }

    /// <summary>Starts a session as <paramref name="terminal"/> for this browser (replacing its last one).</summary>
    public ReceptionSession Start(HttpContext context, SandboxTerminal terminal)
    {
        ArgumentNullException.ThrowIfNull(context);
        End(context);
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var session = new ReceptionSession(terminal);
        cache.Set(Key(id), session, new MemoryCacheEntryOptions { SlidingExpiration = IdleLimit });
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = CookiePath,
            Secure = context.Request.IsHttps,
            IsEssential = true,
        });
        return session;
    }

    /// <summary>Forgets this browser's session.</summary>
    public void End(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies[CookieName] is { } id)
            cache.Remove(Key(id));
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = CookiePath });
    }

    private static string Key(string id) => "clinic-reception:" + id;
}
