namespace Myna.Crash.Tests;

[CollectionDefinition(Name)]
public sealed class CrashCollection : ICollectionFixture<CrashFixture>
{
    /// <summary>One collection: the crash runs take turns (two server processes at once would only slow both).</summary>
    public const string Name = "crash harness";
}

/// <summary>
/// The runs the crash tests report on.
/// <para>Quick version (the normal suite): one chain on one data directory through every procedure with chip
/// effects, one named point each (together every point), then a few random kills of a delivery. Each crash server
/// also runs the previous round's recovery and check, so the chain costs one server start per round; each test
/// reports the failures of its own rounds.</para>
/// <para>Long version (<c>MYNA_CRASH_ROUNDS</c>): a template data directory is made once (the server's first start:
/// authorities' keys, staff accounts, municipalities); each test then works on its own copy, one data directory per
/// procedure and mode across all its rounds, and prepares its own subjects.</para>
/// </summary>
public sealed class CrashFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<CrashRun> _runs = [];
    private CrashRun? _quick;
    private CrashRun? _template;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The quick chain, run by the first test that asks for it.</summary>
    public async Task<CrashRun> QuickChainAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_quick is not null)
                return _quick;
            var run = _quick = Track(new CrashRun("quick"));
            var procedures = Procedures.WithNamedRounds.ToList();
            var subjects = await run.PrepareAsync(procedures.Select(p => (p, p.QuickPoints.Count)));
            var planned = procedures.SelectMany(p => p.QuickPoints.Select((point, i) => (p, point, i))).ToList();
            var rounds = planned
                .Where(r => subjects.ContainsKey(r.p))
                .Select((r, n) => new Round(r.p, n + 1, planned.Count, subjects[r.p][r.i]) { Point = r.point })
                .ToList();
            await run.NamedPointsAsync(rounds);
            await run.RandomKillsAsync(Procedures.Delivery, CrashSettings.QuickRandomRounds);
            await run.StopAsync();
            run.LogSummary();
            return run;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A new run of the long version on a copy of the template (a data directory after the server's first start), with
    /// the subjects of <paramref name="procedure"/>'s named points prepared on it when <paramref name="mode"/> is
    /// <see cref="CrashRun.PointsMode"/>; the preparing server is left running.
    /// </summary>
    public async Task<(CrashRun Run, IReadOnlyList<Round> Rounds)> LongRunAsync(Procedure procedure, string mode)
    {
        await _gate.WaitAsync();
        try
        {
            if (_template is null)
            {
                _template = Track(new CrashRun("template"));
                await _template.PrepareAsync([]);
                await _template.StopAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
        var run = Track(new CrashRun($"{procedure.Name}-{mode}"));
        _template.CopyDataTo(run.DataDirectory);
        if (mode != CrashRun.PointsMode)
            return (run, []);
        var points = procedure.PlannedPoints;
        var subjects = await run.PrepareAsync([(procedure, points.Count)]);
        var prepared = subjects.GetValueOrDefault(procedure, []);
        return (run, [.. prepared.Select((subject, i) => new Round(procedure, i + 1, points.Count, subject) { Point = points[i] })]);
    }

    /// <summary>The template's failures (its first start), reported by every long test.</summary>
    public IReadOnlyList<string> TemplateFailures => _template?.FailuresOf(CrashRun.Harness) ?? [];

    public async Task DisposeAsync()
    {
        foreach (var run in _runs)
            await run.DisposeAsync();
        _gate.Dispose();
    }

    private CrashRun Track(CrashRun run)
    {
        _runs.Add(run);
        return run;
    }
}
