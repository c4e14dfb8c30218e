using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using static Myna.Cluster.Tests.Answers;

namespace Myna.Cluster.Tests;

/// <summary>
/// Several servers on one database, as a municipality runs them behind a proxy (docs/operations.md): a revocation made
/// through one is in the other's OCSP answers and CRL within the stated bound (each process asked directly), CRL numbers
/// of both rise strictly, a daily job runs in one process and is taken over when that process is killed, and requests
/// through the proxy reach both.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SeveralServersTests(ClusterFixture cluster)
{
    /// <summary>The revocation bound docs/operations.md states (a 1 s poll, a look, a CRL signature).</summary>
    private static readonly TimeSpan RevocationBound = TimeSpan.FromSeconds(2);

    /// <summary>The CRL's bound docs/operations.md states (the signer's look, a signature, the others' look at the stored CRL).</summary>
    private static readonly TimeSpan CrlBound = TimeSpan.FromSeconds(3);

    /// <summary>The lease takeover bound docs/operations.md states (a daily job's 5 s check, with room for a busy machine).</summary>
    private static readonly TimeSpan TakeoverBound = TimeSpan.FromSeconds(10);

    private static readonly object Pins = new { signature = "ABC123", userAuthentication = "1111", residentRegistry = "2222", textInputAssist = "3333" };

    [Fact]
    public async Task Suspension_ThroughOneServer_IsInTheOthersOcspAnswerAndCrl_WithinTheBound()
    {
        using var window = await SignedInAsync(cluster.A, "window", "window-sandbox");
        using var callCentre = await SignedInAsync(cluster.A, "callcentre", "callcentre-sandbox");
        var (cardId, serial) = await CardAsync(window);
        // Issued through A: B answers for the new certificate within the bound too (not "unknown").
        Assert.True(await WithinAsync(RevocationBound, async () => await OcspStatusAsync(cluster.B, serial) == "good"),
            "B did not learn of the certificate A issued.");

        using (var suspended = await callCentre.PostAsync($"api/cards/{cardId}/suspension", null))
            Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        var since = Stopwatch.StartNew();

        Assert.True(await WithinAsync(RevocationBound, async () => await OcspStatusAsync(cluster.B, serial) == "revoked"),
            $"B's OCSP answer still says good {since.Elapsed.TotalSeconds:0.0} s after the suspension through A.");
        Assert.True(await WithinAsync(CrlBound - since.Elapsed, async () => (await CrlAsync(cluster.B)).GetRevokedCertificate(new BigInteger(serial, 16)) is not null),
            $"B's CRL does not list the certificate {since.Elapsed.TotalSeconds:0.0} s after the suspension through A.");
        // And A, which made the change: its OCSP answer at once, its CRL once the signer stored it (at once if A signs).
        Assert.Equal("revoked", await OcspStatusAsync(cluster.A, serial));
        Assert.True(await WithinAsync(CrlBound, async () => (await CrlAsync(cluster.A)).GetRevokedCertificate(new BigInteger(serial, 16)) is not null),
            "A's CRL does not list the certificate.");
    }

    [Fact]
    public async Task CrlNumbers_OfBothServers_RevokingAtOnce_StrictlyIncrease()
    {
        using var windowA = await SignedInAsync(cluster.A, "window", "window-sandbox");
        using var callCentreA = await SignedInAsync(cluster.A, "callcentre", "callcentre-sandbox");
        using var callCentreB = await SignedInAsync(cluster.B, "callcentre", "callcentre-sandbox");
        var (first, firstSerial) = await CardAsync(windowA);
        var (second, secondSerial) = await CardAsync(windowA);
        await Task.Delay(RevocationBound);
        // Watch both servers' CRLs while each revokes at the same moment: the signer re-issues for its own revocation and
        // for the other's, and both serve what it stored.
        using var watching = new CancellationTokenSource();
        var seen = new List<(string Node, System.Numerics.BigInteger Number, string Der)>();
        var watch = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                foreach (var node in cluster.Nodes)
                {
                    var crl = await CrlAsync(node);
                    seen.Add((node.Name, CrlNumber(crl), Convert.ToHexString(crl.GetEncoded())));
                }
                await Task.Delay(20);
            }
        });

        var revocations = await Task.WhenAll(
            callCentreA.PostAsync($"api/cards/{first}/suspension", null),
            callCentreB.PostAsync($"api/cards/{second}/suspension", null));
        Assert.All(revocations, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(await WithinAsync(CrlBound * 2, async () =>
        {
            foreach (var node in cluster.Nodes)
            {
                var crl = await CrlAsync(node);
                if (crl.GetRevokedCertificate(new BigInteger(firstSerial, 16)) is null || crl.GetRevokedCertificate(new BigInteger(secondSerial, 16)) is null)
                    return false;
            }
            return true;
        }), "Both CRLs did not come to list both revocations.");
        // Let the last CRL reach both servers before the last look.
        await Task.Delay(CrlBound);
        await watching.CancelAsync();
        await watch;

        // No two different CRLs ever carried one number, and each server's numbers only rose.
        foreach (var group in seen.GroupBy(s => s.Number))
            Assert.Single(group.Select(s => s.Der).Distinct());
        foreach (var node in seen.GroupBy(s => s.Node))
        {
            var numbers = node.Select(s => s.Number).ToList();
            Assert.Equal(numbers.Order(), numbers);
        }
        // One server signs (the holder of the lease crl-publisher): both end serving its last CRL, the database's number.
        var finalA = CrlNumber(await CrlAsync(cluster.A));
        var finalB = CrlNumber(await CrlAsync(cluster.B));
        Assert.Equal(finalA, finalB);
        Assert.Equal(finalA, await StoredCrlNumberAsync("UserAuthentication"));
        foreach (var r in revocations)
            r.Dispose();
    }

    [Fact]
    public async Task DailyJob_RunsInOneServer_AndWhenItsHolderIsKilled_TheOtherTakesItOver()
    {
        const string Line = "holds the lease daily-sweep";
        Assert.True(await WithinAsync(TakeoverBound, () => Task.FromResult(cluster.Nodes.Any(n => HasLine(n, Line)))),
            "No server took the daily sweep's lease.");
        var holder = Assert.Single(cluster.Nodes, n => HasLine(n, Line));
        var other = cluster.Nodes.Single(n => n != holder);

        holder.Kill();
        var since = Stopwatch.StartNew();

        Assert.True(await WithinAsync(TakeoverBound, () => Task.FromResult(HasLine(other, Line))),
            $"Server {other.Name} did not take the daily sweep over within {TakeoverBound.TotalSeconds} s of {holder.Name}'s death.");
        // The proxy sends every request to the survivor meanwhile.
        using (var client = new HttpClient { BaseAddress = cluster.Proxy.BaseAddress })
        {
            for (var i = 0; i < 4; i++)
            {
                using var response = await client.GetAsync("health");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(other.Name, response.Headers.GetValues(Proxy.ServedBy).Single());
            }
        }

        // Back in service, the restarted server stands by: the lease stays where it is.
        await holder.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.False(HasLine(holder, Line), $"Restarted server {holder.Name} took a lease that {other.Name} holds.");
    }

    [Fact]
    public async Task RequestsThroughTheProxy_ReachBothServers_WithOneSessionAndOneDatabase()
    {
        await WaitForBothUpAsync();
        using var window = await SignedInAsync(cluster.Proxy.BaseAddress, "window", "window-sandbox");
        var resident = Id(await JsonAsync(await window.PostAsJsonAsync("api/residents", Resident()), HttpStatusCode.Created));

        var servedBy = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await window.GetAsync($"api/residents/{resident}");
            // The staff session signed in through one server is good on the other; both read the resident.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            servedBy.Add(response.Headers.GetValues(Proxy.ServedBy).Single());
        }

        Assert.Equal(["a", "b"], servedBy.Order());
    }

    private async Task WaitForBothUpAsync()
    {
        // After a restart the proxy's health check needs two good answers (rise 2) before it sends to the server again.
        using var client = new HttpClient { BaseAddress = cluster.Proxy.BaseAddress };
        var served = new HashSet<string>();
        await WithinAsync(TimeSpan.FromSeconds(15), async () =>
        {
            using var response = await client.GetAsync("health");
            served.Add(response.Headers.GetValues(Proxy.ServedBy).Single());
            return served.Count == 2;
        });
    }

    private static bool HasLine(ServerNode node, string text) => node.Log.Any(l => l.Contains(text, StringComparison.Ordinal));

    private static Task<HttpClient> SignedInAsync(ServerNode node, string user, string password) => SignedInAsync(node.BaseAddress, user, password);

    private static async Task<HttpClient> SignedInAsync(Uri baseAddress, string user, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        using var response = await client.PostAsJsonAsync("api/session", new { userName = user, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    private static Dictionary<string, object?> Resident() => new()
    {
        ["municipality"] = "072036", ["familyName"] = "番号", ["givenName"] = "花子", ["familyNameKana"] = "バンゴウ",
        ["givenNameKana"] = "ハナコ", ["birthDate"] = new DateOnly(1990, 5, 10), ["sex"] = "Female",
        ["address"] = "福島県郡山市朝日一丁目２３番７号",
    };

    /// <summary>A new resident's card, issued through <paramref name="window"/>: its id and its user-authentication certificate's serial.</summary>
    private static async Task<(Guid Card, string Serial)> CardAsync(HttpClient window)
    {
        var resident = Id(await JsonAsync(await window.PostAsJsonAsync("api/residents", Resident()), HttpStatusCode.Created));
        var applied = await JsonAsync(await window.PostAsJsonAsync("api/applications", new { residentId = resident }), HttpStatusCode.Created);
        var card = await JsonAsync(await window.PostAsJsonAsync($"api/applications/{Id(applied)}/delivery", Pins), HttpStatusCode.Created);
        return (Id(card), card.GetProperty("authenticationCertificate").GetProperty("serialNumber").GetString()!);
    }

    /// <summary>The status <paramref name="node"/>'s OCSP responder gives the user-authentication certificate: good, revoked or unknown.</summary>
    internal static async Task<string> OcspStatusAsync(ServerNode node, string serial)
    {
        using var client = new HttpClient { BaseAddress = node.BaseAddress };
        var issuer = new X509CertificateParser().ReadCertificate(await client.GetByteArrayAsync("ca/authentication.cer"));
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer, new BigInteger(serial, 16)));
        using var content = new ByteArrayContent(generator.Generate().GetEncoded());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        using var response = await client.PostAsync("ocsp", content);
        var ocsp = new OcspResp(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(OcspRespStatus.Successful, ocsp.Status);
        var basic = (BasicOcspResp)ocsp.GetResponseObject();
        return Assert.Single(basic.Responses).GetCertStatus() switch
        {
            null => "good",
            RevokedStatus => "revoked",
            _ => "unknown",
        };
    }

    internal static async Task<X509Crl> CrlAsync(ServerNode node)
    {
        using var client = new HttpClient { BaseAddress = node.BaseAddress };
        return new X509CrlParser().ReadCrl(await client.GetByteArrayAsync("crl/authentication.crl"));
    }

    internal static System.Numerics.BigInteger CrlNumber(X509Crl crl)
    {
        var extension = crl.GetExtensionValue(X509Extensions.CrlNumber);
        Assert.NotNull(extension);
        var number = DerInteger.GetInstance(X509ExtensionUtilities.FromExtensionValue(extension)).Value;
        return System.Numerics.BigInteger.Parse(number.ToString(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<System.Numerics.BigInteger> StoredCrlNumberAsync(string hierarchy)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT last_number FROM crl_numbers WHERE hierarchy = @h", connection);
        command.Parameters.AddWithValue("h", hierarchy);
        return System.Numerics.BigInteger.Parse((string)(await command.ExecuteScalarAsync())!, System.Globalization.CultureInfo.InvariantCulture);
    }


    /// <summary>Whether <paramref name="condition"/> holds at a look begun within <paramref name="bound"/> from now.</summary>
    internal static async Task<bool> WithinAsync(TimeSpan bound, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed <= bound)
        {
            if (await condition())
                return true;
            await Task.Delay(50);
        }
        return false;
    }
}
