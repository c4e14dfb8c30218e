using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Myna.OnlineEligibility;
using Myna.OnlineEligibility.Receipts;
using Myna.OnlineEligibility.Records;
using Myna.Server.Clinic;
using Myna.Server.Hosting;

namespace Myna.Server.Pages.Clinic.Visits;

/// <summary>
/// <c>/clinic/visits/{id}</c>: one check as the clinic's staff see it during the visit (U1.4) — where it stands, the
/// result and its rule, how the holder was confirmed, the consent given for this visit, and the receipt with whether
/// its signature verifies with the service's public key. Through <see cref="EligibilityService.ViewAsync"/> with the
/// terminal's credentials, so another institution's check is as unknown as one that never was. The sandbox's staff are
/// whoever stands at the terminal: the browser whose cookie acts as it (<see cref="ReceptionSessions"/>). The records the
/// patient consented to are shown on request only (<see cref="OnPostRecordsAsync"/>), since each showing is written to
/// the patient's exchange history.
/// </summary>
public sealed class VisitModel(
    ReceptionSessions sessions, EligibilityService eligibility, VisitRecords visitRecords, ReceiptSigner receipts, IOptions<ServerOptions> server) : PageModel
{
    public ReceptionSession? Session { get; private set; }

    public CheckView? Check { get; private set; }

    /// <summary>Whether the receipt's signature verifies with the service's public key.</summary>
    public bool ReceiptValid { get; private set; }

    /// <summary>The receipt's members, as kept (for the table beside the raw content).</summary>
    public IReadOnlyDictionary<string, string> ReceiptFields { get; private set; } = new Dictionary<string, string>();

    /// <summary>The consented records, once the staff asked for them.</summary>
    public VisitRecordsView? Records { get; private set; }

    /// <summary>Why the records were not shown (the visit day is over, nothing consented …).</summary>
    public RecordsProblem? RecordsRefusal { get; private set; }

    /// <summary>The consented records of this visit (U1.4), through the terminal's own credentials.</summary>
    public async Task<IActionResult> OnPostRecordsAsync(Guid id)
    {
        var page = await OnGetAsync(id);
        if (Session is null || Check is null)
            return page;
        var shown = await visitRecords.ForTerminalAsync(Session.Terminal.Credentials, id, HttpContext.RequestAborted);
        (Records, RecordsRefusal) = (shown.Value, shown.Problem);
        return page;
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (server.Value.Mode != ServerMode.Sandbox)
            return NotFound();
        Response.Headers.CacheControl = "no-store";
        Session = sessions.Find(HttpContext);
        if (Session is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var view = await eligibility.ViewAsync(Session.Terminal.Credentials, id, HttpContext.RequestAborted);
        if (view.Value is not { } check)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Check = check;
        if (check.Receipt is { } receipt)
        {
            ReceiptValid = SignatureOf(receipt) is { } signature && ReceiptSigner.Verify(receipts.PublicKeyPem, receipt.Content, signature);
            ReceiptFields = Fields(receipt.Content);
        }
        return Page();
    }

    private static byte[]? SignatureOf(SignedReceipt receipt)
    {
        var buffer = new byte[64];
        return Convert.TryFromBase64String(receipt.Signature, buffer, out var length) && length == 64 ? buffer : null;
    }

    /// <summary>The receipt's top-level members as text (the consent is shown from the check itself).</summary>
    private static Dictionary<string, string> Fields(string content)
    {
        using var json = JsonDocument.Parse(content);
        return json.RootElement.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.ToString());
    }
}
