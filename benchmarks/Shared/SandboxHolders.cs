using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Myna.Card;
using Myna.Card.Image;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;

namespace Myna.Benchmarking;

/// <summary>
/// Holders with delivered cards, made through a sandbox server's API as its window staff would, and their cards on
/// emulated chips in the load generator. Shared by the load benchmarks over HTTP (each project compiles this file in).
/// </summary>
internal static class SandboxHolders
{
    /// <summary>The user-authentication PIN every card is delivered with.</summary>
    public const string Pin = "1111";

    /// <summary>
    /// Residents of Koriyama with delivered cards (the window's API), each card file copied into <paramref name="wallet"/>
    /// as a holder's download. The server must keep its card images as files in its data directory (SQLite's default).
    /// </summary>
    public static async Task<List<(Guid Resident, string CardPath)>> MakeAsync(string url, MynaHome home, string wallet, int count)
    {
        using var window = await SignedInAsync(url, "window", "window-sandbox");
        var holders = new (Guid, string)[count];
        // Two at a time: a delivery makes the card's RSA keys, one core's work.
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
        {
            var resident = await JsonAsync(await window.PostAsJsonAsync("/api/residents", new
            {
                municipality = "072036", familyName = "番号", givenName = "花子", familyNameKana = "バンゴウ", givenNameKana = "ハナコ",
                birthDate = "1990-05-10", sex = "Female", address = "福島県郡山市朝日一丁目２３番７号",
            }), HttpStatusCode.Created);
            var application = await JsonAsync(await window.PostAsJsonAsync("/api/applications",
                new { residentId = resident.GetProperty("id").GetString() }), HttpStatusCode.Created);
            var card = await JsonAsync(await window.PostAsJsonAsync($"/api/applications/{application.GetProperty("id").GetString()}/delivery",
                new { signature = "ABC123", userAuthentication = Pin, residentRegistry = "2222", textInputAssist = "3333" }), HttpStatusCode.Created);
            var id = card.GetProperty("id").GetGuid();
            var path = Path.Combine(wallet, id.ToString("N") + ".card");
            File.Copy(home.CardPath(id), path);
            holders[i] = (resident.GetProperty("id").GetGuid(), path);
        });
        return [.. holders];
    }

    /// <summary>A client signed in as one of the sandbox's staff accounts (cookies kept).</summary>
    public static async Task<HttpClient> SignedInAsync(string url, string user, string password)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        using var signIn = await client.PostAsJsonAsync("/api/session", new { userName = user, password });
        if (signIn.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"sign-in as {user}: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>The answer's JSON, or an exception naming the request when the status is not the expected one.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected)
                throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}

/// <summary>
/// A holder's card on its emulated chip in the load generator, its user-authentication PIN verified once: it gives its
/// certificate and signs SHA-256 of a challenge, as a terminal's or a kiosk's reader has the card do. One thread at a time.
/// </summary>
internal sealed class EmulatedCard : IDisposable
{
    private readonly VirtualCard _chip;
    private readonly MynaCardClient _card;

    public EmulatedCard(string cardPath, ChipSealingKey key)
    {
        _chip = VirtualCard.Open(new FileCardImageStore(cardPath, key));
        _card = new MynaCardClient(new EmulatorTransport(_chip, "load"));
        using (var certificate = _card.ReadAuthenticationCertificate())
            Certificate = Convert.ToBase64String(certificate.RawData);
        if (!_card.VerifyPin(Primitives.Pin.Parse(PinKind.UserAuthentication, SandboxHolders.Pin).Value).IsVerified)
            throw new InvalidOperationException("The chip refused the PIN.");
    }

    /// <summary>The user-authentication certificate, base64 DER.</summary>
    public string Certificate { get; }

    /// <summary>The card's RSA-2048 signature of SHA-256 of <paramref name="challenge"/>, base64.</summary>
    public string Sign(byte[] challenge) => Convert.ToBase64String(_card.SignDigest(JpkiKey.UserAuthentication, SHA256.HashData(challenge)));

    public void Dispose() => _chip.Dispose();
}
