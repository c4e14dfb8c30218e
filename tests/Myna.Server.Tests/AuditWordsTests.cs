using System.Globalization;
using System.Text.RegularExpressions;
using Myna.Server.Ui;
using Myna.Storage.Audit;
using Myna.Testing;

namespace Myna.Server.Tests;

/// <summary>The audit page's words: every action has a name in both languages, and a Japanese page never shows English details.</summary>
public sealed partial class AuditWordsTests
{
    [Fact]
    public void EveryActionRecordedInTheSource_HasItsNames()
    {
        var src = Path.Combine(RepositoryRoot.Path, "src");
        var actions = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => ActionLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(actions);
        var unnamed = actions.Where(a => !AuditWords.Actions.ContainsKey(a)).ToList();
        Assert.True(unnamed.Count == 0, "Actions without names in AuditWords: " + string.Join(", ", unnamed));
    }

    [Fact]
    public void OnAJapanesePage_TheJapaneseDetails_ElseTheRegistrysSentence_ElseTheActionsName()
    {
        using var japanese = new UiCulture("ja-JP");
        Assert.Equal("カードを一時停止しました。", AuditWords.Details(Entry("card.suspended", "suspended (L1)", "カードを一時停止しました。")));
        Assert.Equal("有効期限（2036年5月10日）が過ぎました。（V7）", AuditWords.Details(Entry("card.expired", "expired after 2036-05-10 (V7)")));
        Assert.Equal("転入届を受け付けました。", AuditWords.Details(Entry("resident.move-in", "move-in notice at 131016, moved 2026-12-07")));
        Assert.Equal("", AuditWords.Details(Entry("staff.signed-out", "")));
        Assert.Equal("カードを一時停止しました", AuditWords.Action("card.suspended"));
        Assert.Equal("something.new", AuditWords.Action("something.new"));
    }

    [Fact]
    public void OnAnEnglishPage_TheEnglishDetails()
    {
        using var english = new UiCulture("en-US");
        Assert.Equal("suspended (L1)", AuditWords.Details(Entry("card.suspended", "suspended (L1)", "カードを一時停止しました。")));
        Assert.Equal("Card suspended", AuditWords.Action("card.suspended"));
    }

    private static AuditEntry Entry(string action, string details, string? japanese = null) =>
        new() { Action = action, Actor = "window", SubjectKind = "card", SubjectId = "x", Details = details, DetailsJapanese = japanese };

    /// <summary>An action as the code writes it: a literal of an audit subject's kind, a dot and a name.</summary>
    [GeneratedRegex(@"""((?:card|certificates|clock|family-register|insurance|kiosk|pin|resident|seal|staff|tax)\.[a-z][a-z-]*)""")]
    private static partial Regex ActionLiteral();

    /// <summary>The UI culture for one test, as the request localization sets it for a request.</summary>
    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _before = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = new CultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = _before;
    }
}
