using Myna.Issuance;
using Myna.Primitives.Hosting;
using Myna.Transparency.Notes;

namespace Myna.Server.Portal;

/// <summary>
/// The exchange history's signing key (an Ed25519 signed-note key) in the data directory (<c>keys/history-log.key</c>,
/// owner-only): made at the first start, named after the log's origin, and kept: the origin and the published verifier
/// key stay the same for the log's whole life, so holders' saved checkpoints keep verifying.
/// </summary>
internal static class HistoryLogKey
{
    /// <summary>The key in the data directory, made with <paramref name="origin"/> as its name if there is none yet.</summary>
    public static NoteSigner LoadOrCreate(MynaHome home, string origin)
    {
        var path = home.HistoryLogKeyPath;
        var key = KeyFiles.LoadOrCreateText(path, () => NoteSigner.Generate(origin).RevealSignerKey());
        try
        {
            return NoteSigner.Parse(key);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{path} is not a signed-note signer key; restore it from the backup of the data directory.", e);
        }
    }

    /// <summary>The origin of a new log: the host of the server's public address, then the log's path.</summary>
    public static string DefaultOrigin(Uri? publicBaseUrl) => (publicBaseUrl?.Host ?? "localhost") + "/portal/history";
}
