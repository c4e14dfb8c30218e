using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Myna.Portal.History;
using Myna.Server.Portal;

namespace Myna.Server.Pages.Portal;

/// <summary>
/// <c>/portal/history</c>: やりとり履歴 (U3.5), the exchanges of the holder's information, with the proofs to check them
/// offline and a way to flag one the holder does not recognise.
/// </summary>
public sealed class HistoryModel(ExchangeHistory history) : PageModel
{
    public IReadOnlyList<HistoryEntry> Entries { get; private set; } = [];

    /// <summary>The log's published checkpoint and key addresses.</summary>
    public string CheckpointPath => HistoryEndpoints.CheckpointPath;

    public string KeyPath => HistoryEndpoints.KeyPath;

    [BindProperty]
    public string? PreviousCheckpoint { get; set; }

    public bool Flagged { get; private set; }

    public async Task OnGetAsync()
    {
        Entries = await history.EntriesAsync(PortalEndpoints.HolderReference(HttpContext), HttpContext.RequestAborted);
    }

    /// <summary>The proof bundle to keep, with a consistency proof from the checkpoint the holder pasted, if any.</summary>
    public async Task<IActionResult> OnPostProofAsync()
    {
        try
        {
            var (content, name) = HistoryEndpoints.BundleFile(await history.ProveAsync(
                PortalEndpoints.HolderReference(HttpContext), HistoryEndpoints.CheckpointText(PreviousCheckpoint), HttpContext.RequestAborted));
            return File(content, "application/json", name);
        }
        catch (HistoryProofException)
        {
            ModelState.AddModelError(nameof(PreviousCheckpoint), Ui.Bilingual.T(
                "貼り付けたチェックポイントは、この履歴が署名したものではないか、履歴が巻き戻されています。",
                "The checkpoint pasted was not signed by this log, or the log has been rolled back."));
            await OnGetAsync();
            return Page();
        }
    }

    public async Task<IActionResult> OnPostFlagAsync(long index, string? note)
    {
        if (note is { Length: > Myna.Storage.History.ExchangeRecord.MaxFlagNoteLength })
            note = note[..Myna.Storage.History.ExchangeRecord.MaxFlagNoteLength];
        var found = await history.FlagAsync(PortalEndpoints.HolderReference(HttpContext), PortalAuthentication.AccountId(User)!.Value,
            index, note, HttpContext.RequestAborted);
        if (!found)
            return NotFound();
        Flagged = true;
        await OnGetAsync();
        return Page();
    }
}
