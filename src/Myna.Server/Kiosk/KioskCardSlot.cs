using Myna.Portal.Sandbox;
using Myna.Reader;
using Myna.Reader.Pcsc;
using Myna.Window;

namespace Myna.Server.Kiosk;

/// <summary>The card the holder placed on the machine: one of the sandbox's virtual cards, or the card in a reader attached to the server.</summary>
/// <param name="SandboxCardId">The sandbox card's id, or null.</param>
/// <param name="Reader">The PC/SC reader's name, or null.</param>
/// <param name="Label">What the screen calls it: the name on the card face, or the reader's name.</param>
public sealed record PlacedCard(Guid? SandboxCardId, string? Reader, string Label);

/// <summary>A placed card opened for one request: the client the machine drives, and the chip or reader connection it closes.</summary>
public sealed class OpenedCard(MynaCardClient client, IDisposable connection) : IDisposable
{
    public MynaCardClient Client => client;

    public void Dispose() => connection.Dispose();
}

/// <summary>
/// The kiosk page's card reader: the sandbox's virtual cards, whose own chips the server opens under the card file's
/// lock and drives through <see cref="EmulatorTransport"/> as the portal's card slot does, and the PC/SC readers
/// attached to the server (<see cref="PcscTransport"/>). A card is opened for one request and closed at its end, so no
/// chip stays open between two requests.
/// </summary>
public sealed class KioskCardSlot(SandboxCardSlot sandbox, MunicipalWindow window)
{
    /// <summary>The sandbox's cards with a user-authentication certificate on record.</summary>
    public Task<IReadOnlyList<SandboxCard>> SandboxCardsAsync(CancellationToken cancellationToken) => sandbox.CardsAsync(cancellationToken);

    /// <summary>The PC/SC readers pcscd knows; none when pcscd (or the PC/SC library) is not there.</summary>
    public static IReadOnlyList<string> Readers()
    {
        try
        {
            using var context = PcscContext.Establish();
            return context.ListReaders();
        }
        catch (Exception e) when (e is CardTransportException or PlatformNotSupportedException)
        {
            return [];
        }
    }

    /// <summary>Opens <paramref name="card"/> for this request.</summary>
    /// <exception cref="CardTransportException">The reader has no card, or is gone.</exception>
    public OpenedCard Open(PlacedCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.SandboxCardId is { } id)
        {
            var chip = window.OpenCardChip(id);
            return new OpenedCard(new MynaCardClient(new EmulatorTransport(chip, "kiosk-slot")), chip);
        }
        var transport = PcscTransport.Connect(card.Reader ?? throw new ArgumentException("A placed card names a sandbox card or a reader.", nameof(card)));
        return new OpenedCard(new MynaCardClient(transport), transport);
    }
}
