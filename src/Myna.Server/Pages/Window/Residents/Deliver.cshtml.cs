using Microsoft.AspNetCore.Mvc;
using Myna.Pki;
using Myna.Primitives;
using Myna.Registry.Applications;
using Myna.Registry.Documents;
using Myna.Registry.Rules;
using Myna.Server.Ui;
using Myna.Window;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>
/// <c>/Window/Residents/{id}/Deliver/{applicationId}</c>: delivery (交付) in two steps. Step 1, the staff checks the
/// applicant's identity and takes back the notification card (D4). Step 2 is a separate screen turned to the
/// applicant, who enters the four PINs; the POST personalises the chip.
/// </summary>
/// <remarks>
/// Step 1's check travels to step 2 in TempData (the framework's protected cookie), so step 2 cannot be reached by
/// its URL alone. PINs are bound from the POST body only, checked field by field with <see cref="Pin.Parse"/>,
/// cleared from the model at once and never written back into the page.
/// </remarks>
public sealed class DeliverModel(MunicipalWindow window) : StaffPageModel
{
    private const string CheckedKey = "myna.delivery-checked";

    [BindProperty]
    public bool IdentityChecked { get; set; }

    [BindProperty]
    public bool NotificationCardReturned { get; set; }

    [BindProperty]
    public string? SignaturePin { get; set; }

    [BindProperty]
    public string? SignaturePinConfirm { get; set; }

    [BindProperty]
    public string? AuthenticationPin { get; set; }

    [BindProperty]
    public string? AuthenticationPinConfirm { get; set; }

    [BindProperty]
    public string? ResidentRegistryPin { get; set; }

    [BindProperty]
    public string? ResidentRegistryPinConfirm { get; set; }

    [BindProperty]
    public string? TextInputAssistPin { get; set; }

    [BindProperty]
    public string? TextInputAssistPinConfirm { get; set; }

    public ResidentFile Dossier { get; private set; } = null!;

    public CardApplication Application { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    /// <summary>Step 2: the PIN screen.</summary>
    public bool PinStep { get; private set; }

    /// <summary>D4: a notification card not yet handed back, which the holder hands back now.</summary>
    public bool HasNotificationCard => Dossier.Documents.Any(d => d.Kind == MyNumberDocument.NotificationCard && d.HandedBackOn is null);

    /// <summary>P4 for the certificates applied for, as the applicant is told before entering the PINs.</summary>
    public RuleDecision Eligibility(JpkiHierarchy kind) =>
        CertificateEligibilityRule.MayLoad(kind, new HolderFacts(Dossier.Resident.BirthDate, Dossier.Resident.IsAdultWard), Today,
            Application.Applicant == ApplicantRole.LegalRepresentative);

    public async Task<IActionResult> OnGetAsync(Guid id, Guid applicationId, CancellationToken cancellationToken) =>
        await LoadAsync(id, applicationId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCheckAsync(Guid id, Guid applicationId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, applicationId, cancellationToken))
            return NotFound();
        if (!IdentityChecked)
            ModelState.AddModelError(nameof(IdentityChecked), T("本人確認をしてください。", "Check the applicant's identity first."));
        if (HasNotificationCard && !NotificationCardReturned)
            ModelState.AddModelError(nameof(NotificationCardReturned), T("通知カードは交付の際に返納されます（D4）。", "The notification card is handed back at delivery (D4)."));
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData[CheckedKey] = applicationId.ToString("N");
        return RedirectToPage(null, "Pins", new { id, applicationId });
    }

