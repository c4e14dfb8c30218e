using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;
using Myna.Testing;

namespace Myna.Crash.Tests;

/// <summary>One round: a procedure sent to a subject, and how the server died.</summary>
public sealed class Round(Procedure procedure, int number, int of, Subject subject)
{
    public Procedure Procedure { get; } = procedure;

    public Subject Subject { get; } = subject;

    /// <summary>The named crash point, or null for a random kill.</summary>
    public string? Point { get; init; }

    /// <summary>The random delay of the kill after the request was sent, or null.</summary>
    public TimeSpan? Delay { get; init; }

    public ApiAnswer? Answer { get; set; }

    /// <summary>Whether the process died during the round (at the point, or by the harness's kill).</summary>
    public bool Died { get; set; }

    /// <summary>What the first check after the restart found.</summary>
    public Outcome Observed { get; set; }

    /// <summary>Whether the round's request was sent (false: its server could not be brought up with the point armed).</summary>
    public bool Ran { get; set; }

    /// <summary>Whether the check after the round's death was made.</summary>
    public bool Checked { get; set; }

    /// <summary>The test that reports this round's failures.</summary>
    public string Owner => CrashRun.OwnerOf(Procedure, Point is null ? CrashRun.RandomMode : CrashRun.PointsMode);

    public string Label => Point is not null
        ? $"round {number}/{of} at {Point}"
        : string.Create(CultureInfo.InvariantCulture, $"round {number}/{of} killed {Delay!.Value.TotalMilliseconds:0} ms after the request, seed {CrashSettings.Seed}");
}

/// <summary>
/// Rounds on one data directory, restarting the real server after every death and checking the invariants after
/// every restart. Each failure is recorded with its procedure, round, point or delay, and seed, for the test that
/// owns the round; nothing in a message is a My Number or a PIN (ids, serials, states, and the harness's own
/// test addresses and names only).
/// </summary>
public sealed class CrashRun : IAsyncDisposable
{
    public const string PointsMode = "points";
    public const string RandomMode = "random";

    /// <summary>The owner of failures that are no round's (the harness could not go on, a finding before any kill).</summary>
    public const string Harness = "harness";

    private readonly string _name;
    private readonly string _work;
    private readonly string _log;
    private readonly List<(string Owner, string Line)> _failures = [];
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private ChipReader? _chips;
    private HashSet<string> _known = [];
    private ServerProcess? _server;
    private int _starts;
    private bool _disposed;
    private TimeSpan _serverProcessorTime;
    private readonly HashSet<string> _unreachable = [];

    public CrashRun(string name)
    {
        _name = name;
        _work = Directory.CreateTempSubdirectory($"myna-crash-{name}-").FullName;
        DataDirectory = Path.Combine(_work, "data");
        TestKeySet.CopyInto(DataDirectory);
        _log = Path.Combine(_work, "server.log");
        Log($"{name}: data directory {DataDirectory}, server {ServerProcess.ServerAssembly}");
    }

    public string DataDirectory { get; }

    /// <summary>The test output the run's lines also go to while one test drives it; null when none does.</summary>
    public ITestOutputHelper? Output { get; set; }

    public static string OwnerOf(Procedure procedure, string mode) => $"{procedure.Name} {mode}";

    private WindowApi Api => new(_server!.Window);

    private ChipReader Chips => _chips ??= new ChipReader(DataDirectory);

    /// <summary>Prepares <paramref name="count"/> subjects of each procedure on a server without a crash point, then checks the directory once.</summary>
    public Task<Dictionary<Procedure, List<Subject>>> PrepareAsync(IEnumerable<(Procedure Procedure, int Count)> wanted, int firstIndex = 0) =>
        GuardedAsync(async () =>
        {
            var server = _server ?? await StartAsync(null);
            await server.SignInAsync();
            var subjects = new Dictionary<Procedure, List<Subject>>();
            foreach (var (procedure, count) in wanted)
            {
                var list = subjects[procedure] = [];
                for (var i = 0; i < count; i++)
                    list.Add(await procedure.PrepareAsync(Api, firstIndex + i));
            }
            await CheckAsync(Harness, "after the preparation, before any kill");
            return subjects;
        }, new Dictionary<Procedure, List<Subject>>());

