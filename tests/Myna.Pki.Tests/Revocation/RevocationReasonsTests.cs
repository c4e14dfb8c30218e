using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Revocation;

namespace Myna.Pki.Tests.Revocation;

public sealed class RevocationReasonsTests
{
    [Fact]
    public void ForCardLost_IsKeyCompromise_L1() =>
        Assert.Equal(X509RevocationReason.KeyCompromise, RevocationReasons.ForCardLost);

    [Fact]
    public void ForDetailsChanged_IsAffiliationChanged_M1() =>
        Assert.Equal(X509RevocationReason.AffiliationChanged, RevocationReasons.ForDetailsChanged);

    [Fact]
    public void ForReissue_IsSuperseded_L3() =>
        Assert.Equal(X509RevocationReason.Superseded, RevocationReasons.ForReissue);

    [Fact]
    public void ForCardLapsed_IsCessationOfOperation_V5() =>
        Assert.Equal(X509RevocationReason.CessationOfOperation, RevocationReasons.ForCardLapsed);

    [Fact]
    public void ForCardExpired_IsCessationOfOperation_V7() =>
        Assert.Equal(X509RevocationReason.CessationOfOperation, RevocationReasons.ForCardExpired);

    [Fact]
    public void ForCardReturned_IsCessationOfOperation() =>
        Assert.Equal(X509RevocationReason.CessationOfOperation, RevocationReasons.ForCardReturned);
}
