using Microsoft.AspNetCore.Mvc;
using Myna.Primitives;
using Myna.Server.Ui;
using Myna.Window;

namespace Myna.Server.Pages.Window;

/// <summary>
/// <c>/Window/Residents/{id}/card-faces</c>: the resident's card drawn front (C1) and back (C2). The My Number is
/// masked and the back's QR code left out until the staff member presses "reveal" (a POST, audited as
/// <c>resident.my-number-revealed</c>); the number is then in that one response only — never in a URL, and no
/// response of this page may be stored by a cache.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class CardFacesModel(MunicipalWindow window) : StaffPageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>Which of the resident's cards; none: the newest.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Card { get; set; }

    public ResidentFile? Resident { get; private set; }

    public CardFacesView? Faces { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await ShowAsync(revealed: null, cancellationToken);

    public async Task<IActionResult> OnPostRevealAsync(CancellationToken cancellationToken)
    {
        if (await window.RevealMyNumberAsync(Id, Actor, cancellationToken) is not { } number)
            return NotFound();
        return await ShowAsync(number, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(MyNumber? revealed, CancellationToken cancellationToken)
    {
        Resident = await window.GetResidentFileAsync(Id, cancellationToken);
        if (Resident is null)
            return NotFound();
        // Cards come newest first; a card of another resident is not this page's.
        var card = Card is { } wanted ? Resident.Cards.FirstOrDefault(c => c.Id == wanted) : Resident.Cards.FirstOrDefault();
        if (Card is not null && card is null)
            return NotFound();
        if (card is not null)
        {
            var issuer = await window.GetMunicipalityAsync(card.IssuedBy, cancellationToken);
            Faces = CardFacesView.Of(Resident, card, issuer, revealed, window.Today);
        }
        return Page();
    }
}
