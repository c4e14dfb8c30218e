using Myna.Primitives.Text;
using Microsoft.AspNetCore.Mvc;
using Myna.Pki;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Server.Ui;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>What the banner at the top of a procedure page shows: who, and their card as of today.</summary>
/// <param name="Resident">The resident.</param>
/// <param name="Card">The card not yet returned or replaced, or null.</param>
/// <param name="Today">The system's day.</param>
public sealed record ResidentBanner(Resident Resident, CardRecord? Card, DateOnly Today)
{
    /// <summary>The card's state today (V7: past its expiry it is expired even before the sweep), or null.</summary>
    public CardState? CardState => Card?.StateOn(Today);
}

/// <summary>What P4 says of each certificate for this holder today, beside its PIN field.</summary>
public sealed record CertificatePinFields(string SignatureP4, string AuthenticationP4);

/// <summary>
/// The base of the window's procedure pages on one resident (<c>/Window/Residents/{id}/…</c>): loads the resident
/// file for the banner, shows a refusal with the page as typed, and after a procedure goes back to the resident file
/// with the done message. The procedures themselves are <see cref="MunicipalWindow"/>'s.
/// </summary>
public abstract class ResidentProcedurePageModel(MunicipalWindow window) : StaffPageModel
{
    /// <summary>The resident, from the route.</summary>
    [BindProperty(SupportsGet = true, Name = "id")]
    public Guid Id { get; set; }

    /// <summary>The resident file, loaded for every request.</summary>
    public ResidentFile ResidentFile { get; private set; } = null!;

    public Resident Resident => ResidentFile.Resident;

    /// <summary>The resident's card not yet returned or replaced (a resident holds one at a time), or null.</summary>
    public CardRecord? Card => ResidentFile.Cards.FirstOrDefault(c => !c.State.IsFinal());

    public DateOnly Today => window.Today;

    public ResidentBanner Banner => new(Resident, Card, Today);

    protected MunicipalWindow Window => window;

    /// <summary>P4 for this holder today, as the PIN fields of L2 and E5 show it (the legal representative's entry is their decision).</summary>
    public CertificatePinFields PinFields => new(P4(JpkiHierarchy.Signature), P4(JpkiHierarchy.UserAuthentication));

    private string P4(JpkiHierarchy hierarchy)
    {
        var decision = CertificateEligibilityRule.MayLoad(hierarchy, new HolderFacts(Resident.BirthDate, Resident.IsAdultWard), Today, legalRepresentativeWantsIt: true);
        // The Japanese sentence says by itself whether it is loaded; the English one gets a lead-in.
        return T(decision.Reason.Japanese, (decision.IsAllowed ? "May be issued: " : "Not issued: ") + decision.Reason.English);
    }

    public virtual async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>Loads the resident file; false when there is no such resident.</summary>
    protected async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (await window.GetResidentFileAsync(Id, cancellationToken) is not { } file)
            return false;
        ResidentFile = file;
        return true;
    }

    /// <summary>
    /// After a procedure: refused → the page again with the refusal (and the resident as it still is); done → the
    /// resident file with <paramref name="doneMessage"/>.
    /// </summary>
    protected async Task<IActionResult> AfterAsync<T>(WindowOutcome<T> outcome, Func<T, string> doneMessage, CancellationToken cancellationToken)
    {
        if (!outcome.Succeeded)
        {
            ForgetSecrets();
            return await RefusedAsync(outcome.Refusal!, cancellationToken);
        }
        return Done(doneMessage(outcome.Value), "/Window/Residents/Details", new { id = Id });
    }

    /// <summary>Shows the page again with <paramref name="refusal"/>; a resident who does not exist is a plain 404.</summary>
    protected async Task<IActionResult> RefusedAsync(Refusal refusal, CancellationToken cancellationToken)
    {
        ForgetSecrets();
        return await LoadAsync(cancellationToken) ? Refused(refusal) : NotFound();
    }

    /// <summary>The card a card procedure works on, or the refusal that the resident holds none.</summary>
    protected static Refusal NoCard => Refusal.NotFound(new LocalizedText("この住民はカードを持っていません。", "This resident holds no card."));

    /// <summary>Clears the PINs typed, so a page shown again never carries them back (PINs only in POST bodies).</summary>
    protected virtual void ForgetSecrets()
    {
    }

    /// <summary>A PIN's name as the window says it.</summary>
    public static string PinWords(PinKind kind) => Label(ProcedureWords.Of(kind)) + (kind == PinKind.Signature
        ? T("（6〜16桁の英数字）", " (6–16 digits or capital letters)")
        : T("（4桁）", " (4 digits)"));

    /// <summary>A certificate's name.</summary>
    public static string CertificateWords(JpkiHierarchy hierarchy) =>
        Refusals.CertificateWords(hierarchy).Current;

    /// <summary>The window's notice after the card's details were updated (M1, M2), in the page's language.</summary>
    public static string CardNoticeWords(LocalizedText notice) => notice.Current;

    /// <summary>The endorsement written, as the done message says it: the entry and how full the area is now (M1).</summary>
    public static string EndorsementWords(DetailsChange change)
    {
        if (change.Endorsement is { } entry)
            return T($"追記欄 {entry.Line}/{CardRecord.EndorsementCapacity}: {entry.Text}", $"Endorsement {entry.Line}/{CardRecord.EndorsementCapacity}: {entry.Text}");
        if (change.Card is { HasRoomForEndorsement: false })
            return change.Notice?.Current ?? "";
        return change.Card is null ? T("カードはありません。", "No card.") : T("カードは使用中ではないため、追記していません。", "The card is not in use: nothing was written on it.");
    }
}