    /// <summary>
    /// Kills the server at each round's named point: each crash server also runs the previous round's recovery and
    /// check; a last server without a crash point checks the last round, retries every round and checks again. That
    /// server is left running.
    /// </summary>
    public Task NamedPointsAsync(IReadOnlyList<Round> rounds) => GuardedAsync(async () =>
    {
        Round? previous = null;
        foreach (var round in rounds)
        {
            if (!await StartArmedAsync(round, previous))
                continue;
            previous = null;
            var server = _server!;
            server.Note($"{round.Procedure.Name} {round.Label}: {round.Subject}");
            round.Ran = true;
            round.Answer = await round.Procedure.RunAsync(Api, round.Subject);
            round.Died = await server.WaitForExitAsync(round.Answer.Status is null ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(1));
            if (!round.Died)
            {
                Fail(round, $"the server did not die at crash point '{round.Point}': the {round.Procedure.Name} answered {round.Answer} " +
                    "(is the point implemented for this procedure, and Myna:CrashAt read?)");
            }
            else if (server.ExitCode != 137)
            {
                Fail(round, $"the server died with exit code {server.ExitCode}, not by SIGKILL (137); the {round.Procedure.Name} answered {round.Answer}");
            }
            else
            {
                Log($"{round.Procedure.Name} {round.Label}: the server killed itself (SIGKILL)");
            }
            await StopAsync();
            previous = round;
        }
        await StartAsync(null);
        if (previous is { Checked: false })
            await AfterRestartAsync(previous);
        else
            await CheckAsync(Harness, "restart after the named rounds");
        await _server!.SignInAsync();
        var ran = rounds.Where(r => r.Ran).ToList();
        foreach (var round in ran)
            await RetryAsync(round);
        var after = await CheckAsync(Harness, "after the retries of the named rounds");
        foreach (var round in ran)
            VerifyAfterRetries(round, after);
    });

