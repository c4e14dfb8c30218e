using Microsoft.AspNetCore.Mvc;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Server.Ui;
using Myna.Window;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>
/// <c>/Window/Residents/{id}</c>: the resident's file — facts (My Number masked), the current card with its
/// endorsement area, earlier cards, applications, number documents and what each proves today (D), moves, fees,
/// certificates — and the procedures that make sense for the card's state.
/// </summary>
public sealed class DetailsModel(MunicipalWindow window) : StaffPageModel
{
    public ResidentFile Dossier { get; private set; } = null!;

    public Resident Resident => Dossier.Resident;

    public DateOnly Today { get; private set; }

    /// <summary>The card neither returned nor replaced, if any.</summary>
    public CardRecord? CurrentCard { get; private set; }

    public CardState? CurrentState => CurrentCard?.StateOn(Today);

    public IReadOnlyList<CardRecord> EarlierCards { get; private set; } = [];

    /// <summary>The application waiting for delivery, if any (one at a time).</summary>
    public CardApplication? PendingApplication { get; private set; }

    public IReadOnlyDictionary<Guid, DocumentProof> Proofs { get; private set; } = new Dictionary<Guid, DocumentProof>();

    public IReadOnlyList<CertificateEntry> Certificates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        // Looking at a person's file is itself recorded: who, when, and where (the holder's exchange history).
        if (await window.ViewResidentFileAsync(id, Actor, LookupChannel.Window, cancellationToken) is not { } file)
            return NotFound();
        Dossier = file;
        Today = window.Today;
        CurrentCard = file.Cards.FirstOrDefault(c => !c.State.IsFinal());
        EarlierCards = [.. file.Cards.Where(c => c != CurrentCard)];
        PendingApplication = file.Applications.FirstOrDefault(a => a.Status == ApplicationStatus.Received);
        Proofs = MunicipalWindow.ProofsOn(file, Today).ToDictionary(p => p.Id, p => p.Proof);
        Certificates = await window.CertificatesOfResidentAsync(id, cancellationToken);
        return Page();
    }

    /// <summary>The procedures offered now, as (page route suffix, Japanese, English); only those the state allows.</summary>
    public IReadOnlyList<(string Path, string Japanese, string English)> Actions()
    {
        var actions = new List<(string, string, string)>();
        var registered = Resident.Status == ResidentStatus.Registered;
        var state = CurrentState;
        if (CurrentCard is not null)
            actions.Add(("card-faces", "カードの券面（表・裏）", "The card's faces (front and back)"));
        if (PendingApplication is not null)
            actions.Add(($"Deliver/{PendingApplication.Id}", "カードを交付する", "Deliver the card"));
        else if (registered)
            actions.Add(("Apply", state is null ? "カードを申請する" : "更新・再交付を申請する", state is null ? "Apply for a card" : "Apply for a renewal or reissue"));
        if (state == CardState.Active)
        {
            actions.Add(("ExpiryNotice", "有効期限通知書", "Expiry notice"));
            actions.Add(("ResetPin", "暗証番号の再設定", "Reset a PIN"));
            if (CurrentCard!.SignatureCertificate is null || CurrentCard.AuthenticationCertificate is null)
                actions.Add(("LoadCertificates", "電子証明書の搭載", "Load certificates"));
        }
        if (state == CardState.Suspended)
            actions.Add(("Lift", "一時停止の解除", "Lift the suspension"));
        if (registered)
        {
            actions.Add(("Address", "住所の変更（市内転居）", "Change of address (within the municipality)"));
            actions.Add(("Name", "氏名の変更", "Change of name"));
            if (Resident.Nationality is not null)
                actions.Add(("ResidenceStatus", "在留資格・在留期間の変更", "Change of residence status"));
            actions.Add(("MoveOut", "転出届", "Move-out notice"));
        }
        else
        {
            actions.Add(("MoveIn", "転入届", "Move-in notice"));
        }
        if (Dossier.Moves.Any(m => m.IsMovedIn && m.ContinuedOn is null) && state is CardState.Active or CardState.Suspended)
            actions.Add(("Continuation", "継続利用の手続", "Continued use after the move"));
        actions.Add(("SupportMeasure", "支援措置（DV等）・居所", "Support measure (DV …) and 居所"));
        actions.Add(("AdultWard", "成年被後見人の記録", "Adult-ward ruling"));
        if (state is not null)
            actions.Add(("Return", "カードの返納", "Return the card"));
        return actions;
    }

    public static string T(string japanese, string english) => Bilingual.T(japanese, english);
}
