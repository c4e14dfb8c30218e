using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Cli.Output;
using Myna.Pki;
using Myna.Pki.Verification;
using Myna.Primitives.Text;

namespace Myna.Cli.Verification;

/// <summary>
/// Where the commands that check certificates take trust and revocation status from: <c>--server URL</c> (a Myna
/// server: its CA certificates under <c>/ca</c>, its OCSP responder at <c>/ocsp</c>), <c>--ocsp URL</c>, <c>--crl</c>
/// (the directory URL of <c>signature.crl</c> and <c>authentication.crl</c>, or a CRL file), and <c>--sign-ca</c> /
/// <c>--auth-ca</c> for the trust anchors. With no status source the check is offline: chain and signature only, and
/// the answer says that the status was not checked.
/// </summary>
internal sealed class StatusSources(CliContext context)
{
    public Option<string?> Server { get; } = new("--server")
    {
        Description = context.Help(
            "Mynaサーバー: その認証局の証明書（/ca/…）を信頼し、--ocsp も --crl もなければそのOCSPレスポンダー（/ocsp）に失効を問い合わせます。",
            "A Myna server: trust its CA certificates (/ca/…) and ask its OCSP responder (/ocsp) unless --ocsp or --crl is given."),
    };

    public Option<string?> Ocsp { get; } = new("--ocsp") { Description = context.Help(
        "OCSPレスポンダーのURL（RFC 6960、nonce付き）。",
        "An OCSP responder's URL (RFC 6960, with a nonce).") };

    public Option<string?> Crl { get; } = new("--crl")
    {
        Description = context.Help(
            "失効リスト（CRL）: signature.crl と authentication.crl を置いたディレクトリのURL、またはCRLのファイル（DER）。",
            "CRLs: the URL of the directory holding signature.crl and authentication.crl, or a CRL file (DER)."),
    };

    public IEnumerable<Option> Options => [Server, Ocsp, Crl];

    public void AddTo(Command command)
    {
        foreach (var option in Options)
            command.Options.Add(option);
    }

    /// <summary>The server's base URL, or null; a problem when it is not an http(s) URL.</summary>
    public Uri? ServerUrl(ParseResult parse, out CliProblem? problem) => Url(parse.GetValue(Server), "--server", directory: true, out problem);

    /// <summary>
    /// The revocation checker the options name, or null for offline (with <paramref name="problem"/> null), or null
    /// with a problem when an option is wrong.
    /// </summary>
    public IRevocationChecker? Checker(ParseResult parse, HttpClient http, TimeProvider clock, out CliProblem? problem)
    {
        var server = ServerUrl(parse, out problem);
        if (problem is not null)
            return null;
        if (parse.GetValue(Ocsp) is { } ocspText)
        {
            if (Url(ocspText, "--ocsp", directory: false, out problem) is not { } ocsp)
                return null;
            return new OcspRevocationChecker(http, clock, new OcspCheckerOptions { ResponderUrl = ocsp });
        }
        if (parse.GetValue(Crl) is { } crl)
        {
            if (File.Exists(crl))
            {
                var bytes = File.ReadAllBytes(crl);
                return new CrlRevocationChecker((_, _) => ValueTask.FromResult(bytes), clock);
            }
            if (Url(crl, "--crl", directory: true, out problem) is not { } directory)
                return null;
            return new CrlRevocationChecker(new Dictionary<JpkiHierarchy, Uri>
            {
                [JpkiHierarchy.Signature] = new(directory, "signature.crl"),
                [JpkiHierarchy.UserAuthentication] = new(directory, "authentication.crl"),
            }, http, clock);
        }
        return server is null ? null : new OcspRevocationChecker(http, clock, new OcspCheckerOptions { ResponderUrl = new Uri(server, "ocsp") });
    }

