using System.Globalization;

namespace Myna.OcspLoad;

/// <summary>
/// The command line: <c>--dir DIR --port P [--certificates N] [--revoke-every K] [--nonce yes|no] [--nonces presigned|echo]</c>.
/// </summary>
internal sealed record LoadOptions(string Directory, int Port, int Certificates, int RevokeEvery, bool Nonce = false,
    Myna.Pki.Ocsp.OcspNonceHandling Nonces = Myna.Pki.Ocsp.OcspNonceHandling.PreSigned)
{
    public const string Usage =
        "usage: Myna.OcspLoad --dir DIR --port PORT [--certificates N (1000)] [--revoke-every K (10)] [--nonce yes|no (no)] [--nonces presigned|echo (presigned)]";

    /// <summary>Reads the arguments; null (with <paramref name="error"/>) when they are not usable.</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? directory = null;
        int? port = null;
        var certificates = 1000;
        var revokeEvery = 10;
        var nonce = false;
        var nonces = Myna.Pki.Ocsp.OcspNonceHandling.PreSigned;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                error = $"{args[i]} needs a value.";
                return null;
            }
            var value = args[i + 1];
            switch (args[i])
            {
                case "--dir":
                    directory = value;
                    break;
                case "--port" when Number(value, 1, 65535) is { } p:
                    port = p;
                    break;
                case "--certificates" when Number(value, 1, 1_000_000) is { } n:
                    certificates = n;
                    break;
                case "--revoke-every" when Number(value, 2, int.MaxValue) is { } k:
                    revokeEvery = k;
                    break;
                case "--nonce" when value is "yes" or "no":
                    nonce = value == "yes";
                    break;
                case "--nonces" when value is "presigned" or "echo":
                    nonces = value == "echo" ? Myna.Pki.Ocsp.OcspNonceHandling.Echo : Myna.Pki.Ocsp.OcspNonceHandling.PreSigned;
                    break;
                default:
                    error = $"Unknown option or value out of range: {args[i]} {value}";
                    return null;
            }
        }
        if (string.IsNullOrWhiteSpace(directory) || port is null)
        {
            error = "--dir and --port are required.";
            return null;
        }
        error = null;
        return new LoadOptions(directory, port.Value, certificates, revokeEvery, nonce, nonces);
    }

    private static int? Number(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}
