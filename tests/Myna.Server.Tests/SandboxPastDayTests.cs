using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Myna.Issuance;
using Myna.Pki;
using Myna.Pki.Verification;
using Myna.Reader;
using Myna.Server.Authorities;
using Myna.Window;

namespace Myna.Server.Tests;

/// <summary>
/// A card issued on a sandbox day years before the real date, on a data directory made today: the authorities'
/// CA certificates of a sandbox cover every date the clock can show.
/// </summary>
public sealed class SandboxPastDayTests : IAsyncLifetime
{
    // Real time: 2026-11-26 10:30 in Japan; the data directory and its authorities are made now.
    private static readonly DateTimeOffset RealNow = new(2026, 11, 26, 1, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);
    private readonly MynaServer _server = new(realClock: new FakeTimeProvider(RealNow));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void SandboxAuthorities_AreValidFrom2000_To2109_WhateverTheDayTheyWereMade_Rfc5280_6_1_3()
    {
        var authorities = _server.Services.GetRequiredService<IssuingSystem>().Authorities;
        foreach (var authority in new[] { authorities.Signature, authorities.Authentication })
        {
            Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, Jst), new DateTimeOffset(authority.Certificate.NotBefore.ToUniversalTime()));
            Assert.Equal(new DateTimeOffset(2109, 12, 31, 23, 59, 59, Jst), new DateTimeOffset(authority.Certificate.NotAfter.ToUniversalTime()));
        }
        Assert.Equal(AuthoritiesServiceCollectionExtensions.SandboxAuthorityValidity.NotBefore, new DateTimeOffset(2000, 1, 1, 0, 0, 0, Jst));
    }

    [Fact]
    public async Task Deliver_OnASandboxDaySevenYearsBeforeTheRealDate_OnAFreshDataDirectory_Succeeds_CertificatesFromThatDay_OcspGood_V2_E2()
    {
        using var admin = await _server.SignedInAsync("admin", "admin-sandbox");
        using var window = await _server.SignedInAsync("window", "window-sandbox");
        // Monday 2019-06-03 10:00 Japan time, seven years before the data directory was made.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/clock", new { at = "2019-06-03T10:00" })).StatusCode);
        var issueInstant = new DateTimeOffset(2019, 6, 3, 10, 0, 0, Jst);

        var resident = await JsonAsync(await window.PostAsJsonAsync("/api/residents", new
        {
            municipality = "072036", familyName = "番号", givenName = "花子", familyNameKana = "バンゴウ", givenNameKana = "ハナコ",
            birthDate = "1990-05-10", sex = "Female", address = "福島県郡山市朝日一丁目２３番７号",
        }), HttpStatusCode.Created);
        var application = await JsonAsync(await window.PostAsJsonAsync("/api/applications", new { residentId = resident.GetProperty("id").GetString() }), HttpStatusCode.Created);
        var card = await JsonAsync(await window.PostAsJsonAsync($"/api/applications/{application.GetProperty("id").GetString()}/delivery",
            new { signature = "ABC123", userAuthentication = "1111", residentRegistry = "2222", textInputAssist = "3333" }), HttpStatusCode.Created);
        Assert.Equal("Active", card.GetProperty("state").GetString());
        var authentication = card.GetProperty("authenticationCertificate");
        Assert.Equal("2019-06-03", authentication.GetProperty("issuedOn").GetString());
        // V2: the 5th birthday after the issue day.
        Assert.Equal("2024-05-10", authentication.GetProperty("expiresOn").GetString());
        Assert.Equal("2019-06-03", card.GetProperty("signatureCertificate").GetProperty("issuedOn").GetString());

        // The certificates on the chip run from that sandbox instant, inside their CA's validity (the path builds then).
        using var chip = _server.Services.GetRequiredService<MunicipalWindow>().OpenCardChip(card.GetProperty("id").GetGuid());
        var reader = new MynaCardClient(new EmulatorTransport(chip));
        using var certificate = reader.ReadAuthenticationCertificate();
        using var ca = reader.ReadAuthenticationCaCertificate();
        Assert.Equal(issueInstant, new DateTimeOffset(certificate.NotBefore.ToUniversalTime()));
        Assert.Equal(new DateTimeOffset(2024, 5, 10, 23, 59, 59, Jst), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = issueInstant.AddMinutes(1).UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }

        // OCSP says good, by a strict relying party on the sandbox's clock: the answer is dated now (2019), and the
        // responder certificate that signs it is valid then, although the responder started in 2026.
        var clock = _server.Services.GetRequiredService<TimeProvider>();
        Assert.Equal(RevocationState.Good, (await OcspAsync(clock, ca, certificate, nonce: true)).State);
        Assert.Equal(RevocationState.Good, (await OcspAsync(clock, ca, certificate, nonce: false)).State);

        // Forward a year and back again: the cached answer of 2020 is not served in 2019.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/clock", new { advanceDays = 366 })).StatusCode);
        Assert.Equal(RevocationState.Good, (await OcspAsync(clock, ca, certificate, nonce: false)).State);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/clock", new { at = "2019-06-04T09:00" })).StatusCode);
        Assert.Equal(RevocationState.Good, (await OcspAsync(clock, ca, certificate, nonce: false)).State);
    }

    private async Task<RevocationCheck> OcspAsync(TimeProvider clock, X509Certificate2 issuer, X509Certificate2 certificate, bool nonce)
    {
        using var http = _server.CreateClient();
        // A new checker each time: its own cache would answer without asking.
        var checker = new OcspRevocationChecker(http, clock, new OcspCheckerOptions
        {
            ResponderUrl = new Uri(http.BaseAddress!, "/ocsp"),
            UseNonce = nonce,
            ClockSkew = TimeSpan.Zero,
        });
        var check = await checker.CheckAsync(new RevocationQuery(JpkiHierarchy.UserAuthentication, issuer, certificate.SerialNumber));
        Assert.True(check.State == RevocationState.Good, check.Detail);
        return check;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode} {response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
