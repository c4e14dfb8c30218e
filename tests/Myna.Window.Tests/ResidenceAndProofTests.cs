using Myna.Registry.Applications;
using Myna.Registry.Rules;

namespace Myna.Window.Tests;

public class ResidenceAndProofTests : WindowTestBase
{
    [Fact]
    public async Task DeliveryToThe居所_NeedsASupportMeasureWithOne_Q7()
    {
        var resident = await H.RegisterAsync();
        var form = new CardApplicationForm(resident.Id, DeliverTo: DeliveryPlace.Residence);
        Assert.Equal("Q7", (await Window.ApplyForCardAsync(form, WindowHarness.Staff)).Refusal?.Rule);
        var recorded = (await Window.SetSupportMeasureAsync(resident.Id, true, "福島県郡山市某所１－１", WindowHarness.Staff)).Value;
        Assert.True(recorded.HasSupportMeasure);
        Assert.Equal(DeliveryPlace.Residence, (await Window.ApplyForCardAsync(form, WindowHarness.Staff)).Value.DeliverTo);
    }

    [Fact]
    public async Task AnAdultWard_GetsNoSignatureCertificate_P4()
    {
        var resident = await H.RegisterAsync();
        await Window.SetAdultWardAsync(resident.Id, true, WindowHarness.Staff);
        var outcome = await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id, ApplicantRole.LegalRepresentative, "後見 人"), WindowHarness.Staff);
        Assert.Equal("P4", outcome.Refusal?.Rule);
    }

    [Fact]
    public async Task Proofs_NotificationCardUntilDelivery_ThenTheCard_D2_D4()
    {
        var resident = await H.RegisterAsync(birthDate: new DateOnly(1980, 1, 1), registeredOn: new DateOnly(1980, 1, 1));
        var before = MunicipalWindow.ProofsOn((await Window.GetResidentFileAsync(resident.Id))!, Window.Today);
        Assert.True(Assert.Single(before).Proof.ProvesMyNumber); // D2: details unchanged since 2020-05-25

        var card = await H.IssueCardAsync(resident);
        var after = MunicipalWindow.ProofsOn((await Window.GetResidentFileAsync(resident.Id))!, Window.Today);
        var handedBack = Assert.Single(after, p => p.Id != card.Id).Proof;
        Assert.False(handedBack.ProvesMyNumber);
        Assert.Contains("D4", handedBack.Reason.English, StringComparison.Ordinal);
        var cardProof = Assert.Single(after, p => p.Id == card.Id).Proof;
        Assert.True(cardProof.ProvesIdentity && cardProof.ProvesMyNumber);
    }
}
