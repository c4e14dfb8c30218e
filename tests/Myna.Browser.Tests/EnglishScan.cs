using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Myna.Browser.Tests;

/// <summary>
/// Finds English sentences in a Japanese page: the visible text, split where the layout splits it (blocks, table cells,
/// list items), with code-like tokens left out, must not hold <see cref="MinWords"/> or more ASCII words in a row.
/// </summary>
/// <remarks>
/// <para>What is not read: the head, scripts, styles and SVG; <c>code</c>, <c>kbd</c> and <c>samp</c> (ids, action
/// names); hidden elements; elements marked <c>lang="en"</c> (the language switch's 「English」, written in English on
/// purpose); form values (what staff typed). Read besides the text: <c>placeholder</c>, <c>title</c>,
/// <c>aria-label</c> and <c>alt</c>, which a person reads or hears too.</para>
/// <para>What does not count as a word: tokens with digits or other signs (serials, dates, times, rule ids such as V1
/// or U2.11, the free dial's number), URLs, paths and ids. A Japanese character ends a run. The few deliberate
/// exceptions are in <see cref="Allowed"/>, each with its reason.</para>
/// </remarks>
public static partial class EnglishScan
{
    /// <summary>How many ASCII words in a row make an English sentence (two are a name or a term: "My Number").</summary>
    public const int MinWords = 3;

    /// <summary>The deliberate exceptions: a run that matches one of these whole is not reported.</summary>
    public static readonly IReadOnlyList<(Regex Run, string Reason)> Allowed =
    [
        (UpperCaseRun(), "romaji names as the card and the register write them (YAMADA TARO SMITH): data, not words of the page"),
    ];

    /// <summary>Whether the HTML document is a Japanese page (<c>&lt;html lang="ja"&gt;</c>).</summary>
    public static bool IsJapanese(string html) => HtmlLang().Match(html) is { Success: true } m && m.Groups[1].Value.StartsWith("ja", StringComparison.OrdinalIgnoreCase);

    /// <summary>The runs of English words in the page's visible text, in page order, each once.</summary>
    public static IReadOnlyList<string> Find(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var found = new List<string>();
        foreach (var segment in VisibleText(html))
        {
            foreach (var run in Runs(segment))
            {
                if (!Allowed.Any(a => a.Run.IsMatch(run)) && !found.Contains(run))
                    found.Add(run);
            }
        }
        return found;
    }

    /// <summary>The page's visible text as the layout splits it: one string per block (paragraph, cell, item, label …).</summary>
    public static IReadOnlyList<string> VisibleText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var segments = new List<string>();
        var current = new StringBuilder();
        var open = new Stack<(string Name, bool Skip)>();
        var skipping = 0;

        void Break()
        {
            var text = WebUtility.HtmlDecode(current.ToString());
            text = Whitespace().Replace(text, " ").Trim();
            if (text.Length > 0)
                segments.Add(text);
            current.Clear();
        }

        var at = 0;
        foreach (Match tag in Tag().Matches(html))
        {
            if (skipping == 0)
                current.Append(html, at, tag.Index - at);
            at = tag.Index + tag.Length;
            var raw = tag.Value;
            if (raw.StartsWith("<!", StringComparison.Ordinal) || raw.StartsWith("<?", StringComparison.Ordinal))
                continue;
            var closing = raw.StartsWith("</", StringComparison.Ordinal);
            var name = TagName().Match(raw).Groups[1].Value.ToLowerInvariant();
            if (closing)
            {
                // Close up to the matching element (HTML lets some end tags be left out).
                if (open.Any(e => e.Name == name))
                {
                    while (open.TryPop(out var element))
                    {
                        if (element.Skip)
                            skipping--;
                        if (element.Name == name)
                            break;
                    }
                }
                if (!Inline.Contains(name))
                    Break();
                continue;
            }
            if (!Inline.Contains(name))
                Break();
            var skip = Skipped.Contains(name) || SkippedByAttribute().IsMatch(raw);
            if (skipping == 0 && !skip)
            {
                foreach (Match attribute in ReadAttribute().Matches(raw))
                    segments.Add(WebUtility.HtmlDecode(attribute.Groups[2].Value).Trim());
            }
            var selfClosing = raw.EndsWith("/>", StringComparison.Ordinal) || Void.Contains(name);
            if (selfClosing)
                continue;
            open.Push((name, skip));
            if (skip)
                skipping++;
        }
        if (skipping == 0 && at < html.Length)
            current.Append(html, at, html.Length - at);
        Break();
        segments.RemoveAll(s => s.Length == 0);
        return segments;
    }

    /// <summary>The runs of <see cref="MinWords"/> or more ASCII words in one segment of text.</summary>
    public static IEnumerable<string> Runs(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var text = CodeLike().Replace(segment, " ");
        var run = new List<string>();
        var words = 0;
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Japanese().IsMatch(token))
            {
                if (Ended(run, words) is { } english)
                    yield return english;
                run.Clear();
                words = 0;
            }
            else if (Word().IsMatch(token))
            {
                run.Add(token);
                words++;
            }
            else if (run.Count > 0)
            {
                run.Add(token); // a number or a sign inside an English sentence: part of it, not a word
            }
        }
        if (Ended(run, words) is { } last)
            yield return last;
    }

    private static string? Ended(List<string> run, int words)
    {
        if (words < MinWords)
            return null;
        // A trailing number or sign is not part of the run.
        while (run.Count > 0 && !Word().IsMatch(run[^1]))
            run.RemoveAt(run.Count - 1);
        return string.Join(' ', run);
    }

    /// <summary>Elements that flow inside a line: no break before or after them.</summary>
    private static readonly HashSet<string> Inline =
    [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small",
        "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    ];

    /// <summary>Elements whose content is not read: not visible, or code.</summary>
    private static readonly HashSet<string> Skipped = ["head", "script", "style", "template", "noscript", "svg", "code", "kbd", "samp", "textarea"];

    /// <summary>Elements without an end tag.</summary>
    private static readonly HashSet<string> Void =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

    [GeneratedRegex(@"<html\b[^>]*\blang=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLang();

    [GeneratedRegex(@"<!--.*?-->|<[!?/]?[A-Za-z][^>]*>|<![^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tag();

    [GeneratedRegex(@"^</?([A-Za-z][A-Za-z0-9-]*)")]
    private static partial Regex TagName();

    [GeneratedRegex(@"\s(hidden|aria-hidden=""true""|lang=""en[^""]*"")(\s|>|/)|type=""hidden""", RegexOptions.IgnoreCase)]
    private static partial Regex SkippedByAttribute();

    [GeneratedRegex(@"\s(placeholder|title|aria-label|alt)=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex ReadAttribute();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>URLs, e-mail addresses, paths, GUIDs and hex ids: never words.</summary>
    [GeneratedRegex(@"https?://\S+|\S+@\S+\.\S+|(?<!\S)/\S*|\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b|\b[0-9a-fA-F]{16,}\b")]
    private static partial Regex CodeLike();

    /// <summary>An ASCII word, with the ASCII punctuation of a sentence around it ("(rule", "days,", "it's").</summary>
    [GeneratedRegex(@"^[(\[""']*[A-Za-z][A-Za-z'’\-]*[)\]""'.,:;!?]*$")]
    private static partial Regex Word();

    /// <summary>Kana, kanji, Japanese punctuation and full-width forms.</summary>
    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}\p{IsHalfwidthandFullwidthForms}]")]
    private static partial Regex Japanese();

    [GeneratedRegex(@"^[A-Z][A-Z'\-]+( [A-Z][A-Z'\-]+)+$")]
    private static partial Regex UpperCaseRun();
}
