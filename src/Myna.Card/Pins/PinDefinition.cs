namespace Myna.Card.Pins;

/// <summary>A PIN object: its format and fixed retry maximum (P), and how a holder may change it (card-interface §3).</summary>
internal sealed record PinDefinition(ushort Fid, PinFormat Format, int MaxTries, PinChange Change, bool ShipsBlocked = false);

internal enum PinChange
{
    /// <summary>Only the issuer's SET PIN (a window procedure, P3).</summary>
    IssuerOnly,
    /// <summary>ISO CHANGE REFERENCE DATA <c>00 24 01 80</c> (JPKI, text AP).</summary>
    Iso,
    /// <summary>JICSAP CHANGE KEY <c>80 32 00 80</c> (住基, 共通).</summary>
    Jicsap,
}

/// <summary>
/// The retry maxima the chip fixes per PIN object (rules P, P3; docs/card.md §2). They match
/// <c>Myna.Primitives.PinPolicy.MaxTries</c>; a test keeps the two together.
/// </summary>
internal static class PinRetryLimits
{
    /// <summary>P: the signature password locks after 5 wrong entries.</summary>
    public const int Signature = 5;
    /// <summary>P: the user-authentication PIN locks after 3.</summary>
    public const int UserAuthentication = 3;
    /// <summary>P note: the guidebook says "some number"; the real card locks after 3.</summary>
    public const int TextInputAssist = 3;
    /// <summary>P note: 住基 and 共通 PINs lock after 3.</summary>
    public const int ResidentRegistry = 3;
    /// <summary>
    /// 照合番号A/B and the birth-date key: unknown on the real card (card-interface §3 [U]); ten is generous to holders
    /// and still bounded.
    /// </summary>
    public const int CollationNumber = 10;
}
