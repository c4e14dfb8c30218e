namespace Myna.Server.Portal.Oidc;

/// <summary>
/// The portal's single sign-on (configuration section <c>Myna:Portal:Oidc</c>): where its keys are kept and, in the
/// sandbox, the sample services registered at start.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Myna:Portal:Oidc";

    /// <summary>The RSA key (PKCS#8) that signs identity and access tokens; null: <c>keys/portal-oidc-signing.p8</c>, made at the first start.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The AES-256 key that encrypts what only the portal reads (codes); null: <c>keys/portal-oidc-encryption.key</c>.</summary>
    public string? EncryptionKeyFile { get; set; }

    /// <summary>The key of the pairwise subjects; null: <c>keys/portal-oidc-subject.key</c>. Changing it changes every service's <c>sub</c>.</summary>
    public string? SubjectKeyFile { get; set; }

    /// <summary>
    /// Sandbox only: the sample services' settings by client id (<c>Myna:Portal:Oidc:Clients:etax-sample:RedirectUris:0</c>);
    /// a sample not named here keeps its defaults (<see cref="OidcClients.Samples"/>).
    /// </summary>
    public Dictionary<string, OidcClientOptions> Clients { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>An outside service that logs holders in through the portal: a public client, code flow with PKCE (S256).</summary>
public sealed class OidcClientOptions
{
    /// <summary>The name the consent screen shows, in Japanese.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The name the consent screen shows, in English.</summary>
    public string? EnglishDisplayName { get; set; }

    /// <summary>Where the portal may send the browser back with a code (exact match).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>Where the portal may send the browser after the service's log-out (exact match).</summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];
}
