using System.CommandLine;

namespace Myna.Cli.Commands;

/// <summary>
/// <c>myna completion bash|zsh</c>: a script for the shell's tab completion. It asks <c>myna</c> itself through
/// System.CommandLine's <c>[suggest]</c> directive, so the completions always match the installed commands.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # myna: tab completion for bash. Load it with: source <(myna completion bash)
        _myna_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$(myna "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _myna_complete myna
        """;

    private const string Zsh = """
        # myna: tab completion for zsh. Load it with: source <(myna completion zsh)
        _myna_complete() {
            local -a suggestions
            suggestions=("${(@f)$(myna "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
            compadd -a suggestions
        }
        compdef _myna_complete myna
        """;

    public static Command Build(CliContext context)
    {
        var shell = new Argument<string>("SHELL") { Description = context.Help("bash または zsh。", "bash or zsh.") }.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", context.Help(
            "シェルのタブ補完のスクリプトを出力します: source <(myna completion bash)。",
            "Print the tab-completion script for a shell: source <(myna completion bash).")) { shell };
        command.SetAction(parse =>
        {
            context.Console.Profile.Out.Writer.WriteLine(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Ok;
        });
        return command;
    }
}
