namespace Myna.Pki;

/// <summary>
/// The municipality (市区町村) that issues a card, in the romaji the certificates use: the signature
/// subject's two <c>L=</c> and both certificates' CRL distribution-point name (card-interface §6).
/// </summary>
/// <param name="PrefectureRomaji">Prefecture with its suffix, e.g. <c>Fukushima-ken</c>, <c>Tokyo-to</c>.</param>
/// <param name="CityRomaji">City with its suffix, e.g. <c>Koriyama-shi</c>, <c>Kiyose-shi</c>.</param>
public sealed record JpkiMunicipality(string PrefectureRomaji, string CityRomaji)
{
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(PrefectureRomaji);
        ArgumentException.ThrowIfNullOrWhiteSpace(CityRomaji);
    }
}