    /// <summary>
    /// Brings up a server with the round's point armed, after the check of the previous round, and signs in. A server
    /// that dies before the round's request (its start's recovery, or the daily sweep, reached the armed point) is
    /// followed by a start without a point, which completes the recovery and makes the check, and one more try; a
    /// second such death fails the round, which is then not run.
    /// </summary>
    private async Task<bool> StartArmedAsync(Round round, Round? previous)
    {
        if (_unreachable.Contains(round.Point!))
        {
            Fail(round, $"not run: no server stays up with '{round.Point}' armed (found at an earlier round of this run)");
            return false;
        }
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            int? died;
            try
            {
                await StartAsync(round.Point);
                if (previous is { Checked: false })
                    await AfterRestartAsync(previous);
                else
                    await CheckAsync(Harness, $"[{round.Procedure.Name} {round.Label}] restart before the round");
                await _server!.SignInAsync();
                if (!_server.HasExited)
                    return true;
                died = _server.ExitCode;
            }
            catch (ServerDiedException e)
            {
                died = e.ExitCode;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or TaskCanceledException
                                          or Microsoft.Data.Sqlite.SqliteException && _server is not null)
            {
                if (!await _server!.WaitForExitAsync(TimeSpan.FromSeconds(5)))
                    throw;
                died = _server.ExitCode;
            }
            Log($"{round.Procedure.Name} {round.Label}: the server armed with '{round.Point}' died (exit {died}) before the round's request: " +
                "something at start reached the point (the recovery of an earlier round, or the daily sweep); starting without it");
            await StartAsync(null);
            if (previous is { Checked: false })
                await AfterRestartAsync(previous);
            else
                await CheckAsync(Harness, $"[{round.Procedure.Name} {round.Label}] restart without a crash point");
        }
        _unreachable.Add(round.Point!);
        Fail(round, $"every server started with '{round.Point}' armed died before the round's request could reach it (twice, the second time " +
            "with no intent left to recover): something that every start runs reaches the point (for 'committed': the daily sweep, which commits " +
            "through the procedure runner at each start), so no procedure can be killed there; the round was not run");
        return false;
    }

    /// <summary>
    /// Kills the server (SIGKILL) at a random instant while <paramref name="procedure"/> runs, <paramref name="rounds"/>
    /// times, each on a fresh subject; the delays are uniform over the duration of one uncrashed run on the same server (the calibration).
    /// Each restart checks, retries the round and checks again. The last server is left running.
    /// </summary>
    public Task RandomKillsAsync(Procedure procedure, int rounds) => GuardedAsync(async () =>
    {
        var owner = OwnerOf(procedure, RandomMode);
        var random = new Random(CrashSettings.Seed);
        Log($"{procedure.Name} random kills: seed {CrashSettings.Seed} (MYNA_CRASH_SEED={CrashSettings.Seed} replays the delays)");
        var server = _server;
        if (server is null)
        {
            server = await StartAsync(null);
            await CheckAsync(Harness, "restart before the first round");
        }
        await server.SignInAsync();

        var calibration = await procedure.PrepareAsync(Api, RandomRounds.FirstIndex);
        var timer = Stopwatch.StartNew();
        var answer = await procedure.RunAsync(Api, calibration);
        var duration = timer.Elapsed;
        if (!answer.Succeeded)
            Fail(owner, $"[{procedure.Name} calibration]", $"the {procedure.Name} failed without any crash: {answer}");
        Log(string.Create(CultureInfo.InvariantCulture, $"{procedure.Name} calibration: one uncrashed run took {duration.TotalMilliseconds:0} ms"));

        for (var k = 1; k <= rounds; k++)
        {
            var subject = await procedure.PrepareAsync(Api, RandomRounds.FirstIndex + k);
            var round = new Round(procedure, k, rounds, subject) { Delay = TimeSpan.FromMilliseconds(random.NextDouble() * duration.TotalMilliseconds) };
            server.Note($"{procedure.Name} {round.Label}: {round.Subject}");
            var sent = Stopwatch.StartNew();
            var running = procedure.RunAsync(Api, subject);
            var remaining = round.Delay.Value - sent.Elapsed;
            if (remaining > TimeSpan.Zero)
                await Task.Delay(remaining);
            var answeredFirst = running.IsCompleted;
            server.Kill();
            round.Answer = await running;
            round.Died = true;
            Log($"{procedure.Name} {round.Label}: killed; the request {(answeredFirst ? $"had been answered {round.Answer}" : "was still running")}");
            await StopAsync();

            server = await StartAsync(null);
            await AfterRestartAsync(round);
            await server.SignInAsync();
            await RetryAsync(round);
            VerifyAfterRetries(round, await CheckAsync(round.Owner, $"[{procedure.Name} {round.Label}, after the retries]"));
        }
    });

    /// <summary>The failures of one test (with those of the harness, which every test of the run reports).</summary>
    public IReadOnlyList<string> FailuresOf(string owner)
    {
        lock (_gate)
            return [.. _failures.Where(f => f.Owner == owner || f.Owner == Harness).Select(f => f.Line)];
    }

    /// <summary>Every line the run logged so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
                return [.. _lines];
        }
    }

    /// <summary>Fails the test that owns <paramref name="owner"/> with its failures (the directory is then kept).</summary>
    public void AssertClean(string owner, string what)
    {
        var failures = FailuresOf(owner);
        if (failures.Count == 0)
            return;
        var message = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{failures.Count} crash-safety failure(s) of the {what} (seed {CrashSettings.Seed}):")
            .AppendJoin(Environment.NewLine, failures.Select(f => "  - " + f)).AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Data directory and server log kept in {_work}");
        Assert.Fail(message.ToString());
    }

    /// <summary>Logs what the run cost: server starts, time, and the servers' processor time.</summary>
    public void LogSummary() =>
        Log(string.Create(CultureInfo.InvariantCulture,
            $"{_name}: {_starts} server starts in {_watch.Elapsed.TotalSeconds:0.0} s; the servers the harness killed used {_serverProcessorTime.TotalSeconds:0.0} s of processor time; {_failures.Count} failure(s)"));

    /// <summary>Copies the data directory (lock files left out) to <paramref name="destination"/>, with no server running on it.</summary>
    public void CopyDataTo(string destination)
    {
        foreach (var file in Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".lock", StringComparison.Ordinal))
                continue;
            var target = Path.Combine(destination, Path.GetRelativePath(DataDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await StopAsync();
        _chips?.Dispose();
        if (_failures.Count == 0 && !CrashSettings.KeepDirectories)
        {
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory; nothing depends on it.
            }
        }
    }

    private Task GuardedAsync(Func<Task> run) => GuardedAsync(async () =>
    {
        await run();
        return true;
    }, false);

    private async Task<T> GuardedAsync<T>(Func<Task<T>> run, T otherwise)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or JsonException or KeyNotFoundException
                                      or Microsoft.Data.Sqlite.SqliteException or Xunit.Sdk.XunitException)
        {
            Fail(Harness, "[harness]", $"the run stopped: {e.GetType().Name}: {e.Message}\nserver log tail:\n{ServerProcess.LogTail(_log)}");
            await StopAsync();
            return otherwise;
        }
    }

    private async Task<ServerProcess> StartAsync(string? crashAt)
    {
        await StopAsync();
        var timer = Stopwatch.StartNew();
        _server = await ServerProcess.StartAsync(DataDirectory, _log, crashAt);
        _starts++;
        Log(string.Create(CultureInfo.InvariantCulture, $"started {_server} in {timer.Elapsed.TotalSeconds:0.0} s ({_server.ProcessorTimeNow.TotalSeconds:0.0} s of processor time)"));
        return _server;
    }

    /// <summary>Kills the server that is left running, if any.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
            return;
        var server = _server;
        _server = null;
        await server.DisposeAsync();
        _serverProcessorTime += server.ProcessorTime;
    }

    /// <summary>Runs the invariant checker; reports to <paramref name="owner"/> the findings that the previous check did not have.</summary>
    private async Task<CheckResult> CheckAsync(string owner, string context)
    {
        var timer = Stopwatch.StartNew();
        var result = await InvariantChecker.CheckAsync(_server!, Chips);
        foreach (var finding in result.Findings.Where(f => !_known.Contains(f.Key)))
            Fail(owner, context, finding.ToString());
        _known = [.. result.Findings.Select(f => f.Key)];
        Log(string.Create(CultureInfo.InvariantCulture,
            $"{context}: checked {result.Db.Cards.Count} cards, {result.Db.Certificates.Count} certificates in {timer.Elapsed.TotalMilliseconds:0} ms; {result.Findings.Count} finding(s)"));
        return result;
    }

    /// <summary>The first check after the restart that follows a round's death, and the round's all-or-nothing verdict.</summary>
    private async Task AfterRestartAsync(Round round)
    {
        var procedure = round.Procedure;
        var check = await CheckAsync(round.Owner, $"[{procedure.Name} {round.Label}, after restart]");
        var probe = procedure.Probe(round.Subject, check);
        round.Observed = probe.Outcome;
        Outcome? expected = round.Point is { } point && round.Died
            ? CrashPoints.IsBeforeCommit(point) ? Outcome.NotDone : Outcome.Done
            : round.Answer?.Succeeded == true ? Outcome.Done : null;
        round.Checked = true;
        if (probe.Outcome == Outcome.Inconsistent)
            Fail(round, $"the {procedure.Name} is neither done nor undone after recovery: {probe.Detail}");
        else if (expected is { } wanted && wanted != probe.Outcome)
            Fail(round, $"after recovery the {procedure.Name} should be {wanted}, it is {probe.Outcome}: {probe.Detail}");
        Log($"{procedure.Name} {round.Label}: after recovery {probe.Outcome}: {probe.Detail}");
    }

    /// <summary>
    /// The same procedure again, twice: it succeeds once in all (now if recovery undid it, never if it was done) and
    /// the second retry is refused, or answers "Nothing changed." for a change of details; a PIN reset is retried once.
    /// </summary>
    private async Task RetryAsync(Round round)
    {
        var procedure = round.Procedure;
        var first = await procedure.RunAsync(Api, round.Subject);
        Log($"{procedure.Name} {round.Label}: retry answered {first}");
        switch (round.Observed)
        {
            case Outcome.NotDone when !first.Succeeded || (procedure.Retry == RetryAnswer.NothingChanged && NothingChanged(first)):
                Fail(round, $"retrying the undone {procedure.Name} should do it, it answered {first}");
                break;
            case Outcome.Done when procedure.Retry == RetryAnswer.Refused && !first.Refused:
                Fail(round, $"retrying the completed {procedure.Name} should be refused (4xx), it answered {first}");
                break;
            case Outcome.Done when procedure.Retry == RetryAnswer.NothingChanged && !NothingChanged(first):
                Fail(round, $"retrying the completed {procedure.Name} should change nothing, it answered {first}");
                break;
            case Outcome.Done when procedure.Retry == RetryAnswer.Repeatable && !first.Succeeded:
                Fail(round, $"retrying the completed {procedure.Name} should succeed again, it answered {first}");
                break;
        }
        if (procedure.Retry == RetryAnswer.Repeatable)
            return;
        var second = await procedure.RunAsync(Api, round.Subject);
        if (procedure.Retry == RetryAnswer.Refused && !second.Refused)
            Fail(round, $"a second retry of the {procedure.Name} should be refused (4xx), it answered {second}");
        if (procedure.Retry == RetryAnswer.NothingChanged && !NothingChanged(second))
            Fail(round, $"a second retry of the {procedure.Name} should change nothing, it answered {second}");
    }

    private void VerifyAfterRetries(Round round, CheckResult check)
    {
        var probe = round.Procedure.Probe(round.Subject, check);
        if (probe.Outcome != Outcome.Done)
            Fail(round, $"after the retries the {round.Procedure.Name} should be done, it is {probe.Outcome}: {probe.Detail}");
        if (round.Procedure.CountProblem(round.Subject, check) is { } problem)
            Fail(round, problem);
    }

    /// <summary>A change of details that found the record as asked: no card touched, no endorsement written (notice "Nothing changed.").</summary>
    private static bool NothingChanged(ApiAnswer answer) =>
        answer.Succeeded && answer.Json is var json && json.TryGetProperty("resident", out _)
        && (!json.TryGetProperty("card", out var card) || card.ValueKind == JsonValueKind.Null)
        && (!json.TryGetProperty("endorsement", out var endorsement) || endorsement.ValueKind == JsonValueKind.Null);

    private void Fail(Round round, string message) => Fail(round.Owner, $"[{round.Procedure.Name} {round.Label}]", message);

    private void Fail(string owner, string context, string message)
    {
        var line = $"{context} {message}";
        lock (_gate)
            _failures.Add((owner, line));
        Log("FAIL " + line);
    }

    private void Log(string line)
    {
        var stamped = string.Create(CultureInfo.InvariantCulture, $"{_watch.Elapsed.TotalSeconds,7:0.0}s {line}");
        lock (_gate)
            _lines.Add(stamped);
        try
        {
            Output?.WriteLine(stamped);
        }
        catch (InvalidOperationException)
        {
            // The test that was listening has ended.
        }
        _server?.Note(line);
    }
}
