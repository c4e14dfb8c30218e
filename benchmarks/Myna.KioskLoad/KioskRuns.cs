using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance;
using Myna.ConvenienceIssuance.Municipal;
using Myna.Documents;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Reader;
using Myna.Registry.Rules;
using Myna.Storage.Audit;
using Myna.Storage.History;
using Myna.Storage.Kiosk;
using Myna.Window;

namespace Myna.KioskLoad;

/// <summary>
/// The three measurements of docs/performance.md's kiosk section, in one run: whole transactions one after another (with
/// the time of each step), the anchors alone (the chip, the centre's verification, the composition, the seal, the PDF,
/// SQLite's commits), and N holders at once walking between the network's machines.
/// </summary>
/// <remarks>
/// One transaction is what a holder does at a store (docs/kiosk.md, U2.4): open a session, set the card (its
/// certificate is read), the PIN (VERIFY and the signature of the challenge on the chip, then the centre verifies
/// signature, chain, validity and status from the in-process registry, and finds the holder), the choice of the
/// certificate (the municipality decides), the payment (one unit of work: the payment, each copy composed, sealed and
/// rendered, the exchange history and the audit entry, committed to SQLite), and the printing (each job fetched, its
/// binding checked, reported printed).
/// </remarks>
internal sealed class KioskRuns(KioskWorld world, KioskOptions options)
{
    private static readonly string[] Steps = ["① open", "② card set", "③ PIN: chip + centre", "④⑤ choose", "⑥ pay (unit of work)", "⑦ print"];

    private readonly List<string> _rows = [];

