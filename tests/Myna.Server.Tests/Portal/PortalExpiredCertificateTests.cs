using System.Net;
using System.Net.Http.Json;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests.Portal;

/// <summary>
/// A login with a user-authentication certificate past its validity (the sandbox clock moved beyond it) is refused
/// as expired, and changes nothing; a class of its own because it moves the sandbox's date.
/// </summary>
public sealed class PortalExpiredCertificateTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    [Fact]
    public async Task ExpiredCertificate_IsRefused_NamingTheRenewal_U3_1_V2()
    {
        var (_, card) = await _api.ResidentWithCardAsync();
        var certificate = (await _api.CardAsync(Id(card))).GetProperty("authenticationCertificate");
        var expiresOn = Date(certificate.GetProperty("expiresOn"));
        await _api.SetDateAsync(expiresOn.AddDays(1));

        using var browser = fixture.Server.CreateClient();
        var started = await JsonAsync(await browser.PostAsync("/portal/api/logins", null), HttpStatusCode.Created);
        using var slot = fixture.Server.CreateClient();
        var problem = await Problems.ReadAsync(await slot.PostAsJsonAsync($"/portal/api/sandbox/cards/{Id(card)}/answer",
            new { code = started.GetProperty("code").GetString(), pin = "1111" }), HttpStatusCode.Forbidden);
        Assert.Equal("expired", problem.GetProperty("reason").GetString());
        Assert.Contains("Renew", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var status = await JsonAsync(await browser.GetAsync($"/portal/api/logins/{started.GetProperty("id").GetGuid()}"), HttpStatusCode.OK);
        Assert.Equal("Failed", status.GetProperty("progress").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/portal/api/me")).StatusCode);
    }
}
