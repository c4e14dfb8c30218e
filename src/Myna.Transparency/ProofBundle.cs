using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Myna.Transparency;

/// <summary>An entry with its leaf index and the hashes that prove it is in the tree of a checkpoint.</summary>
public sealed record ProvenEntry(long Index, byte[] Data, IReadOnlyList<MerkleHash> InclusionProof);

/// <summary>
/// What a holder downloads to check the log offline (docs/transparency-log.md): the log's verifier key, a signed
/// checkpoint, entries with their inclusion proofs in it, and optionally an older checkpoint with the proof that the
/// newer tree extends it.
/// </summary>
public sealed record ProofBundle(
    string Origin,
    string VerifierKey,
    string NewCheckpoint,
    IReadOnlyList<ProvenEntry> Entries,
    string? OldCheckpoint = null,
    IReadOnlyList<MerkleHash>? ConsistencyProof = null)
{
    // Relaxed: the checkpoints' em dashes and the base64's '+' stay readable; the file is data, never HTML.
    private static readonly JsonSerializerOptions JsonOptions =
        new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The JSON the offline verifier reads: hashes and entry data in base64, checkpoints as their signed note text.
    /// </summary>
    public string ToJson()
    {
        var json = new JsonObject
        {
            ["origin"] = Origin,
            ["verifier_key"] = VerifierKey,
            ["new_checkpoint"] = NewCheckpoint,
            ["entries"] = new JsonArray([.. Entries.Select(e => new JsonObject
            {
                ["index"] = e.Index,
                ["data"] = Convert.ToBase64String(e.Data),
                ["inclusion_proof"] = Hashes(e.InclusionProof),
            })]),
        };
        if (OldCheckpoint is not null)
        {
            json["old_checkpoint"] = OldCheckpoint;
            json["consistency_proof"] = Hashes(ConsistencyProof ?? []);
        }
        return json.ToJsonString(JsonOptions);
    }

    private static JsonArray Hashes(IEnumerable<MerkleHash> hashes) => new([.. hashes.Select(h => JsonValue.Create(h.ToBase64()))]);
}
