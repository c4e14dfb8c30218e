using Microsoft.AspNetCore.Mvc;
using Myna.Window;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window.Residents;

/// <summary>
/// Q7: a support measure (DV等支援措置) turned on or off, with the 居所 where the card and its notices are sent instead of
/// the registered address.
/// </summary>
public sealed class SupportMeasureModel(MunicipalWindow window) : ResidentProcedurePageModel(window)
{
    /// <summary>Whether the measure is in force.</summary>
    [BindProperty]
    public bool Active { get; set; }

    /// <summary>The 居所 (the place the holder actually lives); only kept while the measure is in force.</summary>
    [BindProperty]
    public string? Residence { get; set; }

    public override async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
            return NotFound();
        Active = Resident.HasSupportMeasure;
        Residence = Resident.Residence;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await Window.SetSupportMeasureAsync(Id, Active, Residence, Actor, cancellationToken);
        return await AfterAsync(outcome, resident => !resident.HasSupportMeasure
            ? T("支援措置を解除しました。カードは住所へ送付します（Q7）。", "The support measure was lifted: cards go to the registered address (Q7).")
            : resident.Residence is { } place
                ? T($"支援措置を記録しました。居所: {place}（Q7）。", $"The support measure was recorded; 居所: {place} (Q7).")
                : T("支援措置を記録しました。居所は登録されていません（Q7）。", "The support measure was recorded; no 居所 registered (Q7)."), cancellationToken);
    }
}
