using System.Reflection;
using Myna.Cli.Output;
using Myna.Primitives.Text;

namespace Myna.Cli.Tests;

/// <summary>The catalogues of <c>myna</c>'s sentences: each has a Japanese side written in Japanese, and the server's words are quoted only in their own language.</summary>
public sealed class CliWordsTests
{
    public static TheoryData<string> Catalogues() => [nameof(CliWords), nameof(ServerWords), nameof(TerminalWords)];

    [Theory]
    [MemberData(nameof(Catalogues))]
    public void EveryFixedSentence_HasAJapaneseSideInJapanese(string catalogue)
    {
        var type = typeof(CliWords).Assembly.GetType($"Myna.Cli.Output.{catalogue}", throwOnError: true)!;
        var texts = type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.Name, Value: f.GetValue(null)))
            .Concat(type.GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.GetIndexParameters().Length == 0).Select(p => (p.Name, Value: p.GetValue(null))))
            .SelectMany(named => named.Value switch
            {
                LocalizedText text => [(named.Name, text)],
                CliProblem problem => new[] { (named.Name, problem.Cause) }.Concat(problem.Remedy is { } remedy ? [(named.Name + ".Remedy", remedy)] : []),
                _ => [],
            })
            .ToList();
        Assert.NotEmpty(texts);
        foreach (var (name, text) in texts)
        {
            Assert.True(text.Japanese.Any(IsJapanese), $"{catalogue}.{name}: the Japanese side is not Japanese: {text.Japanese}");
            Assert.False(string.IsNullOrWhiteSpace(text.English), $"{catalogue}.{name}: no English side");
            Assert.NotEqual(text.Japanese, text.English);
        }
    }

    [Fact]
    public void TheServersDetail_IsQuotedInJapaneseOnlyWhenItIsJapanese()
    {
        var lead = new LocalizedText("サインインできませんでした", "sign-in refused");

        var english = ServerWords.WithDetail(lead, "Sign-in failed — The user name or the password is wrong.");
        Assert.Equal("サインインできませんでした。", english.Japanese);
        Assert.Equal("sign-in refused: Sign-in failed — The user name or the password is wrong.", english.English);

        var japanese = ServerWords.WithDetail(lead, "ユーザー名またはパスワードが違います。");
        Assert.Equal("サインインできませんでした。サーバーの説明: ユーザー名またはパスワードが違います。", japanese.Japanese);

        var none = ServerWords.WithDetail(lead, null);
        Assert.Equal(("サインインできませんでした。", "sign-in refused."), (none.Japanese, none.English));
    }

    private static bool IsJapanese(char c) => c is >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF';
}
