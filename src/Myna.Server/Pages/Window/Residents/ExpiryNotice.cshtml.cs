using Microsoft.AspNetCore.Mvc;
using Myna.Registry.Cards;
using Myna.Registry.Rules;
using Myna.Server.Ui;
using Myna.Window;
using Myna.Window.Demo;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>
/// <c>/Window/Residents/{id}/ExpiryNotice</c>: the expiry notice (有効期限通知書, V1) of the resident's card in use,
/// for the card and each certificate, with the renewal window; printable (the print style hides the page chrome).
/// </summary>
public sealed class ExpiryNoticeModel(MunicipalWindow window) : StaffPageModel
{
    public ResidentFile Dossier { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    /// <summary>The card in use, or null (a notice is for a card in use).</summary>
    public CardRecord? Card { get; private set; }

    /// <summary>Card and certificates, each with its expiry and its renewal window (V1: from three months before, to the expiry day).</summary>
    public IReadOnlyList<(ExpiringItem Item, DateOnly Expiry, DateWindow Renewal)> Items { get; private set; } = [];

    /// <summary>The municipality that sends the notice, in words.</summary>
    public string Sender { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await window.GetResidentFileAsync(id, cancellationToken) is not { } file)
            return NotFound();
        Dossier = file;
        Today = window.Today;
        Card = file.Cards.FirstOrDefault(c => c.StateOn(Today) == CardState.Active);
        var municipality = DemoRegistry.Municipalities.FirstOrDefault(m => m.Code == file.Resident.Municipality);
        Sender = municipality is null ? file.Resident.Municipality.Value : municipality.Prefecture + municipality.Name;
        if (Card is not null)
        {
            var items = new List<(ExpiringItem, DateOnly, DateWindow)> { (ExpiringItem.Card, Card.ExpiresOn, RenewalRule.Window(Card.ExpiresOn)) };
            if (Card.SignatureCertificate is { } signature)
                items.Add((ExpiringItem.SignatureCertificate, signature.ExpiresOn, RenewalRule.Window(signature.ExpiresOn)));
            if (Card.AuthenticationCertificate is { } authentication)
                items.Add((ExpiringItem.UserAuthenticationCertificate, authentication.ExpiresOn, RenewalRule.Window(authentication.ExpiresOn)));
            Items = items;
        }
        return Page();
    }

    public static string T(string japanese, string english) => Bilingual.T(japanese, english);
}
