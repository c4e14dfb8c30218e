using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Memory;
using Myna.ConvenienceIssuance;
using Myna.ConvenienceIssuance.Machines;
using Myna.Registry.Rules;
using Myna.Server.Cards;

namespace Myna.Server.Kiosk;

/// <summary>The screen a browser's machine shows, U2.4's steps in their order.</summary>
public enum KioskScreen
{
    /// <summary>① The menu: the store (sandbox) and 行政サービス.</summary>
    Menu,

    /// <summary>① 行政サービス: 証明書交付サービス.</summary>
    Services,

    /// <summary>② Place the card.</summary>
    Card,

    /// <summary>③ The PIN pad.</summary>
    Pin,

    /// <summary>④ The municipality.</summary>
    Municipality,

    /// <summary>⑤ The certificate.</summary>
    Certificate,

    /// <summary>⑤ The copies, the fiscal year or the register's form.</summary>
    Options,

    /// <summary>⑥ The payment.</summary>
    Payment,

    /// <summary>⑦ Printed: take the certificates.</summary>
    Printed,

    /// <summary>The transaction ended on a refusal (a blocked PIN, a card the centre refuses, the session expired).</summary>
    Ended,
}

/// <summary>A copy the machine printed for this browser: its issue number and the PDF.</summary>
public sealed record PrintedCopy(string IssueNumber, byte[] Pdf);

/// <summary>
/// The sandbox machine's printer: each printed PDF is kept for the browser whose transaction printed it, which takes
/// it as a download (the paper the holder takes from the tray).
/// </summary>
public sealed class KeepingPrinter : IPrinter
{
    private readonly List<byte[]> _printed = [];

    /// <summary>The PDFs printed so far.</summary>
    public IReadOnlyList<byte[]> Printed
    {
        get
        {
            lock (_printed)
                return [.. _printed];
        }
    }

    public Task<bool> PrintAsync(byte[] pdf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        lock (_printed)
            _printed.Add(pdf);
        return Task.FromResult(true);
    }
}

/// <summary>
/// One browser at the machine: the store it stands at, the transaction in progress, and what the screen shows. The
/// PIN is never kept; the card is named, not held open.
/// </summary>
public sealed class KioskVisit(SandboxMachine machine)
{
    /// <summary>One request of the browser at a time moves the transaction.</summary>
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    public SandboxMachine Machine { get; } = machine;

    public KeepingPrinter Printer { get; } = new();

    public KioskScreen Screen { get; set; } = KioskScreen.Services;

    public MachineTransaction? Transaction { get; set; }

    public PlacedCard? Card { get; set; }

    public MunicipalityChoice? Municipality { get; set; }

    public CertificateChoice? Certificate { get; set; }

    /// <summary>What the screen says about the last step: a refusal, a wrong PIN, an unreadable card.</summary>
    public KioskRefusal? Refusal { get; set; }

    public PaymentReceipt? Receipt { get; set; }

    public IReadOnlyList<PrintedCopy> Copies { get; set; } = [];

    /// <summary>Whether a family-register certificate is the one chosen (the form of the register to choose).</summary>
    public bool FamilyRegister => Certificate?.Certificate == KioskCertificate.FamilyRegister;
}

/// <summary>
/// The browsers' transactions: a random id in a cookie (HttpOnly, SameSite=Strict, path <c>/kiosk</c>), the visit in
/// server memory, dropped after <see cref="IdleLimit"/> without a request — the centre's own idle limit for a session.
/// </summary>
public sealed class KioskVisits(IMemoryCache cache)
{
    /// <summary>The cookie that names the browser's visit.</summary>
    public const string CookieName = "myna-kiosk";

    /// <summary>A visit unused for this long is forgotten (U2.4: the centre ends a session idle for 5 minutes).</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(5);

    /// <summary>This browser's visit, or null (no cookie, or forgotten).</summary>
    public KioskVisit? Find(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Cookies[CookieName] is { Length: 43 } id && cache.TryGetValue(Key(id), out KioskVisit? visit) ? visit : null;
    }

    /// <summary>Starts a visit at <paramref name="machine"/> for this browser (replacing its last one).</summary>
    public KioskVisit Start(HttpContext context, SandboxMachine machine)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies[CookieName] is { } old)
            cache.Remove(Key(old));
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var visit = new KioskVisit(machine);
        cache.Set(Key(id), visit, new MemoryCacheEntryOptions { SlidingExpiration = IdleLimit });
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/kiosk",
            Secure = context.Request.IsHttps,
            IsEssential = true,
        });
        return visit;
    }

    /// <summary>Forgets this browser's visit.</summary>
    public void End(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies[CookieName] is { } id)
            cache.Remove(Key(id));
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/kiosk" });
    }

    private static string Key(string id) => "kiosk-visit:" + id;
}
