using Microsoft.AspNetCore.Mvc;
using Myna.Portal.Procedures;
using Myna.Server.Portal;
using Myna.Server.Ui;
using Myna.Storage.Portal;
using static Myna.Server.Ui.Bilingual;

namespace Myna.Server.Pages.Window;

/// <summary>
/// <c>/Window/OnlineApplications/{id}</c>: one application for review — what was filled in, its signature verified
/// again now (valid or why not; the signer and the signing time; "valid at signing, revoked since"), the way to the
/// resident's file, and the decision: accept or return it with a note to the applicant.
/// </summary>
public sealed class OnlineApplicationModel(OnlineApplications applications) : StaffPageModel
{
    public ApplicationReview Review { get; private set; } = null!;

    public OnlineApplication Application => Review.Application;

    [BindProperty]
    public string? Note { get; set; }

    public ApplicationErrors Errors { get; } = new();

    /// <summary>Why the signature does not verify now, in words (null when it does, or there is none).</summary>
    public ApplicationRefusal? Failure => Review.Verification?.Failure is { } failure ? ApplicationRefusal.Of(failure) : null;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, string? decision, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        if (decision is not ("accept" or "return"))
            return BadRequest();
        if (Note is { Length: > OnlineApplication.MaxNoteLength })
            return Shown(new ApplicationRefusal("invalid-note", new($"連絡事項は {OnlineApplication.MaxNoteLength} 文字以内で入力してください。",
                $"Write a note of at most {OnlineApplication.MaxNoteLength} characters."), "note"));
        var accept = decision == "accept";
        var outcome = await applications.DecideAsync(id, accept, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), Actor, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            await LoadAsync(id, cancellationToken);
            return Shown(refusal);
        }
        return outcome.Application is null
            ? NotFound()
            : Done(accept ? T("申請を受理しました。", "The application was accepted.") : T("申請を差し戻しました。", "The application was returned."),
                "/Window/OnlineApplication", new { id });
    }

    private IActionResult Shown(ApplicationRefusal refusal)
    {
        Errors.Add(refusal, field => field == "note" ? "decision-note" : null);
        Response.StatusCode = refusal.Code == ApplicationRefusal.AlreadyDecided.Code ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await applications.ReviewAsync(id, cancellationToken) is not { } review)
            return false;
        Review = review;
        return true;
    }
}