    /// <summary>The two CA certificates of a server (<c>GET /ca/signature.cer</c>, <c>/ca/authentication.cer</c>).</summary>
    /// <exception cref="HttpRequestException">The server did not answer them.</exception>
    /// <exception cref="CryptographicException">What it answered is not a certificate.</exception>
    public static async Task<(X509Certificate2 Signature, X509Certificate2 Authentication)> FetchAuthoritiesAsync(
        HttpClient http, Uri server, CancellationToken cancellationToken)
    {
        var signature = await http.GetByteArrayAsync(new Uri(server, "ca/signature.cer"), cancellationToken);
        var authentication = await http.GetByteArrayAsync(new Uri(server, "ca/authentication.cer"), cancellationToken);
        return (X509CertificateLoader.LoadCertificate(signature), X509CertificateLoader.LoadCertificate(authentication));
    }

    /// <summary>A certificate file, PEM or DER; null with the problem when it is neither.</summary>
    public static X509Certificate2? LoadCertificate(FileInfo file, string option, out CliProblem? problem)
    {
        problem = null;
        if (!file.Exists)
        {
            problem = CliWords.NoSuchFile(file.FullName);
            return null;
        }
        try
        {
            var bytes = File.ReadAllBytes(file.FullName);
            return bytes.AsSpan().StartsWith("-----BEGIN"u8)
                ? X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(bytes))
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (CryptographicException)
        {
            problem = new CliProblem(ExitCodes.BadInput, "bad-input",
                new($"{option}: {file.FullName} は証明書（PEM または DER）ではありません。", $"{option}: {file.FullName} is not a certificate (PEM or DER)."));
            return null;
        }
    }

    /// <summary>The problem for a server that did not answer.</summary>
    public static CliProblem Unreachable(Uri url, string detail) => new(ExitCodes.ServerUnreachable, "server-unreachable",
        new($"{url} に接続できません（{detail}）。", $"cannot reach {url} ({detail})."),
        new("URL とサーバーが起動していることを確かめてください。状態を確認せずに検証するには、--server、--ocsp、--crl を付けずに実行します。",
            "check the URL and that the server runs; without --server, --ocsp and --crl the check runs offline (no status)."));

    private static Uri? Url(string? text, string option, bool directory, out CliProblem? problem)
    {
        problem = null;
        if (text is null)
            return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            problem = new CliProblem(ExitCodes.BadInput, "bad-input",
                new($"{option}: http または https の URL を指定してください。", $"{option}: an http or https URL."));
            return null;
        }
        return directory && !url.AbsolutePath.EndsWith('/') ? new Uri(url + "/") : url;
    }
}

/// <summary>How a certificate's revocation status is told, the same in <c>card show</c> and <c>verify</c>.</summary>
internal static class StatusWords
{
    public static LocalizedText Of(RevocationCheck? check) => check switch
    {
        null => new("未確認（--server、--ocsp または --crl で確認します）", "not checked (--server, --ocsp or --crl checks it)"),
        { State: RevocationState.Good } => new($"失効していません（{check.Source}）", $"not revoked ({check.Source})"),
        { State: RevocationState.Revoked } => new(
            $"失効しています（{check.RevokedAt?.ToOffset(Primitives.JapanClock.Offset):yyyy-MM-dd HH:mm} 日本時間、{check.Source}）",
            $"revoked ({check.RevokedAt?.ToOffset(Primitives.JapanClock.Offset):yyyy-MM-dd HH:mm} JST, {check.Source})"),
        _ => new($"確認できません: {check.Detail}", $"could not be checked: {check.Detail}"),
    };

    /// <summary>The status in <c>--json</c>: <c>good</c>, <c>revoked</c>, <c>unavailable</c> or <c>not-checked</c>.</summary>
    public static object View(RevocationCheck? check) => check is null
        ? new { state = "not-checked" }
        : new { state = check.State.ToString().ToLowerInvariant(), source = check.Source, revokedAt = check.RevokedAt, reason = check.Reason?.ToString(), detail = check.Detail };
}
