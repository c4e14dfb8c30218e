using Myna.Primitives.Text;

namespace Myna.Registry.Rules;

/// <summary>The three things on a card that expire, each on its own date (V1, V2, E2).</summary>
public enum ExpiringItem
{
    /// <summary>The card itself (個人番号カード).</summary>
    Card,

    /// <summary>The signature certificate (署名用電子証明書).</summary>
    SignatureCertificate,

    /// <summary>The user-authentication certificate (利用者証明用電子証明書).</summary>
    UserAuthenticationCertificate,
}

internal static class ExpiringItems
{
    public static LocalizedText Describe(this ExpiringItem item) => item switch
    {
        ExpiringItem.Card => new("カード", "the card"),
        ExpiringItem.SignatureCertificate => new("署名用電子証明書", "the signature certificate"),
        ExpiringItem.UserAuthenticationCertificate => new("利用者証明用電子証明書", "the user-authentication certificate"),
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, "Unknown expiring item."),
    };
}