    public async Task<IActionResult> OnGetPinsAsync(Guid id, Guid applicationId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, applicationId, cancellationToken))
            return NotFound();
        if (!StepOneDone(applicationId))
            return RedirectToPage(null, null, new { id, applicationId });
        PinStep = true;
        return Page();
    }

    public async Task<IActionResult> OnPostPinsAsync(Guid id, Guid applicationId, CancellationToken cancellationToken)
    {
        var pins = TakePins();
        if (!await LoadAsync(id, applicationId, cancellationToken))
            return NotFound();
        if (!StepOneDone(applicationId))
            return RedirectToPage(null, null, new { id, applicationId });
        PinStep = true;
        if (Application.WantsSignatureCertificate)
            CheckPin(nameof(SignaturePin), PinKind.Signature, pins.Signature, pins.SignatureConfirm);
        if (Application.WantsAuthenticationCertificate)
            CheckPin(nameof(AuthenticationPin), PinKind.UserAuthentication, pins.Authentication, pins.AuthenticationConfirm);
        CheckPin(nameof(ResidentRegistryPin), PinKind.ResidentRegistry, pins.Registry, pins.RegistryConfirm);
        CheckPin(nameof(TextInputAssistPin), PinKind.TextInputAssist, pins.InputAssist, pins.InputAssistConfirm);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var outcome = await window.DeliverCardAsync(applicationId, new DeliveryPins(
            Application.WantsSignatureCertificate ? pins.Signature : null, Application.WantsAuthenticationCertificate ? pins.Authentication : null,
            pins.Registry!, pins.InputAssist!), Actor, cancellationToken);
        if (!outcome.Succeeded)
            return Refused(outcome.Refusal!);
        TempData.Remove(CheckedKey);
        var card = outcome.Value;
        return Done(T($"カードを交付しました。カードの有効期限は {Bilingual.Date(card.ExpiresOn)} です。", $"The card is delivered. It expires on {Bilingual.Date(card.ExpiresOn)}."),
            "/Window/Residents/Details", new { id });
    }

    private bool StepOneDone(Guid applicationId)
    {
        var done = TempData.Peek(CheckedKey) as string == applicationId.ToString("N");
        TempData.Keep(CheckedKey);
        return done;
    }

    /// <summary>The typed PINs, taken out of the bound properties so that nothing can render them back.</summary>
    private TypedPins TakePins()
    {
        var pins = new TypedPins(SignaturePin, SignaturePinConfirm, AuthenticationPin, AuthenticationPinConfirm, ResidentRegistryPin,
            ResidentRegistryPinConfirm, TextInputAssistPin, TextInputAssistPinConfirm);
        SignaturePin = SignaturePinConfirm = AuthenticationPin = AuthenticationPinConfirm = null;
        ResidentRegistryPin = ResidentRegistryPinConfirm = TextInputAssistPin = TextInputAssistPinConfirm = null;
        foreach (var key in ModelState.Keys.Where(k => k.EndsWith("Pin", StringComparison.Ordinal) || k.EndsWith("PinConfirm", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
        return pins;
    }

    private void CheckPin(string field, PinKind kind, string? pin, string? confirm)
    {
        var parsed = Pin.Parse(kind, pin);
        // Only the format is checked here (the window parses again); the parsed PIN's buffer is cleared at once.
        if (parsed.TryGetValue(out var valid))
            valid.Dispose();
        if (!parsed.Success)
        {
            ModelState.AddModelError(field, kind == PinKind.Signature
                ? T("6〜16文字の英大文字（A〜Z）と数字で入力してください。", "6 to 16 capital letters (A–Z) and digits.")
                : T("4桁の数字で入力してください。", "4 digits."));
        }
        else if (!string.Equals(pin, confirm, StringComparison.Ordinal))
        {
            ModelState.AddModelError(field + "Confirm", T("確認のための入力が一致しません。", "The confirmation does not match."));
        }
    }

    private async Task<bool> LoadAsync(Guid id, Guid applicationId, CancellationToken cancellationToken)
    {
        if (await window.GetResidentFileAsync(id, cancellationToken) is not { } file
            || file.Applications.FirstOrDefault(a => a.Id == applicationId) is not { } application)
            return false;
        Dossier = file;
        Application = application;
        Today = window.Today;
        return true;
    }

    private static string T(string japanese, string english) => Bilingual.T(japanese, english);

    private sealed record TypedPins(
        string? Signature, string? SignatureConfirm, string? Authentication, string? AuthenticationConfirm, string? Registry,
        string? RegistryConfirm, string? InputAssist, string? InputAssistConfirm)
    {
        public override string ToString() => "TypedPins (hidden)";
    }
}
