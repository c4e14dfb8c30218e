using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Myna.Primitives.Text;
using Spectre.Console;

namespace Myna.Cli.Output;

/// <summary>The language a command speaks: by <c>--lang</c>, else by the locale (<c>LC_ALL</c>, <c>LC_MESSAGES</c>, <c>LANG</c>).</summary>
internal enum CliLanguage
{
    English,
    Japanese,
}

/// <summary>
/// Why a command stopped: the exit code a script tests, a short code it can match in <c>--json</c>, the cause and what
/// to do about it, in both languages. Never holds a PIN or a My Number.
/// </summary>
/// <param name="Exit">One of <see cref="ExitCodes"/>.</param>
/// <param name="Code">A stable name for scripts (<c>no-reader</c>, <c>pin-blocked</c> …).</param>
/// <param name="Cause">What went wrong.</param>
/// <param name="Remedy">What the user can do, if anything.</param>
internal sealed record CliProblem(int Exit, string Code, LocalizedText Cause, LocalizedText? Remedy = null);

/// <summary>
/// What a command writes, in the language and the form (<c>--json</c> or tables) the user chose. Results go to standard
/// output; problems and warnings to standard error, and with <c>--json</c> a problem is also written to standard output
/// as <c>{"error": {"code", "message", "remedy"}}</c> so that a script reads one JSON document whatever happens.
/// </summary>
internal sealed class CliOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Names and addresses stay readable Japanese in the output instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly CliContext _context;

    private CliOutput(CliContext context, CliLanguage language, bool json)
    {
        _context = context;
        Language = language;
        Json = json;
    }

    public CliLanguage Language { get; }

    /// <summary>True with <c>--json</c>: the result is one JSON document on standard output.</summary>
    public bool Json { get; }

    public IAnsiConsole Console => _context.Console;

    /// <summary>The output of the command that <paramref name="parse"/> names.</summary>
    public static CliOutput For(CliContext context, ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parse);
        var language = LanguageOfName(parse.GetValue<string?>(GlobalOptions.LanguageName)) ?? LanguageOfLocale(context.Environment);
        return new CliOutput(context, language, parse.GetValue<bool>(GlobalOptions.JsonName));
    }

    /// <summary>The language <c>--lang</c> names (<c>ja</c>, <c>en</c>), or null.</summary>
    internal static CliLanguage? LanguageOfName(string? name) => name switch
    {
        "ja" => CliLanguage.Japanese,
        "en" => CliLanguage.English,
        _ => null,
    };

    /// <summary>
    /// The language the arguments choose with <c>--lang ja</c> or <c>--lang=ja</c> (the last one wins, as when parsed), or
    /// null: read before the command tree is built, so that its help texts are in that language too.
    /// </summary>
    internal static CliLanguage? LanguageOfArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        CliLanguage? chosen = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--")
                break;
            if (args[i] == GlobalOptions.LanguageName && i + 1 < args.Count)
                chosen = LanguageOfName(args[i + 1]) ?? chosen;
            else if (args[i].StartsWith(GlobalOptions.LanguageName + "=", StringComparison.Ordinal))
                chosen = LanguageOfName(args[i][(GlobalOptions.LanguageName.Length + 1)..]) ?? chosen;
        }
        return chosen;
    }

    /// <summary>Japanese when the locale's language is Japanese (<c>ja_JP.UTF-8</c>), English otherwise (<c>C</c>, <c>en_US</c>, none).</summary>
    internal static CliLanguage LanguageOfLocale(Func<string, string?> environment)
    {
        // POSIX precedence: the first of these that is set decides.
        foreach (var variable in (string[])["LC_ALL", "LC_MESSAGES", "LANG"])
        {
            if (environment(variable) is { Length: > 0 } locale)
                return locale.StartsWith("ja", StringComparison.OrdinalIgnoreCase) ? CliLanguage.Japanese : CliLanguage.English;
        }
        return CliLanguage.English;
    }

    /// <summary>The text in the command's language.</summary>
    public string T(LocalizedText text) => Language == CliLanguage.Japanese ? text.Japanese : text.English;

    /// <summary>A pair written where it is used.</summary>
    public string T(string japanese, string english) => Language == CliLanguage.Japanese ? japanese : english;

    /// <summary>A line of the human output (not with <c>--json</c>), as markup-free text.</summary>
    public void Line(LocalizedText text)
    {
        if (!Json)
            Console.WriteLine(T(text));
    }

    /// <summary>Writes the problem (standard error; with <c>--json</c> also standard output) and answers its exit code.</summary>
    public int Fail(CliProblem problem)
    {
        Complain(problem);
        if (Json)
            WriteJson(new { error = new { code = problem.Code, message = T(problem.Cause), remedy = problem.Remedy is { } r ? T(r) : null } });
        return problem.Exit;
    }

    /// <summary>
    /// Writes the problem on standard error only and answers its exit code: for a command whose JSON result still follows
    /// (and names the problem itself).
    /// </summary>
    public int Complain(CliProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _context.Error.WriteLine(T("エラー: ", "error: ") + T(problem.Cause));
        if (problem.Remedy is { } remedy)
            _context.Error.WriteLine(T("対処: ", "what to do: ") + T(remedy));
        return problem.Exit;
    }

    /// <summary>Bad input, each reason on its own line: exit code <see cref="ExitCodes.BadInput"/>.</summary>
    public int FailInput(IReadOnlyList<LocalizedText> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        foreach (var reason in reasons.Skip(1))
            _context.Error.WriteLine(T("エラー: ", "error: ") + T(reason));
        return Fail(new CliProblem(ExitCodes.BadInput, "bad-input", reasons[0]));
    }

    /// <summary>A warning on standard error, in both output forms.</summary>
    public void Warn(LocalizedText text) => _context.Error.WriteLine(T("警告: ", "warning: ") + T(text));

    /// <summary>A value as indented JSON (camelCase names, enum values in kebab-case) on standard output.</summary>
    public void WriteJson<T>(T value) => Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}

/// <summary>
/// The options every command takes: <c>--json</c> and <c>--lang</c>, made for each command tree (their help is in the
/// tree's language). <see cref="CliOutput.For"/> reads them by name.
/// </summary>
internal sealed class GlobalOptions(CliContext context)
{
    public const string JsonName = "--json";
    public const string LanguageName = "--lang";

    public Option<bool> Json { get; } = new(JsonName)
    {
        Description = context.Help(
            "結果を1つのJSON文書として標準出力に書き出します（エラーは {\"error\": …}）。",
            "Write the result as one JSON document on standard output (errors as {\"error\": …})."),
        Recursive = true,
    };

    public Option<string?> Language { get; } = new Option<string?>(LanguageName)
    {
        Description = context.Help(
            "出力とヘルプの言語: ja または en（既定: ロケールの言語。LC_ALL / LC_MESSAGES / LANG）。",
            "Language of the output: ja or en (default: the locale's, LC_ALL / LC_MESSAGES / LANG)."),
        Recursive = true,
    }.AcceptOnlyFromAmong("ja", "en");
}