    public async Task RunAsync()
    {
        var order = new CertificateOrder(KioskWorld.Koriyama, KioskCertificate.ResidentRecord, options.Copies);
        var machine = world.Machines[0];
        for (var i = 0; i < options.Warmup; i++)
            await TransactAsync(world.Holders[i % world.Holders.Count], machine, order, null);

        // 1. One transaction after another, at one machine, the holders taking turns.
        Console.WriteLine($"sequential: {options.Transactions} transactions of {options.Copies} cop{(options.Copies == 1 ? "y" : "ies")} after {options.Warmup} to warm up; load average {Program.LoadAverage()}");
        var whole = new Latencies();
        var steps = Steps.Select(_ => new Latencies()).ToArray();
        var cpu = ProcessorTime();
        for (var i = 0; i < options.Transactions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await TransactAsync(world.Holders[i % world.Holders.Count], machine, order, steps);
            whole.Add(Stopwatch.GetElapsedTime(started));
        }
        var cpuPerTransaction = (ProcessorTime() - cpu).TotalMilliseconds / options.Transactions;
        Row("**whole transaction**", whole);
        Console.WriteLine(Invariant($"  CPU time of the process: {cpuPerTransaction:F1} ms a transaction"));
        for (var s = 0; s < Steps.Length; s++)
            Row("  " + Steps[s], steps[s]);

        // 2. The anchors, each alone.
        Console.WriteLine($"anchors: {options.AnchorRuns} runs each; load average {Program.LoadAverage()}");
        await AnchorsAsync(order);

        // 3. N holders at once.
        var parallel = new List<string>();
        foreach (var n in options.Holders)
        {
            var load = Program.LoadAverage();
            var before = ProcessorTime();
            var (count, errors, rate, latencies) = await ParallelAsync(n, order);
            var perTransaction = (ProcessorTime() - before).TotalMilliseconds / count;
            parallel.Add(Invariant($"| {n} | {count:N0} | {rate:N1} | {latencies.Percentile(0.5):F1} | {latencies.Percentile(0.95):F1} | {latencies.Percentile(0.99):F1} | {latencies.Max:F1} | {errors} | {perTransaction:F1} | {perTransaction * rate / 1000:F2} | {load} |"));
            Console.WriteLine("  " + parallel[^1]);
        }

        Console.WriteLine();
        Console.WriteLine("| operation | n | p50 ms | p95 ms | p99 ms | max ms | mean ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in _rows)
            Console.WriteLine(row);
        Console.WriteLine();
        Console.WriteLine($"| holders at once | transactions in {options.Seconds} s | transactions/s | p50 ms | p95 ms | p99 ms | max ms | errors | CPU ms/transaction | cores busy | load average before |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in parallel)
            Console.WriteLine(row);
    }

    /// <summary>One whole transaction of <paramref name="holder"/> at <paramref name="at"/>; the time of each step into <paramref name="steps"/>.</summary>
    private static async Task TransactAsync(Holder holder, Machine at, CertificateOrder order, Latencies[]? steps)
    {
        var mark = Stopwatch.GetTimestamp();
        void Step(int index)
        {
            steps?[index].Add(Stopwatch.GetElapsedTime(mark));
            mark = Stopwatch.GetTimestamp();
        }
        var transaction = Expect(await at.Kiosk.StartAsync());
        Step(0);
        Expect(await transaction.SetCardAsync(holder.Card));
        Step(1);
        Expect(await transaction.EnterPinAsync(KioskWorld.AuthenticationPin));
        Step(2);
        var quote = Expect(await transaction.ChooseAsync(order));
        Step(3);
        Expect(await transaction.PayAsync(quote.FeeYen));
        Step(4);
        if (Expect(await transaction.PrintAsync()) != order.Copies)
            throw new InvalidOperationException("Not every copy printed.");
        Step(5);
    }

    private static T Expect<T>(KioskAnswer<T> answer) =>
        answer.Succeeded ? answer.Value! : throw new InvalidOperationException("Refused: " + answer.Refusal);

    private async Task AnchorsAsync(CertificateOrder order)
    {
        var holder = world.Holders[0];
        var challenge = RandomNumberGenerator.GetBytes(KioskSessionRow.ChallengeLength);

        // The chip: what ③ asks of it (read the certificate, VERIFY the PIN on the card file, sign), then the signature alone.
        SignedChallenge signed = null!;
        await TimeAsync("chip: certificate, VERIFY, RSA-2048 signature (ChallengeSigner)", () =>
            signed = ChallengeSigner.Sign(holder.Card, KioskWorld.AuthenticationPin, challenge).Signed ?? throw new InvalidOperationException("PIN refused"));
        var digest = SHA256.HashData(challenge);
        holder.Card.VerifyPin(KioskWorld.AuthenticationPin);
        await TimeAsync("chip: RSA-2048 signature of a digest alone (after the PIN)", () => holder.Card.SignDigest(JpkiKey.UserAuthentication, digest));

        // The centre's verification alone: signature, chain (cached), validity, status from the in-process registry.
        await TimeAsync("centre: JpkiVerifier.VerifyLoginAsync (status by OCSP, answer kept a minute)", async () =>
        {
            if (!(await world.Verifier.VerifyLoginAsync(challenge, signed.Signature, signed.Certificate)).IsValid)
                throw new InvalidOperationException("The centre refused the card's answer.");
        });

        // The municipality's document: composed from the registry, sealed, rendered.
        var issuer = new IssuingMunicipality(KioskWorld.Koriyama, "福島県郡山市");
        var day = JapanClock.Today(world.Clock);
        CertificateContent content = null!;
        await TimeAsync("municipality: compose from the registry (CertificateComposer)", async () =>
        {
            await using var db = world.Contexts.CreateDbContext();
            content = Expect(await CertificateComposer.ComposeAsync(db, issuer, "郡山市長", holder.ResidentId, order, IssueNumbers.Next(day), day, default));
        });
        var sealer = world.Seals.SealerOf(KioskWorld.Koriyama);
        var seal = "";
        await TimeAsync("municipality: seal (DocumentSealer.Seal, ECDSA)", () => seal = sealer.Seal(content));
        var pdf = Array.Empty<byte>();
        await TimeAsync("municipality: PDF (CertificatePdf.Render)", () => pdf = world.Renderer.Render(content, seal));
        Console.WriteLine($"  the PDF: {pdf.Length:N0} bytes; the seal: {seal.Length} characters");
        var renders = Stopwatch.StartNew();
        Parallel.For(0, options.AnchorRuns, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ => world.Renderer.Render(content, seal));
        _rows.Add(Invariant($"| municipality: PDF, 2 threads at once (wall time per PDF) | {options.AnchorRuns} | | | | | {renders.Elapsed.TotalMilliseconds / options.AnchorRuns:F2} |"));
        Console.WriteLine("  " + _rows[^1]);

        // SQLite: one small write, and the payment's unit of work without its documents' composition, at a machine of its own.
        var spare = world.Spare;
        var session = Expect(await spare.Kiosk.StartAsync()).SessionId;
        await TimeAsync("SQLite: one small write (UPDATE of a session row)", async () =>
        {
            await using var db = world.Contexts.CreateDbContext();
            await db.Set<KioskSessionRow>().Where(s => s.Id == session).ExecuteUpdateAsync(u => u.SetProperty(s => s.Version, s => s.Version + 1));
        });
        await TimeAsync("SQLite: a payment's unit of work, documents ready (ProcedureRunner)", () => CommitPaymentAsync(spare, pdf, seal, order.Copies));
    }

    /// <summary>
    /// What ⑥ writes, with the documents already made: a session, the payment, one document row per copy with its PDF,
    /// the exchange-history entry and the audit entry, in one unit of work. The session is written as printed, so that
    /// nothing waits to print at the machine.
    /// </summary>
    private async Task CommitPaymentAsync(Machine machine, byte[] pdf, string seal, int copies)
    {
        var outcome = await world.Runner.RunAsync(AuditActor.KioskMachine(machine.Registered.Id), "kiosk-issue", work =>
        {
            var challenge = RandomNumberGenerator.GetBytes(KioskSessionRow.ChallengeLength);
            var session = new KioskSessionRow
            {
                Id = Guid.NewGuid(), MachineId = machine.Registered.Id, OpenedAt = work.Now, ExpiresAt = work.Now, Challenge = challenge,
                State = KioskSessionState.Printed, HolderReference = world.Holders[0].ResidentId, Municipality = KioskWorld.Koriyama,
                Certificate = KioskCertificate.ResidentRecord, Copies = copies, FeeYen = 300 * copies,
            };
            var payment = new KioskPayment
            {
                Id = Guid.NewGuid(), SessionId = session.Id, StoreId = machine.Registered.StoreId, MachineId = machine.Registered.Id,
                Municipality = KioskWorld.Koriyama, Certificate = KioskCertificate.ResidentRecord, Copies = copies, AmountYen = 300 * copies,
                PaidAt = work.Now, BusinessDay = work.Today,
            };
            work.Db.AddRange(session, payment);
            for (var copy = 0; copy < copies; copy++)
            {
                work.Db.Add(new IssuedDocumentRow
                {
                    Id = Guid.NewGuid(), IssueNumber = IssueNumbers.Next(work.Today), Municipality = KioskWorld.Koriyama,
                    Certificate = KioskCertificate.ResidentRecord, HolderReference = world.Holders[0].ResidentId, IssuedAt = work.Now,
                    SessionId = session.Id, MachineId = machine.Registered.Id, PaymentId = payment.Id, ChallengeHash = SHA256.HashData(challenge),
                    DocumentHash = SHA256.HashData(pdf), ContentHash = SHA256.HashData(pdf), Seal = seal, Pdf = pdf, State = PrintState.Pending,
                });
            }
            var text = new LocalizedText("ベンチマーク", "benchmark");
            work.Db.Add(ExchangeRecord.Of(world.Holders[0].ResidentId, work.Now, new ExchangeContent("kiosk-issued", text, text, text, text)));
            work.Audit("kiosk-issued", new AuditSubject("resident", world.Holders[0].ResidentId.ToString()), text);
            return Task.FromResult(WindowOutcome<bool>.Success(true));
        }, default);
        if (!outcome.Succeeded)
            throw new InvalidOperationException("The unit of work was refused: " + outcome.Refusal);
    }

    /// <summary>N holders, each with a card of their own, doing whole transactions back to back at whichever machine is free.</summary>
    private async Task<(int Count, int Errors, double Rate, Latencies Latencies)> ParallelAsync(int holders, CertificateOrder order)
    {
        var free = new ConcurrentQueue<Machine>(world.Machines);
        var latencies = new Latencies[holders];
        var errors = 0;
        var timer = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, holders).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new Latencies();
            while (timer.Elapsed.TotalSeconds < options.Seconds)
            {
                Machine? at;
                while (!free.TryDequeue(out at))
                    await Task.Yield();
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    await TransactAsync(world.Holders[i], at, order, null);
                    mine.Add(Stopwatch.GetElapsedTime(started));
                }
                catch (InvalidOperationException e)
                {
                    if (Interlocked.Increment(ref errors) <= 3)
                        await Console.Error.WriteLineAsync("  error: " + e.Message);
                    // A paid transaction whose printing failed prints before the machine takes another.
                    await at.Kiosk.ResumeAsync();
                }
                finally
                {
                    free.Enqueue(at);
                }
            }
        })));
        var elapsed = timer.Elapsed.TotalSeconds;
        var all = Latencies.Merge(latencies);
        return (all.Count, errors, all.Count / elapsed, all);
    }

    private async Task TimeAsync(string name, Func<Task> operation)
    {
        for (var i = 0; i < Math.Max(5, options.AnchorRuns / 10); i++)
            await operation();
        var latencies = new Latencies();
        for (var i = 0; i < options.AnchorRuns; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }
        Row(name, latencies);
    }

    private Task TimeAsync(string name, Action operation) => TimeAsync(name, () =>
    {
        operation();
        return Task.CompletedTask;
    });

    private void Row(string name, Latencies l)
    {
        _rows.Add(Invariant($"| {name} | {l.Count} | {l.Percentile(0.5):F2} | {l.Percentile(0.95):F2} | {l.Percentile(0.99):F2} | {l.Max:F2} | {l.Mean:F2} |"));
        Console.WriteLine("  " + _rows[^1]);
    }

    /// <summary>The CPU time this process has used, on all its threads.</summary>
    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Latencies in milliseconds; percentiles by nearest rank.</summary>
internal sealed class Latencies
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public double Max => _milliseconds.Count == 0 ? double.NaN : _milliseconds.Max();

    public double Mean => _milliseconds.Count == 0 ? double.NaN : _milliseconds.Average();

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0)
            return double.NaN;
        var sorted = _milliseconds.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static Latencies Merge(IEnumerable<Latencies> parts)
    {
        var all = new Latencies();
        foreach (var part in parts)
            all._milliseconds.AddRange(part._milliseconds);
        return all;
    }
}
