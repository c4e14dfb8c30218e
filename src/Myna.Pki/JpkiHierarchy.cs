namespace Myna.Pki;

/// <summary>
/// The two JPKI certificate hierarchies (公的個人認証サービス), each a one-tier root that issues one kind of
/// end-entity certificate (card-interface §6 "CA certificates", E1).
/// </summary>
public enum JpkiHierarchy
{
    /// <summary>Signature certificates (署名用電子証明書), card EF 0001 / CA EF 0002.</summary>
    Signature = 1,

    /// <summary>User-authentication certificates (利用者証明用電子証明書), card EF 000A / CA EF 000B.</summary>
    UserAuthentication = 2,
}
