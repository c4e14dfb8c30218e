using Microsoft.EntityFrameworkCore;
using Myna.Card;
using Myna.Portal.Login;
using Myna.Primitives;
using Myna.Reader;
using Myna.Registry.Cards;
using Myna.Registry.Residents;
using Myna.Storage;

namespace Myna.Portal.Sandbox;

/// <summary>A sandbox card that can be set in the slot: the holder's name as the card face shows it, and the card's state.</summary>
public sealed record SandboxCard(Guid CardId, string HolderName, CardState State);

/// <summary>
/// The sandbox's card slot: the login page's stand-in for a reader, for the sandbox's virtual cards. The server drives
/// the card's own chip through the in-process transport, exactly as the holder's app drives a card in a reader, so the
/// PIN goes to the chip and a wrong one counts there.
/// </summary>
/// <param name="contexts">The registry, for the cards that can be set.</param>
/// <param name="logins">The logins whose challenges the slot's card answers.</param>
/// <param name="openChip">Opens a card's chip (its image, under the card file's lock) by the card's id.</param>
/// <param name="clocks">The portal's clocks (a signature states the system's time).</param>
public sealed class SandboxCardSlot(IDbContextFactory<MynaDbContext> contexts, CardLogins logins, Func<Guid, VirtualCard> openChip, PortalClocks clocks)
{
    /// <summary>The cards with a user-authentication certificate on record, whatever their state (a suspended card shows its refusal).</summary>
    public async Task<IReadOnlyList<SandboxCard>> CardsAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var cards = await (from c in db.Set<CardRecord>().AsNoTracking()
                           join r in db.Set<Resident>().AsNoTracking() on c.ResidentId equals r.Id
                           where c.AuthenticationCertificate != null
                           select new { c.Id, c.State, r.Name, c.IssuedOn }).ToListAsync(cancellationToken);
        return [.. cards.Where(c => !c.State.IsFinal()).OrderBy(c => c.Name.Kana, StringComparer.Ordinal).ThenBy(c => c.IssuedOn)
            .Select(c => new SandboxCard(c.Id, c.Name.OnCard, c.State))];
    }

    /// <summary>
    /// Sets card <paramref name="cardId"/> in the slot, has it sign the challenge waiting under <paramref name="code"/>
    /// after <paramref name="pin"/>, and sends the answer, as the holder's app would. A wrong PIN leaves the challenge
    /// waiting (the holder may try again); the answer itself is taken once.
    /// </summary>
    /// <returns>Null when the sandbox has no such card.</returns>
    public async Task<LoginAnswer?> AnswerAsync(LoginCode code, Guid cardId, Pin pin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!await ExistsAsync(cardId, cancellationToken))
            return null;
        var waiting = await logins.WaitingAsync(code, cancellationToken);
        if (waiting.Challenge is not { } challenge)
            return new LoginAnswer(null, waiting.Refusal);
        var signing = Sign(cardId, pin, challenge.Challenge);
        if (signing.Signed is not { } signed)
            return new LoginAnswer(null, signing.Refusal);
        return await logins.AnswerAsync(code, signed.Certificate, signed.Signature, cancellationToken);
    }

    /// <summary>
    /// Sets card <paramref name="cardId"/> in the slot and has it sign <paramref name="content"/> as CMS (detached) with
    /// the signature key after the signature password, as the holder's signing software would.
    /// </summary>
    /// <returns>Null when the sandbox has no such card.</returns>
    public async Task<(byte[]? SignedData, Procedures.ApplicationRefusal? Refusal)?> SignDocumentAsync(
        Guid cardId, Pin pin, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!await ExistsAsync(cardId, cancellationToken))
            return null;
        using var chip = openChip(cardId);
        var card = new MynaCardClient(new EmulatorTransport(chip, "sandbox-slot"));
        DocumentSigning signing;
        try
        {
            signing = DocumentSigner.Sign(card, pin, content, clocks.Civil.GetUtcNow());
        }
        catch (CardCommandException)
        {
            // No signature certificate on the chip (never issued to a child, or revoked and removed).
            return (null, Procedures.ApplicationRefusal.NoSignatureCertificate);
        }
        return signing.SignedData is { } signed ? (signed, null) : (null, Procedures.ApplicationRefusal.Of(signing.Pin));
    }

    private async Task<bool> ExistsAsync(Guid cardId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<CardRecord>().AnyAsync(c => c.Id == cardId, cancellationToken);
    }

    private (SignedChallenge? Signed, LoginRefusal? Refusal) Sign(Guid cardId, Pin pin, byte[] challenge)
    {
        using var chip = openChip(cardId);
        var card = new MynaCardClient(new EmulatorTransport(chip, "sandbox-slot"));
        ChallengeSigning signing;
        try
        {
            signing = ChallengeSigner.Sign(card, pin, challenge);
        }
        catch (CardCommandException)
        {
            // The chip has no user-authentication certificate (never loaded, or removed when it was revoked).
            return (null, LoginRefusal.NoCertificate);
        }
        return signing.Signed is { } signed ? (signed, null) : (null, LoginRefusal.Of(signing.Pin));
    }
}
