using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Myna.ConvenienceIssuance;
using Myna.ConvenienceIssuance.Centre;
using Myna.ConvenienceIssuance.Machines;
using Myna.Kiosk;
using Myna.Portal.Sandbox;
using Myna.Primitives;
using Myna.Reader;
using Myna.Registry.Rules;
using Myna.Server.Cards;
using Myna.Server.Hosting;
using Myna.Server.Kiosk;
using Myna.Storage;
using Myna.Storage.Kiosk;

namespace Myna.Server.Pages.Kiosk;

/// <summary>
/// <c>/kiosk</c>: a store's multi-copy machine in the sandbox, its touch screen going through U2.4's steps — the menu
/// (the store the holder stands at), the card (a sandbox card or a reader attached to the server), the PIN, the
/// municipality, the certificate and copies, the fee, and the printed certificates to take. The machine is a
/// <see cref="KioskMachine"/> of the sandbox's store network talking to the issuance centre in process; the
/// transaction lives in server memory for this browser (<see cref="KioskVisits"/>). Every post redirects back here
/// (post, redirect, get), so the screen is always what the transaction's step shows.
/// </summary>
public sealed class IndexModel(
    KioskVisits visits, SandboxMachines machines, CardSlot slot, IssuanceCentre centre,
    IDbContextFactory<MynaDbContext> contexts, TimeProvider clock, IOptions<ServerOptions> server) : PageModel
{
    public KioskVisit? Visit { get; private set; }

    public KioskScreen Screen => Visit?.Screen ?? KioskScreen.Menu;

    public IReadOnlyList<SandboxMachine> Machines => machines.All;

    public IReadOnlyList<SandboxCard> SandboxCards { get; private set; } = [];

    public IReadOnlyList<string> Readers { get; private set; } = [];

    /// <summary>The tax certificate's fiscal years to choose from: this one and the two before.</summary>
    public IReadOnlyList<int> FiscalYears { get; private set; } = [];

    private bool IsSandbox => server.Value.Mode == ServerMode.Sandbox;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!IsSandbox)
            return NotFound();
        Visit = visits.Find(HttpContext);
        if (Screen == KioskScreen.Card)
        {
            SandboxCards = await slot.SandboxCardsAsync(HttpContext.RequestAborted);
            Readers = CardSlot.Readers();
        }
        if (Screen == KioskScreen.Options)
        {
            var today = JapanClock.Today(clock);
            var current = today.Month >= 4 ? today.Year : today.Year - 1;
            FiscalYears = [current, current - 1, current - 2];
        }
        return Page();
    }

    /// <summary>A printed certificate, for this browser's transaction only.</summary>
    public IActionResult OnGetCertificate(int copy)
    {
        if (!IsSandbox || visits.Find(HttpContext) is not { } visit || copy < 0 || copy >= visit.Copies.Count)
            return NotFound();
        Response.Headers.CacheControl = "no-store";
        var printed = visit.Copies[copy];
        return File(printed.Pdf, "application/pdf", printed.IssueNumber + ".pdf");
    }

    /// <summary>① The store chosen, 行政サービス pressed.</summary>
    public IActionResult OnPostMenu(Guid machine)
    {
        if (!IsSandbox)
            return NotFound();
        if (machines.Find(machine) is { } chosen)
            visits.Start(HttpContext, chosen);
        return Back();
    }

    /// <summary>① 証明書交付サービス: the machine opens a transaction with the centre.</summary>
    public Task<IActionResult> OnPostStartAsync() => StepAsync(KioskScreen.Services, async visit =>
    {
        var started = await new KioskMachine(centre, visit.Machine.Credentials, visit.Printer).StartAsync(HttpContext.RequestAborted);
        if (started.Refusal is { } refusal)
        {
            visit.Refusal = refusal;
            return;
        }
        visit.Transaction = started.Value;
        visit.Screen = KioskScreen.Card;
    });

    /// <summary>② The card placed: named only; its chip is opened with the PIN, in one request.</summary>
    public Task<IActionResult> OnPostCardAsync(Guid? card, string? reader) => StepAsync(KioskScreen.Card, async visit =>
    {
        if (await slot.PlaceAsync(card, reader, HttpContext.RequestAborted) is not { } placed)
        {
            visit.Refusal = Says("card-unknown", KioskWords.UnknownCard);
            return;
        }
        visit.Card = placed;
        visit.Screen = KioskScreen.Pin;
    });

    /// <summary>③ Back from the PIN pad to place another card.</summary>
    public Task<IActionResult> OnPostOtherCardAsync() => StepAsync(KioskScreen.Pin, visit =>
    {
        visit.Screen = KioskScreen.Card;
        return Task.CompletedTask;
    });

    /// <summary>
    /// ②③ The card set and the PIN, in one request: the chip is opened, read, asked to verify the PIN and sign the
    /// challenge, and closed again. A wrong PIN stays on the pad with the tries left; a blocked PIN ends the transaction.
    /// </summary>
    public Task<IActionResult> OnPostPinAsync([FromForm] string? pin) => StepAsync(KioskScreen.Pin, async visit =>
    {
        var parsed = Pin.Parse(PinKind.UserAuthentication, pin);
        if (!parsed.Success)
        {
            visit.Refusal = Says("pin-format", KioskWords.PinFormat);
            return;
        }
        using var entered = parsed.Value;
        var transaction = visit.Transaction!;
        KioskAnswer<IReadOnlyList<MunicipalityChoice>> answer;
        try
        {
            using var opened = slot.Open(visit.Card!, "kiosk-slot");
            var set = await transaction.SetCardAsync(opened.Client, HttpContext.RequestAborted);
            if (set.Refusal is { } refusal)
            {
                End(visit, refusal);
                return;
            }
            answer = await transaction.EnterPinAsync(entered, HttpContext.RequestAborted);
        }
        catch (CardTransportException)
        {
            visit.Refusal = Says("card-unreadable", KioskWords.Unreadable);
            return;
        }
        catch (Myna.Card.Image.CardFileInUseException inUse)
        {
            // The sandbox card's chip is in its holder's reader (or another program's): said at once, the visit unchanged.
            visit.Refusal = Says("card-elsewhere", Myna.Window.Refusal.CardElsewhere(inUse.Holder == Myna.Card.Image.CardFileHolder.HoldersReader).Text);
            return;
        }
        if (answer.Refusal is { } refused)
        {
            if (transaction.Step == KioskStep.Finished)
                End(visit, refused);
            else
                visit.Refusal = refused;
            return;
        }
        visit.Screen = KioskScreen.Municipality;
    });

    /// <summary>④ The municipality.</summary>
    public Task<IActionResult> OnPostMunicipalityAsync(string? code) => StepAsync(KioskScreen.Municipality, visit =>
    {
        if (visit.Transaction!.Municipalities.FirstOrDefault(m => m.Code == code) is { } chosen)
        {
            visit.Municipality = chosen;
            visit.Screen = KioskScreen.Certificate;
        }
        return Task.CompletedTask;
    });

    /// <summary>⑤ The certificate; its copies and details next.</summary>
    public Task<IActionResult> OnPostCertificateAsync(KioskCertificate certificate) => StepAsync(KioskScreen.Certificate, visit =>
    {
        if (visit.Municipality!.Certificates.FirstOrDefault(c => c.Certificate == certificate) is { } chosen)
        {
            visit.Certificate = chosen;
            visit.Screen = KioskScreen.Options;
        }
        return Task.CompletedTask;
    });

    /// <summary>⑤ The copies and details: the municipality decides; a refusal names its rule and the holder chooses again.</summary>
    public Task<IActionResult> OnPostChooseAsync(int copies, int? fiscalYear, bool individual) => StepAsync(KioskScreen.Options, async visit =>
    {
        var certificate = visit.Certificate!.Certificate;
        var order = new CertificateOrder(visit.Municipality!.Code, certificate, copies,
            Individual: certificate == KioskCertificate.FamilyRegister && individual,
            FiscalYear: certificate == KioskCertificate.IncomeAndTax ? fiscalYear : null);
        var quote = await visit.Transaction!.ChooseAsync(order, HttpContext.RequestAborted);
        if (quote.Refusal is { } refusal)
        {
            if (visit.Transaction.Step == KioskStep.Finished)
                End(visit, refusal);
            else
            {
                visit.Refusal = refusal;
                visit.Screen = KioskScreen.Certificate;
            }
            return;
        }
        visit.Screen = KioskScreen.Payment;
    });

    /// <summary>Before paying: back to the municipalities.</summary>
    public Task<IActionResult> OnPostOtherMunicipalityAsync() => StepAsync([KioskScreen.Certificate, KioskScreen.Options, KioskScreen.Payment], visit =>
    {
        visit.Screen = KioskScreen.Municipality;
        return Task.CompletedTask;
    });

    /// <summary>Before paying: back to the certificates.</summary>
    public Task<IActionResult> OnPostOtherCertificateAsync() => StepAsync([KioskScreen.Options, KioskScreen.Payment], visit =>
    {
        visit.Screen = KioskScreen.Certificate;
        return Task.CompletedTask;
    });

    /// <summary>⑥ Exactly the fee goes in (U2.8); ⑦ the machine prints every copy at once.</summary>
    public Task<IActionResult> OnPostPayAsync() => StepAsync(KioskScreen.Payment, async visit =>
    {
        var transaction = visit.Transaction!;
        var receipt = await transaction.PayAsync(transaction.Quote!.FeeYen, HttpContext.RequestAborted);
        if (receipt.Refusal is { } refusal)
        {
            if (refusal.Code is "session-expired" or "session-unknown")
                End(visit, refusal);
            else
                visit.Refusal = refusal;
            return;
        }
        visit.Receipt = receipt.Value;
        visit.Screen = KioskScreen.Printed;
        var printed = await transaction.PrintAsync(HttpContext.RequestAborted);
        visit.Refusal = printed.Refusal;
        visit.Copies = await CopiesAsync(transaction.SessionId, visit.Printer.Printed);
    });

    /// <summary>Cancels before paying (U2.8: not after) and goes back to the menu.</summary>
    public async Task<IActionResult> OnPostCancelAsync()
    {
        if (!IsSandbox)
            return NotFound();
        var found = visits.Find(HttpContext);
        // U2.8: once paid, nothing is cancelled; the certificates wait on the screen.
        if (found?.Receipt is not null)
            return Back();
        if (found is { Transaction: { } transaction } visit)
        {
            await visit.Gate.WaitAsync(HttpContext.RequestAborted);
            try
            {
                if (transaction.Step != KioskStep.Finished)
                    await transaction.CancelAsync(HttpContext.RequestAborted);
            }
            finally
            {
                visit.Gate.Release();
            }
        }
        return await OnPostFinishAsync();
    }

    /// <summary>The holder is done (or starts over): the visit and its printed copies are forgotten.</summary>
    public Task<IActionResult> OnPostFinishAsync()
    {
        if (!IsSandbox)
            return Task.FromResult<IActionResult>(NotFound());
        visits.End(HttpContext);
        return Task.FromResult<IActionResult>(Back());
    }

    private Task<IActionResult> StepAsync(KioskScreen screen, Func<KioskVisit, Task> step) => StepAsync([screen], step);

    /// <summary>
    /// Runs <paramref name="step"/> on this browser's visit if its screen is one of <paramref name="screens"/> (a post
    /// from an older screen, after the back button or twice, changes nothing), one request at a time.
    /// </summary>
    private async Task<IActionResult> StepAsync(KioskScreen[] screens, Func<KioskVisit, Task> step)
    {
        if (!IsSandbox)
            return NotFound();
        if (visits.Find(HttpContext) is { } visit)
        {
            await visit.Gate.WaitAsync(HttpContext.RequestAborted);
            try
            {
                if (screens.Contains(visit.Screen))
                {
                    visit.Refusal = null;
                    await step(visit);
                }
            }
            finally
            {
                visit.Gate.Release();
            }
        }
        return Back();
    }

    private static void End(KioskVisit visit, KioskRefusal refusal)
    {
        visit.Refusal = refusal;
        visit.Screen = KioskScreen.Ended;
    }

    /// <summary>A word of the screen's own (not the service's) about the last step.</summary>
    private static KioskRefusal Says(string code, Primitives.Text.LocalizedText text) => new(code, null, text);

    /// <summary>The copies printed, each with its issue number (the centre's record of the session, by the PDF's hash).</summary>
    private async Task<IReadOnlyList<PrintedCopy>> CopiesAsync(Guid sessionId, IReadOnlyList<byte[]> pdfs)
    {
        await using var db = await contexts.CreateDbContextAsync(HttpContext.RequestAborted);
        var documents = await db.Set<IssuedDocumentRow>().AsNoTracking().Where(d => d.SessionId == sessionId)
            .Select(d => new { d.IssueNumber, d.DocumentHash }).ToListAsync(HttpContext.RequestAborted);
        return [.. pdfs.Select(pdf => new PrintedCopy(
            documents.FirstOrDefault(d => d.DocumentHash.AsSpan().SequenceEqual(SHA256.HashData(pdf)))?.IssueNumber ?? "", pdf))];
    }

    private RedirectResult Back() => Redirect("/kiosk");
}
