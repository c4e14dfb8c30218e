using Microsoft.AspNetCore.Mvc;
using Myna.Pki.Revocation;
using Myna.Primitives.Text;
using Myna.Registry.Cards;
using Myna.Registry.Rules;
using Myna.Server.Ui;
using Myna.Storage.Audit;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.CallCentre;

/// <summary>Why the caller wants the card suspended (L1).</summary>
public enum SuspensionReason
{
    /// <summary>紛失.</summary>
    Lost,

    /// <summary>盗難: the holder also reports it to the police (L1).</summary>
    Stolen,
}

/// <summary>A resident who may be the caller, with the card a suspension would stop; never the full My Number.</summary>
public sealed record CallerCandidate(
    Guid ResidentId, string Name, string Kana, DateOnly BirthDate, string Address, string MyNumberMasked, CardRecord? Card);

/// <summary>
/// <c>/CallCentre</c> (L1, K, S1): identifies the caller's card — by name, date of birth and address, or by the exact
/// My Number in a POST — and suspends it at any hour, after a confirmation step; both certificates are revoked.
/// Shows the general line's hours (K) and whether it is open now by the system clock.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(MunicipalWindow window, AuditTrail audit, TimeProvider clock) : StaffPageModel
{
    /// <summary>A search shows at most this many candidates: the caller is one person, the rest is noise.</summary>
    private const int MaxCandidates = 20;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public DateOnly? BirthDate { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    /// <summary>Typed by staff, used for the exact search and never written back into the page.</summary>
    [BindProperty]
    public string? MyNumber { get; set; }

    /// <summary>The card to confirm a suspension of (the confirmation step).</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Card { get; set; }

    /// <summary>The card just suspended (after the redirect): its state and certificates are shown.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Suspended { get; set; }

    [BindProperty]
    public SuspensionReason? Reason { get; set; }

    public IReadOnlyList<CallerCandidate>? Candidates { get; private set; }

    public CallerCandidate? Confirming { get; private set; }

    public CardRecord? SuspendedCard { get; private set; }

    public IReadOnlyList<CertificateEntry> SuspendedCertificates { get; private set; } = [];

    /// <summary>K: the general line now.</summary>
    public RuleDecision GeneralLine => CallCentreHours.IsOpen(CallCentreLine.General, clock);

    /// <summary>K: the general line's hours today; null from 29 December to 3 January.</summary>
    public DailyHours? TodayHours => CallCentreHours.HoursOn(window.Today);

    public DateTimeOffset Now => Primitives.JapanClock.Now(clock);

    public DateOnly Today => window.Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Card is { } cardId)
        {
            Confirming = await CandidateOfCardAsync(cardId, cancellationToken);
            if (Confirming is null)
                return NotFound();
        }
        if (Suspended is { } suspended && await window.GetCardAsync(suspended, cancellationToken) is { } card)
        {
            SuspendedCard = card;
            SuspendedCertificates = [.. (await window.CertificatesOfResidentAsync(card.ResidentId, cancellationToken)).Where(c => c.CardId == card.Id)];
        }
        return Page();
    }

    public async Task<IActionResult> OnPostFindAsync(CancellationToken cancellationToken)
    {
        MyNumber = null;
        if (string.IsNullOrWhiteSpace(Name) || BirthDate is null || string.IsNullOrWhiteSpace(Address))
            return Refused(Refusal.Invalid(new LocalizedText("本人確認のため、氏名・生年月日・住所をすべて入力してください。",
                "To identify the caller, enter the name, the date of birth and the address.")));
        var address = Compact(Address);
        var found = await window.SearchResidentsAsync(new ResidentQuery(Name: Name, BirthDate: BirthDate, Limit: MaxCandidates), Actor,
            LookupChannel.CallCentre, r => Compact(r.Address).Contains(address, StringComparison.Ordinal), cancellationToken);
        Candidates = await CandidatesAsync(found, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostFindByNumberAsync(CancellationToken cancellationToken)
    {
        var typed = MyNumber;
        MyNumber = null;
        var digits = (typed ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (!Primitives.MyNumber.Parse(digits).Success)
            return Refused(Refusal.Invalid(new LocalizedText("個人番号（12桁）を入力してください。検査用数字が合っているかも確かめてください。",
                "Enter the My Number (12 digits with a valid check digit).")));
        // As the API's exact search: the search itself is recorded, never the number.
        var found = await window.FindResidentsByMyNumberAsync(digits, Actor, LookupChannel.CallCentre, cancellationToken);
        Candidates = await CandidatesAsync(found, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSuspendAsync(Guid card, CancellationToken cancellationToken)
    {
        Card = card;
        Confirming = await CandidateOfCardAsync(card, cancellationToken);
        if (Confirming is null)
            return NotFound();
        if (Reason is not { } reason || !Enum.IsDefined(reason))
            return Refused(Refusal.Invalid(new LocalizedText("紛失か盗難かを選んでください。", "Choose whether the card was lost or stolen.")));
        var outcome = await window.SuspendCardAsync(card, Actor, cancellationToken);
        if (!outcome.Succeeded)
            return Refused(outcome.Refusal!);
        // The window records the suspension; the call centre adds what the caller reported.
        await audit.RecordAsync(Actor, "card.loss-reported", new AuditSubject("card", card.ToString("N")),
            reason == SuspensionReason.Stolen
                ? new LocalizedText("電話で盗難の届出を受けました（L1）。警察への届出はご本人がします。", "reported stolen by telephone (L1); the holder reports it to the police")
                : new LocalizedText("電話で紛失の届出を受けました（L1）。", "reported lost by telephone (L1)"),
            cancellationToken);
        return Done(T("カードを一時停止しました。電子証明書（署名用・利用者証明用）は失効しました。",
                "The card is suspended. Its e-certificates (signature, user authentication) are revoked."),
            "/CallCentre/Index", new { suspended = card });
    }

    private async Task<CallerCandidate?> CandidateOfCardAsync(Guid cardId, CancellationToken cancellationToken) =>
        await window.GetCardAsync(cardId, cancellationToken) is { } card && await window.GetResidentFileAsync(card.ResidentId, cancellationToken) is { } file
            ? Candidate(file, card)
            : null;

    private async Task<IReadOnlyList<CallerCandidate>> CandidatesAsync(IEnumerable<ResidentSummary> found, CancellationToken cancellationToken)
    {
        var candidates = new List<CallerCandidate>();
        foreach (var summary in found)
        {
            if (await window.GetResidentFileAsync(summary.Id, cancellationToken) is { } file)
                candidates.Add(Candidate(file, CurrentCard(file)));
        }
        return candidates;
    }

    /// <summary>The card a suspension concerns: the newest one not yet returned or replaced (a resident holds one at a time).</summary>
    private static CardRecord? CurrentCard(ResidentFile file) =>
        file.Cards.FirstOrDefault(c => c.State is not (CardState.Returned or CardState.Replaced));

    private static CallerCandidate Candidate(ResidentFile file, CardRecord? card)
    {
        var r = file.Resident;
        return new CallerCandidate(r.Id, r.Name.OnCard, r.Name.Kana, r.BirthDate, r.Address, CardFacesView.Masked(r.MyNumber), card);
    }

    /// <summary>An address without spaces, so that "郡山市 朝日一丁目" matches "郡山市朝日一丁目".</summary>
    private static string Compact(string text) =>
        string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
