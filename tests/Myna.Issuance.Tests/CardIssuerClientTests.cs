using Myna.Card;
using Myna.Card.Apdu;
using Myna.Card.Tests;
using Myna.Issuance.Personalization;
using Myna.Reader;

namespace Myna.Issuance.Tests;

/// <summary>The issuing system's client of the issuer commands; the chip's side is tested in Myna.Card.Tests.</summary>
public class CardIssuerClientTests
{
    [Fact]
    public void NonSuccess_ThrowsCardCommandExceptionWithoutData()
    {
        using var card = TestCards.PersonalisedCard();
        var issuer = new CardIssuerClient(new EmulatorTransport(card));
        issuer.Select(CardApplication.Jpki);
        var ex = Assert.Throws<CardCommandException>(() => issuer.PutFile(0x000C, [1, 2, 3]));
        Assert.Equal(StatusWord.SecurityStatusNotSatisfied, ex.StatusWord);
        Assert.Equal("PUT FILE failed: the card answered 6982.", ex.Message);
    }
}
