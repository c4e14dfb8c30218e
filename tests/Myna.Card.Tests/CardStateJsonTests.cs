using Myna.Card.Image;

namespace Myna.Card.Tests;

public class CardStateJsonTests
{
    [Fact]
    public void UnsetPin_StaysUnset_ThroughTheImage()
    {
        var state = new CardState();
        var ap = new ApplicationState();
        ap.Pins[0x1B] = new PinState { Reference = null, TriesLeft = 5 };
        ap.Pins[0x18] = new PinState { Reference = "1234"u8.ToArray(), TriesLeft = 3 };
        state.Applications.Add(ap);
        var back = CardState.Deserialize(state.Serialize()).Applications[0].Pins;
        Assert.Null(back[0x1B].Reference);
        Assert.Equal("1234"u8.ToArray(), back[0x18].Reference);
    }
}
