using Microsoft.EntityFrameworkCore;
using Myna.Portal.Sandbox;
using Myna.Reader;
using Myna.Reader.Pcsc;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Window;

namespace Myna.Server.Cards;

/// <summary>The card the holder placed on a machine: one of the sandbox's virtual cards, or the card in a reader attached to the server.</summary>
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
/// The card reader of the server's touch-screen machines — the store's multi-copy machine (<c>/kiosk</c>) and the
/// clinic's reception terminal (<c>/clinic/reception</c>): the sandbox's virtual cards, whose own chips the server opens
/// under the card file's lock and drives through <see cref="EmulatorTransport"/> as the portal's card slot does, and the
/// PC/SC readers attached to the server (<see cref="PcscTransport"/>). A card is opened for one request and closed at
/// its end, so no chip stays open between two requests.
/// </summary>
public sealed class CardSlot(SandboxCardSlot sandbox, MunicipalWindow window, IDbContextFactory<MynaDbContext> contexts)
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

    /// <summary>
    /// The card a screen's button names — a sandbox card by its id or a reader by its name — as placed on the machine;
    /// null when the sandbox has no such card and no such reader is attached (a stale or forged button).
    /// </summary>
    public async Task<PlacedCard?> PlaceAsync(Guid? card, string? reader, CancellationToken cancellationToken)
    {
        if (card is { } id && (await SandboxCardsAsync(cancellationToken)).FirstOrDefault(c => c.CardId == id) is { } sandboxCard)
            return new PlacedCard(id, null, sandboxCard.HolderName);
        if (reader is not null && Readers().Contains(reader))
            return new PlacedCard(null, reader, reader);
        return null;
    }

    /// <summary>
    /// 照合番号B as a face-recognition reader's camera reads it off the face of a sandbox card: the holder's date of
    /// birth, the card's expiry and its security code, from the registry. Null for a card in a reader (its face is not
    /// the server's to read) or a card the registry does not know.
    /// </summary>
    public async Task<CollationNumberB?> PrintedCollationNumberAsync(PlacedCard card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.SandboxCardId is not { } id)
            return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The whole card: its security code is decrypted as the record is read, not in a query.
        if (await db.Set<CardRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } record)
            return null;
        var birthDate = await db.Set<Resident>().Where(r => r.Id == record.ResidentId).Select(r => r.BirthDate).SingleAsync(cancellationToken);
        return CollationNumberB.Of(birthDate, record.ExpiresOn, record.SecurityCode);
    }

    /// <summary>Opens <paramref name="card"/> for this request; <paramref name="slotName"/> names the emulator's slot in the chip's log.</summary>
    /// <exception cref="CardTransportException">The reader has no card, or is gone.</exception>
    public OpenedCard Open(PlacedCard card, string slotName)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.SandboxCardId is { } id)
        {
            var chip = window.OpenCardChip(id);
            return new OpenedCard(new MynaCardClient(new EmulatorTransport(chip, slotName)), chip);
        }
        var transport = PcscTransport.Connect(card.Reader ?? throw new ArgumentException("A placed card names a sandbox card or a reader.", nameof(card)));
        return new OpenedCard(new MynaCardClient(transport), transport);
    }
}
