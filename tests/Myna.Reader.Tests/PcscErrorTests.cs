using Myna.Reader.Pcsc;

namespace Myna.Reader.Tests;

public sealed class PcscErrorTests
{
    [Fact]
    public void NoService_SaysPcscdMayNotRun()
    {
        var e = PcscError.ToException("SCardEstablishContext", PcscError.NoService);
        Assert.Equal("No smart card reader service (SCARD_E_NO_SERVICE): is pcscd running?", e.Message);
    }

    [Theory]
    [InlineData(PcscError.NoSmartcard, "SCARD_E_NO_SMARTCARD")]
    [InlineData(PcscError.RemovedCard, "SCARD_W_REMOVED_CARD")]
    [InlineData(0x80100099u, "0x80100099")]
    public void OtherCodes_AreNamed(uint code, string name)
    {
        Assert.Contains(name, PcscError.ToException("SCardTransmit", code).Message, StringComparison.Ordinal);
    }
}
