namespace Myna.Primitives;

/// <summary>
/// The four basic details (基本4情報) of a person, as the card's text AP, the card face and the signature
/// certificate carry them (C1, E1).
/// </summary>
/// <param name="Name">Full name in kanji, family and given name separated by U+3000 (e.g. <c>番号　花子</c>).</param>
/// <param name="Address">Address from the prefecture on, no postcode (e.g. <c>福島県郡山市朝日一丁目２３番７号</c>).</param>
/// <param name="BirthDate">Date of birth (Gregorian).</param>
/// <param name="Sex">Sex.</param>
public sealed record BasicFourInformation(string Name, string Address, DateOnly BirthDate, Sex Sex)
{
    /// <summary>The family name: the part of <see cref="Name"/> before the ideographic space.</summary>
    public string FamilyName => Name.Split('\u3000', 2)[0];

    /// <summary>The given name: the part after the ideographic space (empty when there is none).</summary>
    public string GivenName => Name.Split('\u3000', 2) is [_, var given] ? given : "";
}
