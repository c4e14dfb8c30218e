using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Portal.History;
using Myna.Server.Security;
using Myna.Server.Staff;

namespace Myna.Server.Portal;

/// <summary>An entry of the holder's exchange history in the request's language.</summary>
public sealed record HistoryEntryView(long? Index, DateTimeOffset OccurredAt, string Kind, string Requester, string Provider, string Information, string Purpose, DateTimeOffset? FlaggedAt);

/// <summary>The checkpoint the holder kept from an earlier download, for a consistency proof to the log now.</summary>
public sealed record ProofRequest(string? PreviousCheckpoint);

/// <summary>A holder's word on an entry they do not recognise.</summary>
public sealed record FlagRequest(string? Note);

/// <summary>
/// やりとり履歴 (U3.5): the log's published checkpoint and key (anyone), the holder's entries, their proofs and flags
/// (the holder), and the municipality's queue of flagged entries (administrators).
/// </summary>
internal static class HistoryEndpoints
{
    /// <summary>Where the log's current signed checkpoint is published.</summary>
    public const string CheckpointPath = "/portal/history/checkpoint";

    /// <summary>Where the log's verifier key is published.</summary>
    public const string KeyPath = "/portal/history/key";

    /// <summary>The longest checkpoint a holder may bring.</summary>
    private const int MaxCheckpointLength = 4000;

    public static IEndpointRouteBuilder MapExchangeHistory(this IEndpointRouteBuilder endpoints)
    {
        var published = endpoints.MapGroup("").AllowAnonymous().AllowCrossSiteRequests().WithTags("Portal");
        published.MapGet(CheckpointPath, async (ExchangeHistory history, CancellationToken cancellationToken) =>
            TypedResults.Text(await history.CheckpointAsync(cancellationToken), "text/plain; charset=utf-8"));
        published.MapGet(KeyPath, (ExchangeHistory history) => TypedResults.Text(history.VerifierKey + "\n", "text/plain; charset=utf-8"));

        var holder = endpoints.MapGroup("/portal/api/me/history").RequireAuthorization(PortalAuthentication.HolderPolicy).WithTags("Portal");
        holder.MapGet("", async (HttpContext context, ExchangeHistory history) =>
        {
            var entries = await history.EntriesAsync(PortalEndpoints.HolderReference(context), context.RequestAborted);
            return TypedResults.Ok(entries.Select(View));
        });
        holder.MapGet("/proof", async (HttpContext context, ExchangeHistory history) => await ProofAsync(context, history, null));
        holder.MapPost("/proof", async (HttpContext context, ExchangeHistory history, ProofRequest request) =>
            await ProofAsync(context, history, request.PreviousCheckpoint));
        holder.MapPost("/{index:long}/flag", async Task<Results<NoContent, NotFound, ProblemHttpResult>> (long index, FlagRequest request, HttpContext context, ExchangeHistory history) =>
        {
            if (request.Note is { Length: > Myna.Storage.History.ExchangeRecord.MaxFlagNoteLength })
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Ui.Bilingual.T("入力が長すぎます。", "The input is too long."),
                    detail: Ui.Bilingual.T($"申出の内容は {Myna.Storage.History.ExchangeRecord.MaxFlagNoteLength} 文字以内で入力してください。",
                        $"The note has at most {Myna.Storage.History.ExchangeRecord.MaxFlagNoteLength} characters."),
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["note"] = ["too long"] } });
            var flagged = await history.FlagAsync(PortalEndpoints.HolderReference(context), PortalAuthentication.AccountId(context.User)!.Value,
                index, request.Note, context.RequestAborted);
            return flagged ? TypedResults.NoContent() : TypedResults.NotFound();
        });

        endpoints.MapGet("/api/history/flags", async (ExchangeHistory history, CancellationToken cancellationToken) =>
            TypedResults.Ok((await history.FlaggedAsync(cancellationToken)).Select(f => new
            {
                f.LeafIndex, ResidentId = f.HolderReference, f.OccurredAt, f.FlaggedAt, f.Note, Kind = f.Exchange.Kind,
                Requester = f.Exchange.Requester.Current, Provider = f.Exchange.Provider.Current, Information = f.Exchange.Information.Current,
            })))
            .RequireAuthorization(StaffPolicies.Administrator).WithTags("Window");
        return endpoints;
    }

    /// <summary>The entry in the request's language.</summary>
    public static HistoryEntryView View(HistoryEntry entry) => new(entry.LeafIndex, entry.OccurredAt, entry.Exchange.Kind,
        entry.Exchange.Requester.Current, entry.Exchange.Provider.Current, entry.Exchange.Information.Current, entry.Exchange.Purpose.Current, entry.FlaggedAt);

    /// <summary>The holder's proof bundle as a JSON file to keep (the form the offline verifiers read).</summary>
    private static async Task<IResult> ProofAsync(HttpContext context, ExchangeHistory history, string? previousCheckpoint)
    {
        try
        {
            var (content, name) = BundleFile(await history.ProveAsync(PortalEndpoints.HolderReference(context),
                CheckpointText(previousCheckpoint), context.RequestAborted));
            return TypedResults.File(content, "application/json", name);
        }
        catch (HistoryProofException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: Ui.Bilingual.T("チェックポイントを確認できません。", "The checkpoint cannot be used."),
                detail: Ui.Bilingual.T("お持ちのチェックポイントは、この履歴が署名したものではないか、履歴が巻き戻されています。", e.Message),
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["previousCheckpoint"] = [e.Message] } });
        }
    }

    /// <summary>A checkpoint as a holder pasted or sent it: bounded, with Unix line ends; null for none.</summary>
    internal static string? CheckpointText(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : (text.Length > MaxCheckpointLength ? text[..MaxCheckpointLength] : text).ReplaceLineEndings("\n");

    /// <summary>The bundle's file: its JSON, named after the tree size of its checkpoint.</summary>
    internal static (byte[] Content, string Name) BundleFile(HistoryProof proof) =>
        (System.Text.Encoding.UTF8.GetBytes(proof.Bundle.ToJson()), $"myna-history-{proof.TreeSize}.json");
}
