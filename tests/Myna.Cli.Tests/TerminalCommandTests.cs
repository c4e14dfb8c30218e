using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.CardFace;
using Myna.Issuance;
using Myna.Primitives;
using Myna.Reader;
using Myna.Reader.Pcsc;
using Myna.Testing;
using Myna.Testing.Tools;
using SkiaSharp;

namespace Myna.Cli.Tests;

/// <summary>
/// <c>myna terminal check</c> as the sandbox clinic's reception terminal against the real server over TCP (U1.2): the
/// insurer has enrolled the patient and the patient registered the card for insurance use in the portal; the card
/// confirms its holder by the PIN, by the face check (照合番号B opens the chip's photo, the camera's image is compared) or by a
/// staff member's look; the service answers with the eligibility and a signed receipt, which
/// <c>myna terminal verify-receipt</c> checks online and offline.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TerminalCommandTests(ServerFixture server)
{
    private static readonly SemaphoreSlim Arranging = new(1, 1);
    private static readonly Dictionary<ServerFixture, Patients> Arranged = [];

    /// <summary>The insured patient (the fixture's card: enrolled, registered) and one registered without any enrolment.</summary>
    private sealed record Patients(Guid InsuredCard, Guid UninsuredCard);

    [Fact]
    public async Task Check_WithThePin_PrintsTheEligibilityAndTheReceipt_U1_2()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-pin");

        var result = await server.RunWithAsync(ServerFixture.AuthenticationPin + "\n", null, "terminal", "check", "--server", server.Url, "--sandbox-clinic",
            "--card", card, "--pin", "--pin-stdin", "--consent", "medication,ceiling");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Contains("eligible", result.Output, StringComparison.Ordinal);
        Assert.Contains("全国健康保険協会福島支部 (01070010)", result.Output, StringComparison.Ordinal);
        Assert.Contains("7010001 · 125 · 00 (Insured)", result.Output, StringComparison.Ordinal);
        Assert.Contains("30 %", result.Output, StringComparison.Ordinal);
        Assert.Contains("medical subsidy certificate", result.Output, StringComparison.Ordinal); // the U1.3 note
        Assert.Contains("medication, high-cost ceiling", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"identity\":\"Pin\"", result.Output, StringComparison.Ordinal);          // the receipt's content
        Assert.Contains("\"institution\":\"0711234567\"", result.Output, StringComparison.Ordinal); // あさひ内科クリニック
        Assert.DoesNotContain(ServerFixture.AuthenticationPin, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithAWrongPin_NamesTheTriesLeft_AndAnswersNothing_P3()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-wrong-pin");

        var result = await server.RunWithAsync("9999\n", null, "terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", card, "--pin", "--pin-stdin");

        Assert.True(result.Exit == ExitCodes.WrongPin, result.ToString());
        Assert.Contains("wrong user-authentication PIN: 2 tries left", result.Error, StringComparison.Ordinal);
        Assert.Contains("not answered", result.Error, StringComparison.Ordinal);

        // At the last try the PIN is not entered without confirmation, and no check is opened for it.
        Assert.Equal(ExitCodes.WrongPin, (await server.RunWithAsync("9999\n", null, "terminal", "check", "--server", server.Url, "--sandbox-clinic",
            "--card", card, "--pin", "--pin-stdin")).Exit);
        var lastTry = await server.RunWithAsync(ServerFixture.AuthenticationPin + "\n", null, "terminal", "check", "--server", server.Url, "--sandbox-clinic",
            "--card", card, "--pin", "--pin-stdin", "--lang", "ja", "--json");
        Assert.True(lastTry.Exit == ExitCodes.BadInput, lastTry.ToString());
        Assert.Contains("利用者証明用", lastTry.Error, StringComparison.Ordinal);
        Assert.Contains("資格確認には応答していません。", lastTry.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(lastTry.Output);
        Assert.Equal("last-try", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Check_WithTheFace_TheChipsOwnPhotoPasses_AndTheAnswerSaysFace_U1_2()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-face");
        var collation = await CollationNumberBAsync(patients.InsuredCard);
        // The camera: the chip's photo as a camera gives it back, JPEG and brighter.
        var camera = Save("camera-same.jpg", Brighter(ChipPhoto(card, collation), 30));

        var result = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", card,
            "--face", camera, "--collation-b", collation, "--json");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        using var answer = JsonDocument.Parse(result.Output);
        Assert.True(answer.RootElement.GetProperty("eligible").GetBoolean());
        Assert.Equal("Face", answer.RootElement.GetProperty("identity").GetString());
        Assert.True(answer.RootElement.GetProperty("faceCheck").GetProperty("samePerson").GetBoolean());
        Assert.True(answer.RootElement.GetProperty("faceCheck").GetProperty("similarity").GetDouble() >= FaceComparison.SamePersonThreshold);
        Assert.Contains("\"identity\":\"Face\"", answer.RootElement.GetProperty("receipt").GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithTheFace_AnotherPersonsFace_IsRefusedAtTheTerminal_AndNothingIsSent_U1_2()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-face-other");
        var collation = await CollationNumberBAsync(patients.InsuredCard);
        var someoneElse = new BasicFourInformation("郡山　太郎", "福島県郡山市朝日一丁目２３番７号", new DateOnly(1970, 8, 1), Sex.Male);
        var camera = Save("camera-other.png", CardFaceRenderer.RenderPhotoPlaceholder(someoneElse).Png);
        var checksBefore = await server.EligibilityChecksAsync();

        var result = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", card,
            "--face", camera, "--collation-b", collation);

        Assert.True(result.Exit == ExitCodes.FaceMismatch, result.ToString());
        Assert.Contains("the face check failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent", result.Error, StringComparison.Ordinal);
        Assert.Equal(checksBefore, await server.EligibilityChecksAsync());
    }

    [Fact]
    public async Task Check_WithTheFace_AWrongCollationNumberB_NamesTheChipsTriesLeft_Interface3()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-face-wrong-b");
        var right = await CollationNumberBAsync(patients.InsuredCard);
        var wrong = right[..10] + (right[10..] == "0000" ? "0001" : "0000");
        var camera = Save("camera-any.png", CardFaceRenderer.RenderPhotoPlaceholder(
            new BasicFourInformation("番号　花子", "福島県郡山市朝日一丁目２３番７号", new DateOnly(1990, 5, 10), Sex.Female)).Png);

        var result = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", card,
            "--face", camera, "--collation-b", wrong);

        Assert.True(result.Exit == ExitCodes.CardError, result.ToString());
        Assert.Contains($"wrong 照合番号B (the card's photo stays closed): {CollationNumberB.MaxTries - 1} tries left", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithTheFace_ACameraFileThatIsNoImage_IsBadInput_AndNothingIsSent()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-face-no-image");
        var collation = await CollationNumberBAsync(patients.InsuredCard);
        var camera = Save("camera.png", "not a picture"u8.ToArray());
        var checksBefore = await server.EligibilityChecksAsync();

        var result = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", card,
            "--face", camera, "--collation-b", collation);

        Assert.True(result.Exit == ExitCodes.BadInput, result.ToString());
        Assert.Contains("the camera's image is not an image", result.Error, StringComparison.Ordinal);
        Assert.Equal(checksBefore, await server.EligibilityChecksAsync());
    }

    [Fact]
    public async Task Check_WithAStaffLook_AsJson_AndItsReceiptVerifies_OnlineAndOffline_U1_2()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-staff");

        var result = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", card, "--staff-visual", "--json",
            "--consent", "all");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        var answerFile = Save("answer.json", System.Text.Encoding.UTF8.GetBytes(result.Output));
        using (var answer = JsonDocument.Parse(result.Output))
        {
            var root = answer.RootElement;
            Assert.Equal("StaffVisual", root.GetProperty("identity").GetString());
            Assert.Equal(30, root.GetProperty("facts").GetProperty("copaymentPercent").GetInt32());
            Assert.Equal("01070010", root.GetProperty("facts").GetProperty("insurerNumber").GetString());
            Assert.True(root.GetProperty("consent").GetProperty("treatments").GetBoolean());
            Assert.False(root.TryGetProperty("faceCheck", out _));
        }

        var online = await server.RunAsync("terminal", "verify-receipt", answerFile, "--server", server.Url);
        Assert.True(online.Exit == ExitCodes.Ok, online.ToString());
        Assert.Contains("valid", online.Output, StringComparison.Ordinal);

        using var anyone = new HttpClient { BaseAddress = new Uri(server.Url) };
        var key = Save("receipts.pem", System.Text.Encoding.ASCII.GetBytes(await anyone.GetStringAsync("api/eligibility/receipt-key")));
        // Offline: no server listens at --server's default; the key alone decides.
        var offline = await server.RunAsync("terminal", "verify-receipt", answerFile, "--key", key, "--server", $"http://127.0.0.1:{ServerFixture.FreePort()}/");
        Assert.True(offline.Exit == ExitCodes.Ok, offline.ToString());

        var changed = Save("changed.json", System.Text.Encoding.UTF8.GetBytes(result.Output.Replace("\\u0022copayment\\u0022:30", "\\u0022copayment\\u0022:10", StringComparison.Ordinal)
            .Replace("\\\"copayment\\\":30", "\\\"copayment\\\":10", StringComparison.Ordinal)));
        Assert.NotEqual(result.Output, await File.ReadAllTextAsync(changed));
        foreach (var args in new[] { new[] { "--server", server.Url }, ["--key", key] })
        {
            var refused = await server.RunAsync(["terminal", "verify-receipt", changed, .. args]);
            Assert.True(refused.Exit == ExitCodes.VerificationFailed, refused.ToString());
            Assert.Contains("does not verify", refused.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_InJapanese_AsTheReceptionReadsIt_AndTheReceiptAsJson_U1_2()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-ja");

        var result = await server.RunWithAsync(null, new Dictionary<string, string> { ["LANG"] = "ja_JP.UTF-8" },
            "terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", card, "--staff-visual", "--consent", "medication,ceiling");
        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Matches(@"結果\s+│ 資格を確認できました", result.Output);
        Assert.Matches(@"保険者\s+│ 全国健康保険協会福島支部 \(01070010\)", result.Output);
        Assert.Matches(@"記号・番号・枝番\s+│ 7010001 · 125 · 00 \(本人\)", result.Output);
        Assert.Matches(@"根拠\s+│ 資格あり \(U1\.2\)", result.Output);
        Assert.Matches(@"本人確認\s+│ 職員がカードの顔写真と本人を目視で確認しました", result.Output);
        Assert.Matches(@"同意\s+│ 薬剤情報、限度額適用認定証情報", result.Output);
        Assert.DoesNotMatch(@"(result|identity|consent)\s+│", result.Output); // no English label in the Japanese table

        var uninsured = await DownloadAsync(patients.UninsuredCard, "terminal-ja-uninsured");
        var refused = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", uninsured, "--staff-visual", "--lang", "ja");
        Assert.Equal(ExitCodes.NotEligible, refused.Exit);
        Assert.Matches(@"結果\s+│ 資格を確認できません", refused.Output);
        Assert.Matches(@"確認できない理由（コード）\s+│ no-enrolment \(U1\.2\)", refused.Output);

        var asJson = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", card, "--staff-visual", "--json");
        var answerFile = Save("answer-ja.json", System.Text.Encoding.UTF8.GetBytes(asJson.Output));
        var verified = await server.RunAsync("terminal", "verify-receipt", answerFile, "--server", server.Url, "--json");
        Assert.True(verified.Exit == ExitCodes.Ok, verified.ToString());
        using (var json = JsonDocument.Parse(verified.Output))
        {
            Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
            Assert.Contains("\"identity\":\"StaffVisual\"", json.RootElement.GetProperty("content").GetString(), StringComparison.Ordinal);
        }
        var japanese = await server.RunAsync("terminal", "verify-receipt", answerFile, "--server", server.Url, "--lang", "ja");
        Assert.Contains("有効です: この控えは資格確認サービスが署名したもので、変更されていません", japanese.Output, StringComparison.Ordinal);

        var notAReceipt = Save("not-a-receipt.json", "{}"u8.ToArray());
        var bad = await server.RunAsync("terminal", "verify-receipt", notAReceipt, "--server", server.Url, "--lang", "ja", "--json");
        Assert.Equal(ExitCodes.BadInput, bad.Exit);
        Assert.Contains("は資格確認の控えではありません", bad.Error, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(bad.Output))
            Assert.Equal("not-a-receipt", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Check_BadInput_AsJson_AndInJapanese()
    {
        var asJson = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--staff-visual", "--pin", "--json");
        Assert.Equal(ExitCodes.BadInput, asJson.Exit);
        using (var json = JsonDocument.Parse(asJson.Output))
            Assert.Equal("bad-input", json.RootElement.GetProperty("error").GetProperty("code").GetString());

        var japanese = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--staff-visual", "--consent", "everything", "--lang", "ja");
        Assert.Equal(ExitCodes.BadInput, japanese.Exit);
        Assert.Contains("エラー: --consent: everything は指定できません", japanese.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_APatientWithoutEnrolment_IsNotEligible_NamingTheRule_U1_2()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.UninsuredCard, "terminal-uninsured");

        var result = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--card", card, "--staff-visual",
            "--consent", "medication");

        Assert.True(result.Exit == ExitCodes.NotEligible, result.ToString());
        Assert.Contains("not eligible", result.Output, StringComparison.Ordinal);
        Assert.Contains("no-enrolment (U1.2)", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"consent\s+│ none", result.Output); // nothing is consented to without a yes (U1.4)
        Assert.Contains("\"result\":\"no-enrolment\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_TheTerminalsSecret_ComesFromStdinOrTheEnvironment_NeverAnArgument_AndAWrongOneIs401()
    {
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-secret");
        var clinic = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(server.Home.Root, "eligibility", "sandbox-terminals.json"))).RootElement[0];
        var id = clinic.GetProperty("Id").GetString()!;
        var secret = clinic.GetProperty("Secret").GetString()!;

        var inArgv = await server.RunAsync("terminal", "check", "--server", server.Url, "--terminal", $"{id}:{secret}", "--card", card, "--staff-visual");
        Assert.True(inArgv.Exit == ExitCodes.BadInput, inArgv.ToString());
        Assert.Contains("never as an argument", inArgv.Error, StringComparison.Ordinal);

        var fromStdin = await server.RunWithAsync(secret + "\n", null, "terminal", "check", "--server", server.Url, "--terminal", id, "--terminal-secret-stdin",
            "--card", card, "--staff-visual");
        Assert.True(fromStdin.Exit == ExitCodes.Ok, fromStdin.ToString());

        var wrong = await server.RunWithAsync(null, new Dictionary<string, string> { [Commands.TerminalCommands.SecretVariable] = "guess" },
            "terminal", "check", "--server", server.Url, "--terminal", id, "--card", card, "--staff-visual");
        Assert.True(wrong.Exit == ExitCodes.NotSignedIn, wrong.ToString());
        Assert.Contains("(401)", wrong.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, wrong.Output + wrong.Error + fromStdin.Output + fromStdin.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pin", "--staff-visual")]
    [InlineData("--face", "x.png")]
    [InlineData("--staff-visual", "--consent", "medication,lunch")]
    [InlineData("--staff-visual", "--collation-b", "55021720302285")]
    public async Task Check_BadInput_IsRefusedBeforeTheCardOrTheServer(params string[] args)
    {
        // Neither a server (nobody listens) nor a card (no such file) would answer.
        var result = await server.RunAsync(["terminal", "check", "--server", $"http://127.0.0.1:{ServerFixture.FreePort()}/", "--sandbox-clinic", .. args]);
        Assert.True(result.Exit == ExitCodes.BadInput, result.ToString());
    }

    [Fact]
    public async Task Check_ThroughPcsc_TheFaceCheckReadsThePhotoOverVpcd_U1_2()
    {
        var readerName = Environment.GetEnvironmentVariable("MYNA_VPCD_READER") ?? "Virtual PCD 00 00";
        var port = int.TryParse(Environment.GetEnvironmentVariable("MYNA_VPCD_PORT"), out var p) ? p : 35963;
        var patients = await PatientsAsync();
        var card = await DownloadAsync(patients.InsuredCard, "terminal-pcsc");
        var collation = await CollationNumberBAsync(patients.InsuredCard);
        var camera = Save("camera-pcsc.jpg", Brighter(ChipPhoto(card, collation), -20));

        using var reader = await VpcdReaderLock.AcquireAsync(port);
        using var attach = MynaProcess.StartAttach(server.Home.Root, card, port);
        try
        {
            await MynaProcess.WaitForLineAsync(attach, "attached");
            using (var pcsc = PcscContext.Establish())
                Assert.True(pcsc.WaitForCard(readerName, TimeSpan.FromSeconds(15)), $"no card in '{readerName}'");

            var result = await server.RunAsync("terminal", "check", "--server", server.Url, "--sandbox-clinic", "--reader", readerName,
                "--face", camera, "--collation-b", collation, "--consent", "medication");
            Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
            Assert.Contains("face check: same", result.Output, StringComparison.Ordinal);
            Assert.Contains("全国健康保険協会福島支部", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            attach.Kill(entireProcessTree: true);
            await attach.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Once per server: the insurer enrols the fixture's resident with 協会けんぽ, a second resident gets a card and no
    /// enrolment, and each registers the card for insurance use in the portal (U1.1).
    /// </summary>
    private async Task<Patients> PatientsAsync()
    {
        await Arranging.WaitAsync();
        try
        {
            if (Arranged.TryGetValue(server, out var arranged))
                return arranged;
            var insured = Guid.Parse(server.CardId);
            var uninsuredCard = await server.IssueCardAsync("未加入", "結衣", "ミカニュウ", "ユイ", new DateOnly(2005, 3, 3));
            var uninsured = uninsuredCard.GetProperty("id").GetGuid();

            using var insurer = await server.SignedInAsync("admin", "admin-sandbox");
            var added = await ServerFixture.JsonAsync(await insurer.PostAsJsonAsync("api/insurers",
                new { number = "01070010", name = "全国健康保険協会福島支部", scheme = "KyokaiKenpo" }), HttpStatusCode.Created);
            var resident = await HolderOfAsync(insured);
            await ServerFixture.JsonAsync(await insurer.PostAsJsonAsync($"api/insurers/{added.GetProperty("id").GetString()}/enrolments", new
            {
                holderReference = resident, symbol = "7010001", number = "125", branch = "00", role = "Insured", from = "2016-04-01", incomeClass = "General",
            }), HttpStatusCode.Created);

            foreach (var card in new[] { insured, uninsured })
                await RegisterForInsuranceUseAsync(card);
            return Arranged[server] = new Patients(insured, uninsured);
        }
        finally
        {
            Arranging.Release();
        }
    }

    private async Task<string> HolderOfAsync(Guid cardId)
    {
        using var window = await server.SignedInAsync(ServerFixture.WindowUser, ServerFixture.WindowPassword);
        var card = await ServerFixture.JsonAsync(await window.GetAsync($"api/cards/{cardId}"), HttpStatusCode.OK);
        return card.GetProperty("residentId").GetString()!;
    }

    /// <summary>The holder logs in to the portal with the card (the <c>portal login</c> command) and applies for insurance use.</summary>
    private async Task RegisterForInsuranceUseAsync(Guid cardId)
    {
        var card = await DownloadAsync(cardId, "terminal-portal");
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(server.Url) };
        var login = await ServerFixture.JsonAsync(await browser.PostAsync("portal/api/logins", null), HttpStatusCode.Created);
        var answered = await server.RunWithAsync(ServerFixture.AuthenticationPin + "\n", null, "portal", "login", login.GetProperty("code").GetString()!,
            "--card", card, "--server", server.Url, "--pin-stdin");
        Assert.True(answered.Exit == ExitCodes.Ok, answered.ToString());
        using (var session = await browser.PostAsync($"portal/api/logins/{login.GetProperty("id").GetGuid()}/session", null))
            Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        await ServerFixture.JsonAsync(await browser.PostAsJsonAsync("portal/api/me/applications",
            new { procedureId = "insurance-use-registration", municipality = "07203", fields = new Dictionary<string, string?>() }), HttpStatusCode.Created);
    }

    /// <summary>A copy of the issued card as a file of its own, downloaded with the window's session.</summary>
    private async Task<string> DownloadAsync(Guid cardId, string name)
    {
        var path = server.NewPath(name);
        var download = await server.RunWithAsync(null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword },
            "card", "download", cardId.ToString(), "--server", server.Url, "--user", ServerFixture.WindowUser, "--out", path);
        Assert.True(download.Exit == ExitCodes.Ok, download.ToString());
        return path;
    }

    /// <summary>照合番号B of a card, from what its face shows: the date of birth, the expiry year, the security code.</summary>
    private async Task<string> CollationNumberBAsync(Guid cardId)
    {
        var (securityCode, expiry) = await server.CardFaceOfAsync(cardId);
        var birth = cardId == Guid.Parse(server.CardId) ? new DateOnly(1990, 5, 10) : new DateOnly(2005, 3, 3);
        return JapaneseEras.ToEraYyMmDd(birth) + expiry.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + securityCode;
    }

    /// <summary>The photo on the card's chip, read as the terminal reads it.</summary>
    private byte[] ChipPhoto(string cardPath, string collation)
    {
        using var issuing = IssuingSystem.Open(server.Home, server.Clock);
        using var chip = issuing.OpenCard(cardPath);
        using var number = CollationNumberB.Parse(collation).Value;
        var reading = new MynaCardClient(new EmulatorTransport(chip)).ReadCardFace(number);
        Assert.True(reading.Succeeded, reading.Collation.ToString());
        Assert.NotEmpty(reading.Face!.Photo);
        return reading.Face.Photo;
    }

    /// <summary>The image as JPEG, each pixel <paramref name="delta"/> lighter (or darker).</summary>
    private static byte[] Brighter(byte[] image, int delta)
    {
        using var bitmap = SKBitmap.Decode(image);
        using var shifted = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var v = (byte)Math.Clamp(bitmap.GetPixel(x, y).Red + delta, 0, 255);
                shifted.SetPixel(x, y, new SKColor(v, v, v));
            }
        }
        using var data = shifted.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    private string Save(string name, byte[] bytes)
    {
        var path = Path.Combine(server.Root, $"{Guid.NewGuid():N}-{name}");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
