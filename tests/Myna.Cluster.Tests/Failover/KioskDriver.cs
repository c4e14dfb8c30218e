using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Myna.Card.Image;

namespace Myna.Cluster.Tests.Failover;

/// <summary>A payment the machine knows was taken: answered, possibly only to a repetition with the same payment id.</summary>
internal sealed record ConfirmedPayment(Guid PaymentId, Guid SessionId, Guid MachineId, Guid HolderResident, int Copies);

/// <summary>
/// A store's multi-copy machine through the proxy, running whole transactions one after another for the holders in
/// turn: open a session, the card's answer to its challenge, the order, the payment, the printing. What a machine does
/// after a lost request: before the payment it starts a new transaction (a new session ends the unpaid one); the
/// payment it sends again with the same payment id (its idempotency key) until it is answered; the print jobs it asks
/// for again, and a job it already printed it only reports again — it never prints one twice.
/// </summary>
internal sealed class KioskDriver(Traffic traffic, Uri proxy, Guid machineId, string secret, IReadOnlyList<HolderCard> holders, ChipSealingKey key, string name)
{
    private readonly HashSet<Guid> _printedJobs = [];
    private readonly HashSet<Guid> _reportedJobs = [];

    public ConcurrentBag<ConfirmedPayment> Payments { get; } = [];

    /// <summary>Every payment id the machine ever sent, confirmed or not (each must be in the database at most once).</summary>
    public ConcurrentBag<Guid> PaymentIdsSent { get; } = [];

    public IReadOnlyCollection<Guid> PrintedJobs => _printedJobs;

    /// <summary>A print job that was handed out twice after it had been reported printed, or whose binding did not match.</summary>
    public ConcurrentBag<string> Anomalies { get; } = [];

    public Guid MachineId => machineId;

    public async Task RunAsync(int offset, CancellationToken stop)
    {
        using var machine = new HttpClient { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(60) };
        machine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Kiosk", $"{machineId}:{secret}");
        for (var turn = offset; !stop.IsCancellationRequested; turn++)
        {
            await TransactionAsync(machine, holders[turn % holders.Count], copies: 1 + turn % 2);
            await Task.Delay(PortalDriver.Pace, CancellationToken.None);
        }
    }

    private async Task TransactionAsync(HttpClient machine, HolderCard holder, int copies)
    {
        var opened = await traffic.PostAsync(name, "open", machine, "api/kiosk/machine/sessions");
        if (opened.Status == HttpStatusCode.Conflict)
        {
            // A paid session still to print (print-pending): print it first, as a machine does after a restart.
            var unfinished = await traffic.ReadUntilAnsweredAsync(name, "unfinished", machine, "api/kiosk/machine/sessions/unfinished");
            if (unfinished.Succeeded && unfinished.Body.ValueKind == System.Text.Json.JsonValueKind.Object)
                await PrintAsync(machine, unfinished.Body.GetProperty("sessionId").GetGuid(), challenge: null);
            return;
        }
        if (!opened.Succeeded)
            return;
        var session = opened.Body.GetProperty("sessionId").GetGuid();
        var challenge = Convert.FromBase64String(opened.Body.GetProperty("challenge").GetString()!);
        var signed = holder.Sign(key, challenge);
        var answered = await traffic.PostAsync(name, "card", machine, $"api/kiosk/machine/sessions/{session}/card",
            new { certificate = Convert.ToBase64String(signed.Certificate), signature = Convert.ToBase64String(signed.Signature) });
        if (!answered.Succeeded)
            return;
        var quoted = await traffic.PostAsync(name, "order", machine, $"api/kiosk/machine/sessions/{session}/order",
            new { municipality = "072036", certificate = "ResidentRecord", copies });
        if (!quoted.Succeeded)
            return;
        var fee = quoted.Body.GetProperty("feeYen").GetInt32();

        // The payment: the same payment id until it is answered.
        var paymentId = Guid.NewGuid();
        PaymentIdsSent.Add(paymentId);
        Reply paid;
        var attempts = 0;
        do
        {
            if (attempts++ > 0)
                await Task.Delay(250);
            paid = await traffic.PostAsync(name, attempts == 1 ? "pay" : "pay again", machine, $"api/kiosk/machine/sessions/{session}/payment", new { paymentId, amountYen = fee });
        }
        while (paid.Lost && attempts < 120);
        if (!paid.Succeeded)
        {
            Anomalies.Add($"{name}: payment {paymentId} of session {session} ended {paid} after {attempts} attempt(s)");
            return;
        }
        Payments.Add(new ConfirmedPayment(paymentId, session, machineId, holder.ResidentId, copies));
        await PrintAsync(machine, session, challenge);
    }

    /// <summary>Asks for the session's print jobs until none is left; prints each job once, reports it until the report is answered.</summary>
    private async Task PrintAsync(HttpClient machine, Guid session, byte[]? challenge)
    {
        for (var round = 0; round < 200; round++)
        {
            var next = await traffic.GetAsync(name, "next job", machine, $"api/kiosk/machine/sessions/{session}/print-jobs/next");
            if (next.Lost)
            {
                await Task.Delay(250);
                continue;
            }
            if (next.Status == HttpStatusCode.NoContent)
                return;
            if (!next.Succeeded)
            {
                Anomalies.Add($"{name}: next print job of session {session}: {next}");
                return;
            }
            var job = next.Body.GetProperty("jobId").GetGuid();
            var pdf = Convert.FromBase64String(next.Body.GetProperty("pdf").GetString()!);
            if (next.Body.GetProperty("documentHash").GetString() != Convert.ToHexString(SHA256.HashData(pdf))
                || (challenge is not null && next.Body.GetProperty("challengeHash").GetString() != Convert.ToHexString(SHA256.HashData(challenge))))
            {
                Anomalies.Add($"{name}: job {job} of session {session} is not bound to this transaction");
                return;
            }
            // Printed once: a job handed out again (its report was lost) is reported, not printed again; one handed out
            // again after its report was answered is a job the centre forgot was printed.
            if (_reportedJobs.Contains(job))
                Anomalies.Add($"{name}: job {job} of session {session} handed out again after it was reported printed");
            _printedJobs.Add(job);
            if ((await traffic.PostAsync(name, "printed", machine, $"api/kiosk/machine/sessions/{session}/print-jobs/{job}", new { printed = true })).Succeeded)
                _reportedJobs.Add(job);
        }
        Anomalies.Add($"{name}: session {session} still had print jobs after 200 rounds");
    }
}
