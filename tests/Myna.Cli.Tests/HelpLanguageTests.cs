using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Myna.Cli.Output;
using Myna.Primitives.Hosting;
using Spectre.Console.Testing;

namespace Myna.Cli.Tests;

/// <summary>
/// <c>--help</c> speaks the language the commands' output speaks: <c>--lang</c>, else the locale. The tree is built in
/// that language, so every description of every command, option and argument has both.
/// </summary>
public sealed class HelpLanguageTests
{
    // Help reads nothing from the data directory: it need not exist.
    private static readonly MynaHome Home = new(Path.Combine(Path.GetTempPath(), "myna-help-" + Guid.NewGuid().ToString("N")));
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));
    private static readonly Dictionary<string, string> JapaneseLocale = new() { ["LANG"] = "ja_JP.UTF-8" };

    private static Task<CliResult> Help(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        CliRunner.RunAsync(Home, Clock, input: null, environment, args);

    [Theory]
    [InlineData("--lang", "ja")]
    [InlineData("--lang=ja")]
    public async Task PinChangeHelp_IsJapanese_WithLangJa(params string[] lang)
    {
        var help = await Help(null, ["pin", "change", "--help", .. lang]);

        Assert.Equal(ExitCodes.Ok, help.Exit);
        Assert.Contains("暗証番号を変更します", help.Output);
        Assert.Contains("署名用電子証明書の暗証番号", help.Output);
        Assert.Contains("利用者証明用電子証明書の暗証番号", help.Output);
        Assert.Contains("券面事項入力補助用の暗証番号", help.Output);
        Assert.DoesNotContain("Change a PIN", help.Output);
        Assert.DoesNotContain("Read the current PIN", help.Output);
        // The headings too, not only the descriptions.
        Assert.Contains("説明:", help.Output);
        Assert.Contains("オプション:", help.Output);
        Assert.DoesNotContain("Description:", help.Output);
    }

    [Fact]
    public async Task DefaultValues_AreLabelledInTheHelpsLanguage()
    {
        var japanese = await Help(null, "card", "create", "--help", "--lang", "ja");
        var english = await Help(null, "card", "create", "--help", "--lang", "en");

        Assert.Contains("[既定値: 1234]", japanese.Output);
        Assert.DoesNotContain("[default:", japanese.Output);
        Assert.Contains("[default: 1234]", english.Output);
        Assert.Contains("Description:", english.Output);
    }

    [Fact]
    public async Task PinChangeHelp_IsJapanese_InAJapaneseLocale()
    {
        var help = await Help(JapaneseLocale, "pin", "change", "--help");

        Assert.Equal(ExitCodes.Ok, help.Exit);
        Assert.Contains("暗証番号を変更します", help.Output);
        Assert.Contains("あと1回誤るとロックされる場合でも", help.Output);
        Assert.DoesNotContain("Change a PIN", help.Output);
    }

    [Fact]
    public async Task Help_IsEnglish_WithLangEn_EvenInAJapaneseLocale()
    {
        var help = await Help(JapaneseLocale, "pin", "change", "--help", "--lang", "en");

        Assert.Equal(ExitCodes.Ok, help.Exit);
        Assert.Contains("Change a PIN: the current one, then the new one twice, without echo (P2).", help.Output);
        Assert.DoesNotContain(help.Output, IsJapanese);
    }

    [Fact]
    public async Task Help_IsEnglish_WithoutALocale()
    {
        var help = await Help(null, "card", "create", "--help");

        Assert.Contains("Make a personalised test card image", help.Output);
        Assert.DoesNotContain("試験用のカードを作成します", help.Output);
    }

    [Fact]
    public async Task TheLastLangWins_AsWhenParsed()
    {
        var help = await Help(null, "--lang", "en", "server", "--help", "--lang=ja");

        Assert.Contains("職員のセッション", help.Output);
    }

    [Theory]
    [InlineData("--lang=ja", "がありません")]
    [InlineData("--lang=en", "no such file")]
    public async Task TheOutput_SpeaksTheLanguageTheHelpDoes(string lang, string expected)
    {
        var missing = Path.Combine(Path.GetTempPath(), $"myna-missing-{Guid.NewGuid():N}.card");

        var shown = await Help(JapaneseLocale, "card", "show", missing, lang);

        Assert.Equal(ExitCodes.BadInput, shown.Exit);
        Assert.Contains(expected, shown.Error);
    }

    [Fact]
    public async Task ParseErrors_AreJapanese_WithLangJa_AndEnglishWithLangEn()
    {
        var japanese = await Help(null, "pin", "stats", "--lang", "ja");
        var unknownOption = await Help(JapaneseLocale, "pin", "status", "--bogus");
        var english = await Help(JapaneseLocale, "pin", "stats", "--lang", "en");

        Assert.NotEqual(ExitCodes.Ok, japanese.Exit);
        Assert.Contains("認識されないコマンドまたは引数 'stats'。", japanese.Error);
        Assert.Contains("'stats' に当たるものはありません。", japanese.Output + japanese.Error);
        Assert.DoesNotContain("was not matched", japanese.Output + japanese.Error);
        Assert.DoesNotContain("Unrecognized", japanese.Error);
        Assert.Contains("認識されないコマンドまたは引数 '--bogus'。", unknownOption.Error);
        Assert.Contains("Unrecognized command or argument 'stats'.", english.Error);
        Assert.DoesNotContain(english.Output + english.Error, IsJapanese);
    }

    [Fact]
    public void LanguageOfArguments_ReadsBothForms_AndIgnoresOtherValues()
    {
        Assert.Equal(CliLanguage.Japanese, CliOutput.LanguageOfArguments(["pin", "status", "--lang", "ja"]));
        Assert.Equal(CliLanguage.English, CliOutput.LanguageOfArguments(["--lang=en", "readers"]));
        Assert.Null(CliOutput.LanguageOfArguments(["pin", "status"]));
        Assert.Null(CliOutput.LanguageOfArguments(["--lang", "fr"]));
        Assert.Null(CliOutput.LanguageOfArguments(["--lang"]));
        // After "--" everything is an argument, not an option.
        Assert.Null(CliOutput.LanguageOfArguments(["sign", "--", "--lang=ja"]));
    }

    [Fact]
    public void EveryDescription_InTheJapaneseTree_IsJapanese()
    {
        var described = Descriptions(CliLanguage.Japanese);

        Assert.True(described.Count > 100, $"only {described.Count} descriptions");
        var english = described.Where(d => !d.Description.Any(IsJapanese)).Select(d => $"{d.Symbol}: {d.Description}").ToList();
        Assert.True(english.Count == 0, "not in Japanese:\n" + string.Join("\n", english));
    }

    [Fact]
    public void EveryDescription_InTheEnglishTree_HasNoJapanese()
    {
        var described = Descriptions(CliLanguage.English);

        Assert.True(described.Count > 100, $"only {described.Count} descriptions");
        // A Japanese term may follow its English name in parentheses, as a gloss (the portal, the sandbox clinic …);
        // nothing else is Japanese.
        var japanese = described.Where(d => OutsideParentheses(d.Description).Any(IsJapanese))
            .Select(d => $"{d.Symbol}: {d.Description}").ToList();
        Assert.True(japanese.Count == 0, "not in English:\n" + string.Join("\n", japanese));
    }

    [Fact]
    public void TheTwoTrees_HaveTheSameSymbols_WithDifferentDescriptions()
    {
        var japanese = Descriptions(CliLanguage.Japanese);
        var english = Descriptions(CliLanguage.English);

        Assert.Equal(english.Select(d => d.Symbol), japanese.Select(d => d.Symbol));
        Assert.All(english.Zip(japanese), pair => Assert.NotEqual(pair.First.Description, pair.Second.Description));
    }

    /// <summary>Every command, option and argument of the tree built in <paramref name="language"/>, with its path.</summary>
    private static List<(string Symbol, string Description)> Descriptions(CliLanguage language)
    {
        var context = new CliContext(new TestConsole(), TextWriter.Null, Clock, Home) { LanguageChoice = language };
        var found = new List<(string, string)>();
        Walk(MynaCommandLine.Build(context), "myna", found);
        return found;
    }

    private static void Walk(Command command, string path, List<(string, string)> found)
    {
        found.Add((path, command.Description ?? ""));
        foreach (var option in command.Options)
            found.Add(($"{path} {option.Name}", option.Description ?? ""));
        foreach (var argument in command.Arguments)
            found.Add(($"{path} <{argument.Name}>", argument.Description ?? ""));
        foreach (var subcommand in command.Subcommands)
            Walk(subcommand, $"{path} {subcommand.Name}", found);
    }

    private static string OutsideParentheses(string text) => Regex.Replace(text, @"\([^()]*\)", "");

    /// <summary>Hiragana, katakana (and the long-vowel mark), CJK ideographs.</summary>
    private static bool IsJapanese(char c) => c is >= '\u3040' and <= '\u30ff' or >= '\u4e00' and <= '\u9fff';
}
