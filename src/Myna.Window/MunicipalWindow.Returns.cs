using Myna.Pki.Revocation;
using Myna.Registry.Cards;
using Myna.Storage.Audit;

namespace Myna.Window;

/// <summary>Why a card comes back to the municipality (返納), as the window's return form records it.</summary>
public enum CardReturnReason
{
    /// <summary>The holder no longer wants the card (自主返納).</summary>
    HolderRequest,

    /// <summary>The holder died; a relative hands the card in (死亡).</summary>
    Death,

    /// <summary>The holder moves abroad (国外転出).</summary>
    EmigrationAbroad,

    /// <summary>A lapsed or expired card is collected (失効・有効期限切れ).</summary>
    LapsedOrExpired,
}

// The return of a card with its reason (the staff pages' return form, issue 5).
public sealed partial class MunicipalWindow
{
    /// <summary>
    /// The card is handed back (返納), for <paramref name="reason"/> when the form gave one: it ends, its certificates
    /// are revoked (cessationOfOperation), and the audit entry says why.
    /// </summary>
    public async Task<WindowOutcome<CardRecord>> ReturnCardAsync(
        Guid cardId, CardReturnReason? reason, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (reason is { } given && !Enum.IsDefined(given))
            return Refusal.Invalid("Unknown reason for the return.");
        var today = Today;
        await using var db = _contexts.CreateDbContext();
        var card = await FindCardAsync(db, cardId, cancellationToken);
        if (card is null)
            return Refusal.NotFound("No such card.");
        IReadOnlyList<CardCertificate> ending = [];
        if (Guard(() => ending = card.Return(today)) is { } refused)
            return refused;
        if (await ClaimAsync(db, cancellationToken, card) is { } conflict)
            return conflict;
        Revoke(ending, RevocationReasons.ForCardReturned);
        Audit(db, actor, "card.returned", CardSubject(card.Id),
            reason is null ? "handed back (返納); certificates revoked" : $"handed back (返納), reason {reason}; certificates revoked");
        return await SaveAsync(db, cancellationToken) ?? WindowOutcome<CardRecord>.Success(card);
    }
}
