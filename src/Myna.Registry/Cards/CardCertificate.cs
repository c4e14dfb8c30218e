using Myna.Pki;

namespace Myna.Registry.Cards;

/// <summary>
/// A certificate loaded on a card, as the registry refers to it: the authority's own records (Myna.Pki's
/// certificate registry) hold the certificate and its revocation; the card holds the reference.
/// </summary>
/// <param name="Hierarchy">Signature or user authentication.</param>
/// <param name="SerialNumber">Upper-case hex, as the authority records it.</param>
/// <param name="IssuedOn">The Japan date of issue.</param>
/// <param name="ExpiresOn">The last valid day (E2: the 5th birthday, never after the card).</param>
public sealed record CardCertificate(JpkiHierarchy Hierarchy, string SerialNumber, DateOnly IssuedOn, DateOnly ExpiresOn);

/// <summary>An entry in the card's endorsement area (追記欄, C1, M1).</summary>
/// <param name="Line">1-based line in the area.</param>
/// <param name="WrittenOn">The Japan date it was written.</param>
/// <param name="Text">What was written, e.g. <c>2026年4月1日 住所変更 福島県郡山市…</c>.</param>
public sealed record Endorsement(int Line, DateOnly WrittenOn, string Text);
