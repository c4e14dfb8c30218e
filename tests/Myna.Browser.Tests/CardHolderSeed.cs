using Microsoft.Extensions.DependencyInjection;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Server.Tests;
using Myna.Storage.Audit;
using Myna.Window;

namespace Myna.Browser.Tests;

/// <summary>A resident with a delivered card (both certificates), made through the window as the desk would.</summary>
internal static class CardHolderSeed
{
    /// <summary>Koriyama City, the demo municipality.</summary>
    public const string Koriyama = "07203";

    public static async Task<(Resident Resident, CardRecord Card)> RegisterWithCardAsync(
        MynaServer server, string familyName, string givenName, string familyKana, string givenKana, DateOnly birthDate, string address,
        string? formerSurname = null)
    {
        var window = server.Services.GetRequiredService<MunicipalWindow>();
        var actor = AuditActor.Staff("window");
        var resident = (await window.RegisterResidentAsync(
            new ResidentRegistration(Koriyama, familyName, givenName, familyKana, givenKana, birthDate, Sex.Female, address, FormerSurname: formerSurname),
            actor)).Value;
        var application = (await window.ApplyForCardAsync(new CardApplicationForm(resident.Id), actor)).Value;
        var card = (await window.DeliverCardAsync(application.Id, new DeliveryPins("MYNA2026", "1234", "1234", "1234"), actor)).Value;
        return (resident, card);
    }
}
