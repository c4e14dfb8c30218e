using Myna.Issuance;

namespace Myna.Cli.Tests;

public class CardCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public async Task CreateThenShow_ReadsBackTheHolderThroughTheChip()
    {
        var path = fixture.NewPath("holder");
        var created = await fixture.RunAsync("card", "create", path, "--name", "郡山　太郎", "--birth-date", "2000-02-29",
            "--sex", "male", "--my-number", "123456789018", "--text-pin", "4321");
        Assert.True(created.Exit == 0, created.Error);
        Assert.Contains("********9018", created.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("123456789018", created.Output, StringComparison.Ordinal);
        // V2: 26 on 2026-11-25, so the 10th birthday; 2036 is a leap year.
        Assert.Contains("2036-02-29", created.Output, StringComparison.Ordinal);
        var serial = Assert.Single(System.Text.RegularExpressions.Regex.Matches(created.Output, @"card serial\s+│ (\d+)")).Groups[1].Value;
        Assert.Equal(15, serial.Length);

        var shown = await fixture.RunWithInputAsync("4321\n", "card", "show", path, "--details", "--pin-stdin");
        Assert.True(shown.Exit == 0, shown.ToString());
        Assert.Contains("郡山　太郎", shown.Output, StringComparison.Ordinal);
        Assert.Contains("2000-02-29", shown.Output, StringComparison.Ordinal);
        Assert.Contains("********9018", shown.Output, StringComparison.Ordinal);
        // The serial is the card's, the same as at creation.
        Assert.Matches($@"card serial\s+│ {serial}", shown.Output);
        Assert.Matches(@"text-input-assist PIN\s+│ 3 of 3 tries left", shown.Output);
        Assert.Matches(@"signature certificate password\s+│ 5 of 5 tries left", shown.Output);
        Assert.DoesNotContain("4321", WithoutCardSerial(shown.Output + shown.Error), StringComparison.Ordinal);
        var signature = await fixture.RunWithInputAsync("ABC123\n", "card", "show", path, "--signature", "--pin-stdin");
        Assert.Contains("L=Koriyama-shi", signature.Output, StringComparison.Ordinal);

        var revealed = await fixture.RunWithInputAsync("4321\n", "card", "show", "--card", path, "--details", "--pin-stdin", "--reveal");
        Assert.Contains("123456789018", revealed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WrongTextPin_CountsATryAndSaysHowManyAreLeft_P3()
    {
        var path = await fixture.NewCardAsync("wrong-pin");

        var shown = await fixture.RunWithInputAsync("9999\n", "card", "show", path, "--details", "--pin-stdin");
        Assert.Equal(ExitCodes.WrongPin, shown.Exit);
        Assert.Contains("wrong text-input-assist PIN: 2 tries left", shown.Error, StringComparison.Ordinal);
        // The table says the same as the message: the tries after the entry.
        Assert.Matches(@"text-input-assist PIN\s+│ 2 of 3 tries left", shown.Output);
        Assert.DoesNotContain("9999", WithoutCardSerial(shown.Output + shown.Error), StringComparison.Ordinal);

        // The count is on the card file: a new process (here: a new command) sees it.
        var again = await fixture.RunAsync("card", "show", path);
        Assert.Matches(@"text-input-assist PIN\s+│ 2 of 3 tries left", again.Output);
    }

    [Fact]
    public async Task Show_PinOfTheWrongShape_IsRefusedBeforeTheCardCountsATry_P()
    {
        var path = await fixture.NewCardAsync("bad-shape");
        var shown = await fixture.RunWithInputAsync("12a4\n", "card", "show", path, "--details", "--pin-stdin");
        Assert.Equal(ExitCodes.BadInput, shown.Exit);
        Assert.Contains("4 digits", shown.Error, StringComparison.Ordinal);
        Assert.Matches(@"text-input-assist PIN\s+│ 3 of 3 tries left", shown.Output);
    }

    [Fact]
    public async Task Show_Json_IsOneDocumentWithTheSerialPinsAndCertificates()
    {
        var path = await fixture.NewCardAsync("json");
        var shown = await fixture.RunWithInputAsync("9999\n", "card", "show", path, "--details", "--pin-stdin", "--json");
        Assert.Equal(ExitCodes.WrongPin, shown.Exit);
        using var json = System.Text.Json.JsonDocument.Parse(shown.Output);
        var root = json.RootElement;
        Assert.Equal(15, root.GetProperty("card").GetProperty("serial").GetString()!.Length);
        var pins = root.GetProperty("pins").EnumerateArray().ToDictionary(p => p.GetProperty("kind").GetString()!);
        Assert.Equal(["sign", "auth", "text", "juki"], pins.Keys);
        Assert.Equal(2, pins["text"].GetProperty("triesLeft").GetInt32());
        Assert.Equal("wrong-pin", root.GetProperty("problems")[0].GetProperty("code").GetString());
        Assert.Equal(["auth", "auth-ca", "sign-ca"], root.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("slot").GetString()));
        Assert.False(root.TryGetProperty("details", out _));
    }

    [Fact]
    public async Task Show_InJapanese_ByLocaleOrByLang()
    {
        var path = await fixture.NewCardAsync("japanese");
        var byLang = await fixture.RunAsync("card", "show", path, "--lang", "ja");
        Assert.Matches(@"券面事項入力補助用の暗証番号\s+│ 残り3回／3回", byLang.Output);
        Assert.DoesNotContain("tries left", byLang.Output, StringComparison.Ordinal);

        var byLocale = await CliRunner.RunAsync(fixture.Home, fixture.Clock, "9999\n", new Dictionary<string, string> { ["LANG"] = "ja_JP.UTF-8" },
            "card", "show", path, "--details", "--pin-stdin");
        Assert.Contains("券面事項入力補助用の暗証番号が違います。あと2回間違えるとロックされます。", byLocale.Error, StringComparison.Ordinal);
        var english = await CliRunner.RunAsync(fixture.Home, fixture.Clock, null, new Dictionary<string, string> { ["LANG"] = "ja_JP.UTF-8" },
            "card", "show", path, "--lang", "en");
        Assert.Contains("2 of 3 tries left", english.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WithAnotherDataDirectory_SaysSealedElsewhereAndCreatesNoKey()
    {
        var path = await fixture.NewCardAsync("elsewhere");
        var empty = new Primitives.Hosting.MynaHome(Path.Combine(fixture.Root, "empty-" + Guid.NewGuid().ToString("N")));
        var shown = await CliRunner.RunAsync(empty, fixture.Clock, null, null, "card", "show", path);
        Assert.Equal(ExitCodes.CardError, shown.Exit);
        Assert.Contains("has no chip sealing key: this card file was made by another installation", shown.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(empty.Root), "a read must not create a data directory or a key");

        // A data directory with a key of its own: the file does not open with it.
        var other = new Primitives.Hosting.MynaHome(Path.Combine(fixture.Root, "other-" + Guid.NewGuid().ToString("N")));
        Card.Image.ChipSealingKey.LoadOrCreate(other.ChipSealingKeyPath).Dispose();
        var sealedElsewhere = await CliRunner.RunAsync(other, fixture.Clock, null, null, "--json", "card", "show", path);
        Assert.Equal(ExitCodes.CardError, sealedElsewhere.Exit);
        Assert.Contains("sealed by another installation", sealedElsewhere.Error, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(sealedElsewhere.Output);
        Assert.Equal("sealed-elsewhere", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Create_AsJson_AndInJapanese_WithTheLabelsOfCardShow()
    {
        var path = fixture.NewPath("json");
        var created = await fixture.RunAsync("card", "create", path, "--my-number", "123456789018", "--json");
        Assert.True(created.Exit == 0, created.ToString());
        using (var json = System.Text.Json.JsonDocument.Parse(created.Output))
        {
            var root = json.RootElement;
            Assert.Equal(path, root.GetProperty("file").GetString());
            Assert.Equal(15, root.GetProperty("serial").GetString()!.Length);
            Assert.Equal("********9018", root.GetProperty("myNumber").GetString());
            Assert.True(root.GetProperty("signatureCertificate").GetBoolean());
            Assert.Equal(fixture.Home.Root, root.GetProperty("home").GetString());
        }
        Assert.DoesNotContain("123456789018", created.Output, StringComparison.Ordinal);

        var japanese = await CliRunner.RunAsync(fixture.Home, fixture.Clock, null, new Dictionary<string, string> { ["LANG"] = "ja_JP.UTF-8" },
            "card", "create", fixture.NewPath("ja"), "--birth-date", "2015-06-01", "--no-signature-certificate");
        Assert.True(japanese.Exit == 0, japanese.ToString());
        Assert.Matches(@"シリアル番号\s+│ \d{15}", japanese.Output);
        Assert.Matches(@"署名用電子証明書\s+│ 搭載なし", japanese.Output);
        Assert.Matches(@"利用者証明用電子証明書\s+│ 搭載", japanese.Output);
        Assert.Contains("2031-06-01", japanese.Output, StringComparison.Ordinal);

        var refused = await fixture.RunAsync("card", "create", path, "--sex", "other", "--lang", "ja", "--json");
        Assert.Equal(ExitCodes.BadInput, refused.Exit);
        Assert.Contains("エラー: --sex: male、female、unknown、na のいずれかを指定してください。", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"エラー: {path} は既にあります（上書きするには --force を指定してください）。", refused.Error, StringComparison.Ordinal);
        using (var json = System.Text.Json.JsonDocument.Parse(refused.Output))
            Assert.Equal("bad-input", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Create_UnderFifteenWithoutSignatureCertificate_P4()
    {
        var path = fixture.NewPath("child");
        var created = await fixture.RunAsync("card", "create", path, "--birth-date", "2015-06-01", "--no-signature-certificate");
        Assert.True(created.Exit == 0, created.Error);
        Assert.Contains("2031-06-01", created.Output, StringComparison.Ordinal); // V2: under 15, 5th birthday
        Assert.Matches(@"signature certificate\s+│ none", created.Output);
        Assert.Matches(@"authentication certificate\s+│ loaded", created.Output);
        var shown = await fixture.RunAsync("card", "show", path);
        Assert.True(shown.Exit == 0, shown.Error);
    }

    [Theory]
    [InlineData("--my-number", "123456789019", "check digit")]
    [InlineData("--auth-pin", "12345", "4 digits")]
    [InlineData("--sign-pin", "AB-123", "A–Z only")]
    [InlineData("--birth-date", "1990-13-01", "YYYY-MM-DD")]
    [InlineData("--birth-date", "2030-01-01", "future")]
    [InlineData("--name", "番号花子", "ideographic space")]
    [InlineData("--sex", "other", "male, female")]
    public async Task Create_BadInput_IsRefusedWithoutWritingAFile(string option, string value, string reason)
    {
        var path = fixture.NewPath("bad");
        var result = await fixture.RunAsync("card", "create", path, option, value);
        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        if (option is "--my-number" or "--auth-pin" or "--sign-pin")
            Assert.DoesNotContain(value, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Create_ExistingFile_NeedsForce()
    {
        var path = fixture.NewPath("twice");
        Assert.Equal(0, (await fixture.RunAsync("card", "create", path)).Exit);
        var before = await File.ReadAllBytesAsync(path);
        var again = await fixture.RunAsync("card", "create", path);
        Assert.Equal(ExitCodes.BadInput, again.Exit);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Equal(0, (await fixture.RunAsync("card", "create", path, "--force")).Exit);
    }

    [Fact]
    public async Task Show_TamperedCardFile_AnswersAsAnErasedChip_S4()
    {
        var path = fixture.NewPath("tampered");
        Assert.Equal(0, (await fixture.RunAsync("card", "create", path)).Exit);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        var shown = await fixture.RunAsync("card", "show", path);
        Assert.Equal(ExitCodes.CardError, shown.Exit);
        Assert.Contains("or it was altered (S4)", shown.Error, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Show_NeitherFileNorCardInAReader_SaysWhereACardCanComeFrom()
    {
        // Whatever this machine has — no pcscd, pcscd without readers, readers without cards — there is no card.
        var result = await fixture.RunAsync("card", "show");
        Assert.Equal(ExitCodes.NoCard, result.Exit);
        Assert.Contains("--card FILE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomMyNumber_IsValid_C2() =>
        Assert.True(Primitives.MyNumber.Parse(IssuingSystem.RandomMyNumber().Reveal()).Success);

    [Fact]
    public async Task Create_OnATerminal_SaysWhatItIsDoing_InTheChosenLanguage()
    {
        var created = await fixture.RunOnTerminalAsync([], "card", "create", fixture.NewPath("spinner"), "--lang", "ja");

        Assert.True(created.Exit == ExitCodes.Ok, created.ToString());
        Assert.Contains("カードを作成しています", created.Output);
    }

    [Fact]
    public async Task Create_NotOnATerminal_ShowsNoProgress()
    {
        var created = await fixture.RunAsync("card", "create", fixture.NewPath("quiet"), "--lang", "ja");

        Assert.True(created.Exit == ExitCodes.Ok, created.ToString());
        Assert.DoesNotContain("カードを作成しています", created.Output);
        Assert.Contains("シリアル番号", created.Output);
    }

    [Fact]
    public async Task Create_WithJson_OnATerminal_WritesOnlyTheJson()
    {
        var created = await fixture.RunOnTerminalAsync([], "card", "create", fixture.NewPath("json-terminal"), "--json");

        Assert.True(created.Exit == ExitCodes.Ok, created.ToString());
        Assert.DoesNotContain("Making the card", created.Output);
        using var json = System.Text.Json.JsonDocument.Parse(created.Output);
        Assert.True(json.RootElement.GetProperty("authenticationCertificate").GetBoolean());
    }

    /// <summary>
    /// The output with the card's serial (15 random digits, shown in the table) blanked: the PIN is looked for in what is
    /// left, so that a serial that happens to hold the PIN's four digits does not fail the test.
    /// </summary>
    private static string WithoutCardSerial(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, @"(card serial\s+│ )\d+", "$1<serial>");
}
