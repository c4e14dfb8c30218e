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

        var shown = await fixture.RunAsync("card", "show", path, "--text-pin", "4321");
        Assert.True(shown.Exit == 0, shown.Error);
        Assert.Contains("郡山　太郎", shown.Output, StringComparison.Ordinal);
        Assert.Contains("2000-02-29", shown.Output, StringComparison.Ordinal);
        Assert.Contains("********9018", shown.Output, StringComparison.Ordinal);
        Assert.Contains("3 of 3 tries left", shown.Output, StringComparison.Ordinal);
        Assert.Contains("5 of 5 tries left", shown.Output, StringComparison.Ordinal);
        Assert.Contains("L=Koriyama-shi", (await fixture.RunAsync("card", "show", path, "--sign-pin", "ABC123")).Output, StringComparison.Ordinal);

        var revealed = await fixture.RunAsync("card", "show", path, "--text-pin", "4321", "--reveal");
        Assert.Contains("123456789018", revealed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WrongTextPin_CountsATryAndSaysHowManyAreLeft_P3()
    {
        var path = fixture.NewPath("wrong-pin");
        Assert.Equal(0, (await fixture.RunAsync("card", "create", path)).Exit);

        var shown = await fixture.RunAsync("card", "show", path, "--text-pin", "9999");
        Assert.Equal(ExitCodes.CardError, shown.Exit);
        Assert.Contains("wrong input-assist PIN: 2 tries left", shown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("9999", shown.Output + shown.Error, StringComparison.Ordinal);

        // The count is on the card file: a new process (here: a new command) sees it.
        var again = await fixture.RunAsync("card", "show", path);
        Assert.Contains("2 of 3 tries left", again.Output, StringComparison.Ordinal);
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
        Assert.Contains("erased chip", shown.Error, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Show_NeitherFileNorReader_IsBadInput()
    {
        var result = await fixture.RunAsync("card", "show");
        Assert.Equal(ExitCodes.BadInput, result.Exit);
        Assert.Contains("--reader", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomMyNumber_IsValid_C2() =>
        Assert.True(Primitives.MyNumber.Parse(IssuingSystem.RandomMyNumber().Reveal()).Success);
}
