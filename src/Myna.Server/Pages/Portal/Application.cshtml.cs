using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Myna.Pki.Verification;
using Myna.Portal.Procedures;
using Myna.Portal.Sandbox;
using Myna.Server.Hosting;
using Myna.Server.Portal;
using Myna.Storage.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary>
/// <c>/portal/applications/{id}</c>: one of the holder's applications — what was filled in, its state and the
/// municipality's note. While it waits for a signature: the sandbox's card slot signs it with a card and its signature
/// password, and anyone may upload a detached CMS signature made by their own software over the content offered here.
/// </summary>
public sealed class ApplicationModel(OnlineApplications applications, SandboxCardSlot slot, IOptions<ServerOptions> server) : PageModel
{
    public OnlineApplication Application { get; private set; } = null!;

    public bool IsSandbox => server.Value.Mode == ServerMode.Sandbox;

    /// <summary>The sandbox's cards for the slot (empty outside the sandbox).</summary>
    public IReadOnlyList<SandboxCard> SandboxCards { get; private set; } = [];

    [BindProperty]
    public Guid? CardId { get; set; }

    /// <summary>The signature password: never written back into the page.</summary>
    [BindProperty]
    public string? Pin { get; set; }

    [BindProperty]
    public IFormFile? Signature { get; set; }

    public ApplicationErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>The content to sign, as a file for the holder's own signing software (the exact bytes).</summary>
    public async Task<IActionResult> OnGetContentAsync(Guid id) =>
        await LoadAsync(id) ? File(Encoding.UTF8.GetBytes(Application.Content), "application/json", $"application-{id:N}.json") : NotFound();

    /// <summary>The sandbox's card slot signs with the chosen card after its signature password.</summary>
    public async Task<IActionResult> OnPostSlotAsync(Guid id)
    {
        if (!IsSandbox)
            return NotFound();
        var pin = Pin;
        Pin = null;
        return await AfterAsync(id, await ProcedureEndpoints.SignWithSlotAsync(HttpContext, applications, slot, id, CardId, pin));
    }

    /// <summary>A detached CMS SignedData (DER, or PEM) made by the holder's own software.</summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid id)
    {
        var signedData = await ReadSignatureAsync();
        var outcome = signedData is null
            ? new ApplicationOutcome(null, ApplicationRefusal.Of(new VerificationFailure(VerificationFailureCode.MalformedInput, "")))
            : await applications.SignAsync(PortalAuthentication.AccountId(User)!.Value, id, signedData, HttpContext.RequestAborted);
        return await AfterAsync(id, outcome);
    }

    private async Task<IActionResult> AfterAsync(Guid id, ApplicationOutcome outcome)
    {
        if (outcome.Application is not null)
            return Redirect($"/portal/applications/{id}");
        if (outcome.Refusal is not { } refusal || !await LoadAsync(id))
            return NotFound();
        Errors.Add(refusal, field => field switch
        {
            "cardId" => "slot-card",
            "pin" => "slot-pin",
            "signedData" => "signature-file",
            _ => null,
        });
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<byte[]?> ReadSignatureAsync()
    {
        if (Signature is not { Length: > 0 and <= OnlineApplication.MaxSignedDataLength * 2 } file)
            return null;
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, HttpContext.RequestAborted);
        var bytes = buffer.ToArray();
        // PEM (openssl cms -outform PEM) as well as DER.
        var text = Encoding.ASCII.GetString(bytes);
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            var body = string.Concat(text.Split('\n').Where(line => !line.StartsWith("-----", StringComparison.Ordinal)).Select(line => line.Trim()));
            try
            {
                return Convert.FromBase64String(body);
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return bytes;
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await applications.OfAccountAsync(PortalAuthentication.AccountId(User)!.Value, id, HttpContext.RequestAborted) is not { } application)
            return false;
        Application = application;
        if (IsSandbox && application.State == OnlineApplicationState.AwaitingSignature)
            SandboxCards = await slot.CardsAsync(HttpContext.RequestAborted);
        return true;
    }
}
