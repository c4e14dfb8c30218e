using System.Diagnostics;

namespace Myna.Benchmarking;

/// <summary>A timed phase of a load benchmark: how many operations, their rate and latencies, the errors.</summary>
/// <param name="Stopped">A worker ran out of prepared work before the time was up (the rate is then a lower bound).</param>
internal sealed record TimedRun(int Count, double Elapsed, double Rate, double P50, double P95, double P99, int Errors, bool Stopped);

/// <summary>
/// Closed-loop load: C workers each doing an operation back to back for a duration. Shared by the load benchmarks over
/// HTTP (each project compiles this file in).
/// </summary>
internal static class TimedRuns
{
    /// <summary>
    /// C workers doing <paramref name="operation"/> (worker i as client i) back to back for the duration; a worker stops
    /// early when <paramref name="exhausted"/> says its prepared work is used up. An operation that throws an HTTP,
    /// timeout or <see cref="InvalidOperationException"/> (a wrong answer) counts as an error, the first three printed.
    /// </summary>
    public static async Task<TimedRun> RunForAsync(int concurrency, double seconds, Func<int, Task> operation, Func<int, bool>? exhausted = null)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stopped = false;
        var timer = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<double>(10_000);
            while (timer.Elapsed.TotalSeconds < seconds)
            {
                if (exhausted?.Invoke(i) == true)
                {
                    stopped = true;
                    break;
                }
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(i);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    if (Interlocked.Increment(ref errors) <= 3)
                        await Console.Error.WriteLineAsync("  error: " + e.Message);
                }
            }
        })));
        var elapsed = timer.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        return new TimedRun(all.Count, elapsed, all.Count / elapsed, Percentile(all, 0.5), Percentile(all, 0.95), Percentile(all, 0.99), errors, stopped);
    }

    /// <summary>The p-quantile (nearest rank) of the values, sorting them; NaN when there are none.</summary>
    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
    }
}
