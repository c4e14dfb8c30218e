using Microsoft.AspNetCore.Mvc;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>The card handed back (返納) with its reason; its certificates are revoked.</summary>
public sealed class ReturnModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    [BindProperty]
    public CardReturnReason Reason { get; set; } = CardReturnReason.HolderRequest;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        if (Card is not { } card)
            return await RefusedAsync(NoCard, cancellationToken);
        var outcome = await Window.ReturnCardAsync(card.Id, Reason, Actor, cancellationToken);
        return await AfterAsync(outcome, _ => T($"カードの返納を受け付けました（{ReasonWords(Reason)}）。電子証明書は失効しました。",
            $"The card was handed back ({ReasonWords(Reason)}); its certificates are revoked."), cancellationToken);
    }

    /// <summary>A reason in words.</summary>
    public static string ReasonWords(CardReturnReason reason) => reason switch
    {
        CardReturnReason.HolderRequest => T("本人の申出（自主返納）", "at the holder's request"),
        CardReturnReason.Death => T("死亡", "death of the holder"),
        CardReturnReason.EmigrationAbroad => T("国外転出", "moving abroad"),
        CardReturnReason.LapsedOrExpired => T("失効・有効期限切れのカードの回収", "a lapsed or expired card collected"),
        _ => reason.ToString(),
    };
}
