using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Myna.CardFace;
using Myna.OnlineEligibility;
using Myna.Portal.Sandbox;
using Myna.Primitives;
using Myna.Reader;
using Myna.Registry.Rules;
using Myna.Server.Cards;
using Myna.Server.Clinic;
using Myna.Server.Hosting;
using Myna.Storage.Eligibility;

namespace Myna.Server.Pages.Clinic;

/// <summary>
/// <c>/clinic/reception</c>: a clinic's or pharmacy's reception terminal for the card as the health insurance card
/// (マイナ保険証, U1.2) in the sandbox, a touch screen going through a real terminal's steps — the terminal (which
/// sandbox clinic), the card (a sandbox card or a reader attached to the server), how the holder is confirmed (the PIN,
/// which the chip checks before it signs the check's challenge, the face check against the chip's photo, or the staff's
/// visual check), the consent (U1.4, U1.6), and the service's answer (U1.2, U1.3) or its refusal. The
/// page is the terminal: it calls <see cref="EligibilityService"/> in process with the sandbox terminal's credentials,
/// the same service the terminals' HTTP API calls. Every post redirects back here (post, redirect, get).
/// </summary>
public sealed class ReceptionModel(
    ReceptionSessions sessions, SandboxTerminals terminals, CardSlot slot, EligibilityService eligibility, TimeProvider clock,
    IOptions<ServerOptions> server) : PageModel
{
    /// <summary>The name of the emulator's slot in the chip's log.</summary>
    private const string SlotName = "clinic-reception";

    /// <summary>The largest camera image the face check takes.</summary>
    private const int MaxCameraBytes = 2 * 1024 * 1024;

    /// <summary>What a check must have left when the PIN is entered: the time the patient takes over the consent screens.</summary>
    private static readonly TimeSpan ConsentTime = TimeSpan.FromMinutes(2);

    public ReceptionSession? Session { get; private set; }

    public ReceptionScreen Screen => Session?.Screen ?? ReceptionScreen.Terminal;

    public IReadOnlyList<SandboxTerminal> Terminals => terminals.All;

    public IReadOnlyList<SandboxCard> SandboxCards { get; private set; } = [];

    public IReadOnlyList<string> Readers { get; private set; } = [];

    private bool IsSandbox => server.Value.Mode == ServerMode.Sandbox;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!IsSandbox)
            return NotFound();
        Session = sessions.Find(HttpContext);
        if (Screen == ReceptionScreen.Card)
        {
            SandboxCards = await slot.SandboxCardsAsync(HttpContext.RequestAborted);
            Readers = CardSlot.Readers();
        }
        return Page();
    }

    /// <summary>The sandbox's first screen: this browser acts as <paramref name="terminal"/>.</summary>
    public IActionResult OnPostTerminal(Guid terminal)
    {
        if (!IsSandbox)
            return NotFound();
        if (terminals.Find(terminal) is { } chosen)
            sessions.Start(HttpContext, chosen);
        return Back();
    }

    /// <summary>① The card placed: named only; its chip is opened at the identity check, in one request.</summary>
    public Task<IActionResult> OnPostCardAsync(Guid? card, string? reader) => StepAsync(ReceptionScreen.Card, async session =>
    {
        if (await slot.PlaceAsync(card, reader, HttpContext.RequestAborted) is not { } placed)
        {
            session.Notice = new(ClinicWords.UnknownCard);
            return;
        }
        session.Patient.Card = placed;
        session.Screen = ReceptionScreen.Identity;
    });

    /// <summary>② The way the holder is confirmed.</summary>
    public Task<IActionResult> OnPostIdentityAsync(IdentityCheck method) => StepAsync(ReceptionScreen.Identity, session =>
    {
        session.Screen = method switch
        {
            IdentityCheck.Pin => ReceptionScreen.Pin,
            IdentityCheck.StaffVisual => ReceptionScreen.Visual,
            IdentityCheck.Face => ReceptionScreen.Face,
            _ => session.Screen,
        };
        return Task.CompletedTask;
    });

    /// <summary>Back to choose another way of confirming the holder.</summary>
    public Task<IActionResult> OnPostOtherMethodAsync() => StepAsync([ReceptionScreen.Pin, ReceptionScreen.Visual, ReceptionScreen.Face], session =>
    {
        session.Screen = ReceptionScreen.Identity;
        return Task.CompletedTask;
    });

    /// <summary>Back to place another card (before the consent).</summary>
    public Task<IActionResult> OnPostOtherCardAsync() => StepAsync([ReceptionScreen.Identity, ReceptionScreen.Pin, ReceptionScreen.Visual, ReceptionScreen.Face], session =>
    {
        session.NextPatient();
        return Task.CompletedTask;
    });

    /// <summary>
    /// ② The PIN, in one request: the terminal opens a check with the service (or keeps the one a wrong PIN left open),
    /// the chip is opened, checks the PIN and signs SHA-256 of the check's challenge, and is closed again. A wrong PIN
    /// stays on the pad with the tries left; a blocked PIN ends the reception with a pointer to the window (P3).
    /// </summary>
    public Task<IActionResult> OnPostPinAsync([FromForm] string? pin) => StepAsync(ReceptionScreen.Pin, async session =>
    {
        var parsed = Pin.Parse(PinKind.UserAuthentication, pin);
        if (!parsed.Success)
        {
            session.Notice = new(ClinicWords.PinFormat);
            return;
        }
        using var entered = parsed.Value;
        if (await OpenCheckAsync(session) is not { } check)
            return;
        ChallengeSigning? signing = null;
        if (!WithCard(session, client => signing = ChallengeSigner.Sign(client, entered, check.Challenge)))
            return;
        if (signing!.Signed is not { } signed)
        {
            if (signing.Pin.Outcome == PinVerificationOutcome.Blocked)
                session.End(new(ClinicWords.PinBlocked, RuleIds.P3));
            else
                session.Notice = new(ClinicWords.WrongPin(signing.Pin.TriesLeft), RuleIds.P3);
            return;
        }
        (session.Patient.Identity, session.Patient.Certificate, session.Patient.Signature) = (IdentityCheck.Pin, signed.Certificate, signed.Signature);
        session.Screen = ReceptionScreen.Consent;
    });

    /// <summary>
    /// ② The staff looked at the patient and the card's photo: the terminal reads the user-authentication certificate
    /// (no PIN) and attests the check; the service verifies the certificate and records how the holder was confirmed.
    /// </summary>
    public Task<IActionResult> OnPostVisualAsync() => StepAsync(ReceptionScreen.Visual, async session =>
    {
        if (await OpenCheckAsync(session) is null)
            return;
        byte[]? certificate = null;
        if (!WithCard(session, client => certificate = AuthenticationCertificate(client)))
            return;
        (session.Patient.Identity, session.Patient.Certificate, session.Patient.Signature) = (IdentityCheck.StaffVisual, certificate, null);
        session.Screen = ReceptionScreen.Consent;
    });

    /// <summary>
    /// ② The face check, as a face-recognition card reader does it: 照合番号B — read off the card's face by the camera
    /// (for a sandbox card, the registry's date of birth, expiry and security code; for a card in a reader, typed by the
    /// staff) — opens the chip's photo, which is compared with the camera's image; only the same face reads the
    /// certificate and attests the check. A different face, or a wrong 照合番号B, stays on this screen; nothing is sent.
    /// </summary>
    public Task<IActionResult> OnPostFaceAsync(IFormFile? camera, [FromForm] string? collation) => StepAsync(ReceptionScreen.Face, async session =>
    {
        if (camera is not { Length: > 0 and <= MaxCameraBytes })
        {
            session.Notice = new(ClinicWords.CameraImageNeeded);
            return;
        }
        var image = new byte[camera.Length];
        await using (var stream = camera.OpenReadStream())
            await stream.ReadExactlyAsync(image, HttpContext.RequestAborted);
        using var number = await slot.PrintedCollationNumberAsync(session.Patient.Card!, HttpContext.RequestAborted) ?? Typed(collation);
        if (number is null)
        {
            session.Notice = new(ClinicWords.CollationFormat);
            return;
        }
        byte[]? certificate = null;
        if (!WithCard(session, client => (certificate, session.Notice) = FaceCheck(client, number, image)) || certificate is null)
            return;
        if (await OpenCheckAsync(session) is null)
            return;
        (session.Patient.Identity, session.Patient.Certificate, session.Patient.Signature) = (IdentityCheck.Face, certificate, null);
        session.Screen = ReceptionScreen.Consent;
    });

    /// <summary>
    /// The face check on the chip: 照合番号B opens the photo, which must show the face of the camera's image; then the
    /// certificate. Either the certificate, or why not.
    /// </summary>
    private static (byte[]? Certificate, ReceptionNotice? Notice) FaceCheck(MynaCardClient client, CollationNumberB number, byte[] cameraImage)
    {
        var reading = client.ReadCardFace(number);
        if (reading.Face is not { } face)
            return (null, new(reading.Collation.Outcome == PinVerificationOutcome.Blocked ? ClinicWords.CollationBlocked : ClinicWords.CollationWrong));
        try
        {
            if (!FaceComparison.Compare(face.Photo, cameraImage).IsSamePerson)
                return (null, new(ClinicWords.FaceMismatch));
        }
        catch (FaceImageException e)
        {
            return (null, new(e.Image == FaceImageSource.ChipPhoto ? ClinicWords.ChipPhotoUnreadable : ClinicWords.CameraImageUnreadable));
        }
        return (AuthenticationCertificate(client), null);
    }

    private static byte[] AuthenticationCertificate(MynaCardClient client)
    {
        using var certificate = client.ReadAuthenticationCertificate();
        return certificate.RawData;
    }

    /// <summary>
    /// Runs <paramref name="use"/> on the placed card's chip, opened for this request and closed after it. A chip
    /// without the user-authentication certificate (never loaded, or removed when it was revoked) ends the reception;
    /// an unreadable card stays on the screen with a notice. True when <paramref name="use"/> ran to its end.
    /// </summary>
    private bool WithCard(ReceptionSession session, Action<MynaCardClient> use)
    {
        try
        {
            using var opened = slot.Open(session.Patient.Card!, SlotName);
            use(opened.Client);
            return true;
        }
        catch (CardCommandException)
        {
            session.End(new(ClinicWords.NoCertificate, RuleIds.U1_2));
        }
        catch (CardTransportException)
        {
            session.Notice = new(ClinicWords.Unreadable);
        }
        catch (Myna.Card.Image.CardFileInUseException inUse)
        {
            // The sandbox card's chip is in its holder's reader (or another program's): the reception waits, unchanged.
            session.Notice = new(Myna.Window.Refusal.CardElsewhere(inUse.Holder == Myna.Card.Image.CardFileHolder.HoldersReader).Text);
        }
        return false;
    }

    private static CollationNumberB? Typed(string? collation) => CollationNumberB.Parse(collation) is { Success: true } parsed ? parsed.Value : null;

    /// <summary>③ The records the patient lets the clinic see for this visit (U1.4).</summary>
    public Task<IActionResult> OnPostConsentAsync(bool medication, bool healthChecks, bool treatments) => StepAsync(ReceptionScreen.Consent, session =>
    {
        (session.Patient.Medication, session.Patient.HealthChecks, session.Patient.Treatments) = (medication, healthChecks, treatments);
        session.Screen = ReceptionScreen.Ceiling;
        return Task.CompletedTask;
    });

    /// <summary>
    /// ③ The high-cost ceiling (U1.6), the last answer: the terminal sends the card's answer with the consent, and the
    /// service answers with the eligibility on the visit day or why not (④). A refusal of the card itself ends the reception.
    /// </summary>
    public Task<IActionResult> OnPostCeilingAsync(bool ceiling) => StepAsync(ReceptionScreen.Ceiling, async session =>
    {
        var patient = session.Patient;
        var consent = new Consent(patient.Medication, patient.HealthChecks, patient.Treatments, ceiling);
        var answered = await eligibility.AnswerAsync(session.Terminal.Credentials, patient.Check!.CheckId,
            new CardAnswer(patient.Certificate!, patient.Signature, patient.Identity!.Value, consent), HttpContext.RequestAborted);
        // What the card gave is not needed any more, whatever the answer.
        (patient.Certificate, patient.Signature) = (null, null);
        if (answered.Refusal is { } refusal)
        {
            session.End(new(refusal.Text, refusal.Rule));
            return;
        }
        patient.Result = answered.Value;
        session.Screen = ReceptionScreen.Result;
    });

    /// <summary>The next patient (or another try after the reception ended): back to the card, the terminal kept.</summary>
    public Task<IActionResult> OnPostNextAsync() => StepAsync(
        [ReceptionScreen.Card, ReceptionScreen.Identity, ReceptionScreen.Pin, ReceptionScreen.Visual, ReceptionScreen.Face, ReceptionScreen.Consent, ReceptionScreen.Ceiling,
         ReceptionScreen.Result, ReceptionScreen.Ended],
        session =>
        {
            session.NextPatient();
            return Task.CompletedTask;
        });

    /// <summary>This browser stops acting as the terminal: back to the first screen.</summary>
    public IActionResult OnPostLeave()
    {
        if (!IsSandbox)
            return NotFound();
        sessions.End(HttpContext);
        return Back();
    }

    /// <summary>
    /// The patient's check with the service: the one already open (a wrong PIN keeps it, so the chip signs the same
    /// challenge), or a new one when none is open or it has timed out.
    /// </summary>
    private async Task<CheckOpened?> OpenCheckAsync(ReceptionSession session)
    {
        if (session.Patient.Check is { } open && open.ExpiresAt > clock.GetUtcNow() + ConsentTime)
            return open;
        var opened = await eligibility.OpenAsync(session.Terminal.Credentials, HttpContext.RequestAborted);
        if (opened.Refusal is { } refusal)
        {
            session.End(new(refusal.Text, refusal.Rule));
            return null;
        }
        return session.Patient.Check = opened.Value;
    }

    private Task<IActionResult> StepAsync(ReceptionScreen screen, Func<ReceptionSession, Task> step) => StepAsync([screen], step);

    /// <summary>
    /// Runs <paramref name="step"/> on this browser's session if its screen is one of <paramref name="screens"/> (a post
    /// from an older screen, after the back button or twice, changes nothing), one request at a time.
    /// </summary>
    private async Task<IActionResult> StepAsync(ReceptionScreen[] screens, Func<ReceptionSession, Task> step)
    {
        if (!IsSandbox)
            return NotFound();
        if (sessions.Find(HttpContext) is { } session)
        {
            await session.Gate.WaitAsync(HttpContext.RequestAborted);
            try
            {
                if (screens.Contains(session.Screen))
                {
                    session.Notice = null;
                    await step(session);
                }
            }
            finally
            {
                session.Gate.Release();
            }
        }
        return Back();
    }

    private RedirectResult Back() => Redirect("/clinic/reception");
}
