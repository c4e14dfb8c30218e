using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Myna.Card.Image;
using Myna.Cluster.Tests.Failover;
using Myna.Testing;
using Xunit.Abstractions;
using static Myna.Cluster.Tests.Answers;

namespace Myna.Cluster.Tests;

/// <summary>
/// The window's, the portal's and the kiosk's traffic spread across the processes by the proxy while one process is
/// killed (SIGKILL) and started again on its data directory. Every client records each request's outcome; after a lost
/// one it looks the effect up, or repeats it with its idempotency key, as a real client must (docs/operations.md,
/// "After a failed request"). Then the state is checked: every change a client was told of (or found done) is there
/// once, nothing is there twice, every certificate belongs to a card in a state that explains it, the CRLs' numbers
/// only rose, the audit trail has each change, and the restarted process serves and agrees with the other.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTrafficTests(ClusterFixture cluster, ITestOutputHelper output)
{
    /// <summary>Id-kp-OCSPSigning: the delegated responder certificates each process issues at start.</summary>
    private const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    /// <summary>Traffic before the kill, and after the killed process is back in the proxy's rotation.</summary>
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(8), After = TimeSpan.FromSeconds(8);

    /// <summary>How long the killed process stays down before it is started again.</summary>
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task TrafficOfWindowPortalAndKiosk_WhileOneProcessIsKilledAndRestarted_LosesNothing_AndDoublesNothing()
    {
        Assert.True(await BothInRotationAsync(), "The proxy does not send to both processes.");
        var clock = Stopwatch.StartNew();
        var traffic = new Traffic(clock);
        using var admin = await SignedInAsync(cluster.Proxy.BaseAddress, "admin", "admin-sandbox");
        using var window = await SignedInAsync(cluster.Proxy.BaseAddress, "window", "window-sandbox");
        var scratch = cluster.NewDataDirectory("failover-chips");

        // The holders the kiosk and the portal serve: cards delivered today, usable at a store from tomorrow (U2.7).
        var holders = new List<HolderCard>();
        for (var i = 0; i < 3; i++)
            holders.Add(await HolderAsync(window, scratch, $"店舗{i}"));
        await MoveToTomorrowAtTenAsync(admin);
        using var key = HolderCard.SealingKeyOf(cluster.A.DataDirectory);
        var machines = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(cluster.A.DataDirectory, "kiosk", "sandbox-machines.json"))).RootElement;

        var windows = new List<WindowDriver>();
        var portals = new List<PortalDriver>();
        var kiosks = new List<KioskDriver>();
        using var stop = new CancellationTokenSource();
        var drivers = new List<Task>();
        for (var worker = 0; worker < 2; worker++)
        {
            var clerk = await SignedInAsync(cluster.Proxy.BaseAddress, "window", "window-sandbox");
            var driver = new WindowDriver(traffic, clerk, $"window-{worker}");
            windows.Add(driver);
            var w = worker;
            drivers.Add(Task.Run(async () =>
            {
                using (clerk)
                    await driver.RunAsync(w, stop.Token);
            }));
        }
        for (var holder = 0; holder < 2; holder++)
        {
            var driver = new PortalDriver(traffic, cluster.Proxy.BaseAddress, holders[holder], $"portal-{holder}");
            portals.Add(driver);
            drivers.Add(Task.Run(() => driver.RunAsync(stop.Token)));
        }
        for (var machine = 0; machine < 3; machine++)
        {
            var credentials = machines[machine];
            var driver = new KioskDriver(traffic, cluster.Proxy.BaseAddress, credentials.GetProperty("Id").GetGuid(),
                credentials.GetProperty("Secret").GetString()!, holders, key, $"kiosk-{machine}");
            kiosks.Add(driver);
            var m = machine;
            drivers.Add(Task.Run(() => driver.RunAsync(m, stop.Token)));
        }
        var crls = new ConcurrentQueue<(string Node, System.Numerics.BigInteger Number, string Der)>();
        var watcher = Task.Run(() => WatchCrlsAsync(crls, stop.Token));

        // The kill, in the middle of the traffic; the start again on the same data directory; the traffic runs on.
        await Task.Delay(Before);
        var killed = cluster.A;
        var killedAt = clock.Elapsed;
        killed.Kill();
        await Task.Delay(Down);
        var restartAt = clock.Elapsed;
        await killed.RestartAsync();
        var healthyAt = clock.Elapsed;
        Assert.True(await BothInRotationAsync(), $"The proxy did not send to the restarted process {killed.Name} again.");
        var backAt = clock.Elapsed;
        output.WriteLine($"restarted at {restartAt.TotalSeconds:0.0} s, healthy at {healthyAt.TotalSeconds:0.0} s");
        foreach (var line in killed.Log.Take(40))
            output.WriteLine("  " + killed.Name + "| " + line);
        await Task.Delay(After);
        await stop.CancelAsync();
        await Task.WhenAll(drivers);
        await watcher;

        Report(traffic, killedAt, backAt);
        var problems = new List<string>();
        var rows = new ClusterRows(cluster.ConnectionString);
        await CheckWindowAsync(rows, windows.SelectMany(w => w.Residents).ToList(), problems);
        await CheckPortalAsync(rows, portals, problems);
        await CheckKioskAsync(rows, kiosks, problems);
        await CheckCertificatesAsync(rows, await AuthoritySerialsAsync(), problems);
        CheckCrls(crls, problems);
        await CheckServicesAgreeAsync(rows, killed, holders, problems);
        Assert.True(problems.Count == 0, "After the kill and restart:\n" + string.Join('\n', problems));

        // Every client went on after the process was back: each clerk and holder had a request answered with success,
        // each machine took a payment (a machine left refusing new transactions would not).
        foreach (var driver in traffic.Outcomes.Select(o => o.Driver).Distinct())
        {
            Assert.True(traffic.Outcomes.Any(o => o.Driver == driver && o.At > backAt && o.Reply.Succeeded
                    && (!driver.StartsWith("kiosk", StringComparison.Ordinal) || o.Operation.StartsWith("pay", StringComparison.Ordinal))),
                $"{driver} got nothing done after the restart.");
        }
    }

    /// <summary>A new resident's card, delivered through the window, and a copy of its file for the store machines.</summary>
    private static async Task<HolderCard> HolderAsync(HttpClient window, string scratch, string givenName)
    {
        var resident = Id(await JsonAsync(await window.PostAsJsonAsync("api/residents", WindowDriver.Resident(givenName)), HttpStatusCode.Created));
        var applied = await JsonAsync(await window.PostAsJsonAsync("api/applications", new { residentId = resident }), HttpStatusCode.Created);
        var card = Id(await JsonAsync(await window.PostAsJsonAsync($"api/applications/{Id(applied)}/delivery",
            new { signature = "ABC123", userAuthentication = HolderCard.AuthenticationPin, residentRegistry = "2222", textInputAssist = "3333" }), HttpStatusCode.Created));
        return new HolderCard(card, resident, await window.GetByteArrayAsync($"api/cards/{card}/image"), scratch);
    }

    /// <summary>
    /// The sandbox clock to 10:00 tomorrow (Japan time), inside every kiosk hour (U2.1) and past the delivery day
    /// (U2.7); each process reads the offset again within 5 s, so wait until both have it.
    /// </summary>
    private async Task MoveToTomorrowAtTenAsync(HttpClient admin)
    {
        var today = DateOnly.Parse((await JsonAsync(await admin.GetAsync("api/admin/clock"), HttpStatusCode.OK)).GetProperty("today").GetString()!, CultureInfo.InvariantCulture);
        var tomorrow = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using (var moved = await admin.PutAsJsonAsync("api/admin/clock", new { at = tomorrow + "T10:00" }))
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        foreach (var node in cluster.Nodes)
        {
            using var staff = await SignedInAsync(node.BaseAddress, "window", "window-sandbox");
            Assert.True(await SeveralServersTests.WithinAsync(TimeSpan.FromSeconds(15), async () =>
                (await JsonAsync(await staff.GetAsync("api/admin/clock"), HttpStatusCode.OK)).GetProperty("today").GetString() == tomorrow),
                $"Process {node.Name} did not take the sandbox clock's move.");
        }
    }

    /// <summary>Each process's CRL, asked directly, while the traffic runs (a process that is down is skipped).</summary>
    private async Task WatchCrlsAsync(ConcurrentQueue<(string, System.Numerics.BigInteger, string)> seen, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var node in cluster.Nodes)
            {
                try
                {
                    var crl = await SeveralServersTests.CrlAsync(node);
                    seen.Enqueue((node.Name, SeveralServersTests.CrlNumber(crl), Convert.ToHexString(crl.GetEncoded())));
                }
                catch (HttpRequestException)
                {
                    // Killed, or not listening yet.
                }
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private void Report(Traffic traffic, TimeSpan killedAt, TimeSpan backAt)
    {
        output.WriteLine($"killed at {killedAt.TotalSeconds:0.0} s, back in rotation at {backAt.TotalSeconds:0.0} s");
        foreach (var driver in traffic.Outcomes.GroupBy(o => o.Driver.Split('-')[0]).OrderBy(g => g.Key))
        {
            output.WriteLine($"{driver.Key}: {driver.Count()} requests, {driver.Count(o => o.Reply.Succeeded)} succeeded, "
                + $"{driver.Count(o => o.Reply.Refused)} refused, {driver.Count(o => o.Reply.Lost)} lost");
        }
        foreach (var lost in traffic.Outcomes.Where(o => o.Reply.Lost))
            output.WriteLine($"  lost at {lost.At.TotalSeconds:0.00} s: {lost.Driver} {lost.Operation} ({lost.Reply})");
        foreach (var refused in traffic.Outcomes.Where(o => o.Reply.Refused).GroupBy(o => (o.Driver.Split('-')[0], o.Operation, o.Reply.Status)))
            output.WriteLine($"  refused: {refused.Key} ×{refused.Count()}: {refused.First().Reply.Body}");
    }

    /// <summary>
    /// Every resident the window driver registered is there once; its application and card once, if confirmed, and
    /// none otherwise; the card in the state the driver was last told of; the audit trail has each confirmed change
    /// exactly once.
    /// </summary>
    private async Task CheckWindowAsync(ClusterRows rows, List<ResidentTrack> residents, List<string> problems)
    {
        var doubled = await rows.QueryAsync(
            "SELECT given_name, count(*) FROM residents WHERE family_name = '故障' GROUP BY given_name HAVING count(*) > 1", r => r.GetString(0));
        problems.AddRange(doubled.Select(n => $"resident {n}: registered more than once"));
        foreach (var track in residents)
        {
            var ids = await rows.QueryAsync("SELECT id FROM residents WHERE family_name = '故障' AND given_name = @n", r => r.GetGuid(0), ("n", track.GivenName));
            if (track.ResidentId is not { } resident)
            {
                if (ids.Count != 0)
                    problems.Add($"resident {track.GivenName}: in the registry although its registration was neither answered nor found");
                continue;
            }
            if (!ids.SequenceEqual([resident]))
            {
                problems.Add($"resident {track.GivenName}: {ids.Count} row(s), expected {resident}");
                continue;
            }
            var applications = await rows.CountAsync("SELECT count(*) FROM card_applications WHERE resident_id = @r", ("r", resident));
            if (applications != (track.ApplicationId is null ? 0 : 1))
                problems.Add($"resident {track.GivenName}: {applications} application(s), the window confirmed {(track.ApplicationId is null ? 0 : 1)}");
            var cards = await rows.QueryAsync("SELECT id, state FROM cards WHERE resident_id = @r", r => (r.GetGuid(0), r.GetString(1)), ("r", resident));
            if (cards.Count != (track.CardId is null ? 0 : 1))
                problems.Add($"resident {track.GivenName}: {cards.Count} card(s), the window confirmed {(track.CardId is null ? 0 : 1)}");
            else if (track.CardId is { } card && cards[0] != (card, track.CardState!))
                problems.Add($"resident {track.GivenName}: card {cards[0].Item1} is {cards[0].Item2}, the window was last told {card} is {track.CardState}");
            // The resident's entries and those of its card (a card's procedures name the card).
            var audited = await rows.AuditCountsAsync([resident, .. track.CardId is { } c ? [c] : Array.Empty<Guid>()]);
            foreach (var action in new[] { "resident.registered", "card.applied", "card.delivered", "card.suspended", "card.suspension-lifted" })
            {
                var confirmed = track.Confirmed.GetValueOrDefault(action);
                if (audited.GetValueOrDefault(action) != confirmed)
                    problems.Add($"resident {track.GivenName}: {audited.GetValueOrDefault(action)} audit entries {action}, {confirmed} confirmed");
            }
        }
        output.WriteLine($"window: {residents.Count(r => r.ResidentId is not null)} residents, {residents.Count(r => r.CardId is not null)} cards, "
            + $"{residents.Sum(r => r.Confirmed.GetValueOrDefault("card.suspended"))} suspensions, {residents.Sum(r => r.Confirmed.GetValueOrDefault("card.suspension-lifted"))} lifts confirmed");
    }

    /// <summary>Every online application a holder was told of (or found) is there once; none is there twice; each is audited.</summary>
    private async Task CheckPortalAsync(ClusterRows rows, List<PortalDriver> portals, List<string> problems)
    {
        var children = (await rows.QueryAsync("SELECT content FROM portal_applications", r => PortalDriver.ChildOf(r.GetString(0)))).ToList();
        foreach (var portal in portals)
        {
            foreach (var child in portal.Applications)
            {
                var found = children.Count(c => c == child);
                if (found != 1)
                    problems.Add($"online application {child}: {found} row(s), confirmed once");
            }
        }
        var ours = children.Count(c => c?.StartsWith(Myna.Primitives.Text.RecordText.Normalize("portal-"), StringComparison.Ordinal) == true);
        var confirmed = portals.Sum(p => p.Applications.Count);
        // A creation lost and not found by the look-up was not made: the rows are exactly the confirmed ones.
        if (ours != confirmed)
            problems.Add($"online applications: {ours} row(s) of the drivers, {confirmed} confirmed");
        var audited = await rows.CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'portal.application-created'");
        if (audited != children.Count)
            problems.Add($"online applications: {children.Count} row(s), {audited} audit entries portal.application-created");
        var logins = await rows.CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'portal.logged-in'");
        if (logins < portals.Sum(p => p.Logins))
            problems.Add($"portal: {portals.Sum(p => p.Logins)} logins confirmed, {logins} audit entries portal.logged-in");
        output.WriteLine($"portal: {portals.Sum(p => p.Logins)} logins, {portals.Sum(p => p.Reads)} reads, {confirmed} applications confirmed");
    }

    /// <summary>
    /// One payment per payment id and per session; each confirmed payment there once, with one document per copy, every
    /// document printed, none without its payment; the printed jobs are the documents; one audit entry per payment.
    /// </summary>
    private async Task CheckKioskAsync(ClusterRows rows, List<KioskDriver> kiosks, List<string> problems)
    {
        problems.AddRange(kiosks.SelectMany(k => k.Anomalies));
        var machines = kiosks.Select(k => k.MachineId).ToArray();
        var payments = await rows.QueryAsync("SELECT id, session_id, copies FROM kiosk_payments WHERE machine_id = ANY(@m)",
            r => (Id: r.GetGuid(0), Session: r.GetGuid(1), Copies: r.GetInt32(2)), ("m", machines));
        var documents = await rows.QueryAsync("SELECT id, payment_id, session_id, state FROM kiosk_documents WHERE machine_id = ANY(@m)",
            r => (Id: r.GetGuid(0), Payment: r.GetGuid(1), Session: r.GetGuid(2), State: r.GetString(3)), ("m", machines));
        var sent = kiosks.SelectMany(k => k.PaymentIdsSent).ToHashSet();
        foreach (var payment in kiosks.SelectMany(k => k.Payments))
        {
            if (payments.Count(p => p.Id == payment.PaymentId && p.Session == payment.SessionId) != 1)
                problems.Add($"payment {payment.PaymentId}: confirmed to the machine, {payments.Count(p => p.Id == payment.PaymentId)} row(s)");
        }
        foreach (var payment in payments)
        {
            if (!sent.Contains(payment.Id))
                problems.Add($"payment {payment.Id}: no machine sent it");
            var its = documents.Where(d => d.Payment == payment.Id).ToList();
            if (its.Count != payment.Copies)
                problems.Add($"payment {payment.Id}: {its.Count} document(s) for {payment.Copies} copies");
            if (payments.Count(p => p.Session == payment.Session) != 1)
                problems.Add($"session {payment.Session}: paid more than once");
        }
        foreach (var document in documents.Where(d => payments.All(p => p.Id != d.Payment || p.Session != d.Session)))
            problems.Add($"document {document.Id}: no payment of its session {document.Session}");
        var confirmed = kiosks.SelectMany(k => k.Payments).Select(p => p.PaymentId).ToHashSet();
        var printed = kiosks.SelectMany(k => k.PrintedJobs).ToHashSet();
        foreach (var document in documents.Where(d => confirmed.Contains(d.Payment)))
        {
            if (document.State != "Printed")
                problems.Add($"document {document.Id} of confirmed payment {document.Payment}: {document.State}, the machine printed all");
            if (!printed.Contains(document.Id))
                problems.Add($"document {document.Id} of confirmed payment {document.Payment}: never handed to the machine");
        }
        problems.AddRange(printed.Where(job => documents.All(d => d.Id != job)).Select(job => $"printed job {job}: no such document"));
        var audited = await rows.CountAsync("SELECT count(*) FROM audit_entries WHERE action = 'kiosk.issued'");
        var all = await rows.CountAsync("SELECT count(*) FROM kiosk_payments");
        if (audited != all)
            problems.Add($"kiosk: {all} payment(s), {audited} audit entries kiosk.issued");
        output.WriteLine($"kiosk: {confirmed.Count} payments confirmed ({payments.Count} stored), {printed.Count} documents printed");
    }

    /// <summary>
    /// Every certificate issued belongs to a card (or is an authority's or a responder's own); a good one is the current
    /// certificate of an active card; an active card's certificates are good, a suspended card's revoked; no procedure
    /// is left unfinished.
    /// </summary>
    private static async Task CheckCertificatesAsync(ClusterRows rows, IReadOnlySet<string> authorities, List<string> problems)
    {
        var certificates = await rows.QueryAsync(
            """
            SELECT ic.hierarchy, ic.serial_number, ic.card_id, ic.request_id, ic.der, ic.not_after - ic.not_before,
                   r.id IS NOT NULL, c.id IS NOT NULL, c.state, c.signature_serial, c.authentication_serial
            FROM issued_certificates ic
            LEFT JOIN revocations r ON r.hierarchy = ic.hierarchy AND r.serial_number = ic.serial_number
            LEFT JOIN cards c ON c.id = ic.card_id
            """,
            r => (Hierarchy: r.GetString(0), Serial: r.GetString(1), Card: r.IsDBNull(2) ? (Guid?)null : r.GetGuid(2),
                Request: r.IsDBNull(3) ? (Guid?)null : r.GetGuid(3), Der: r.IsDBNull(4) ? null : (byte[])r[4], Validity: r.GetTimeSpan(5),
                Revoked: r.GetBoolean(6), CardExists: r.GetBoolean(7), State: r.IsDBNull(8) ? null : r.GetString(8),
                Signature: r.IsDBNull(9) ? null : r.GetString(9), Authentication: r.IsDBNull(10) ? null : r.GetString(10)));
        foreach (var c in certificates)
        {
            var name = $"{c.Hierarchy} certificate {c.Serial}";
            if (c.Card is null && c.Request is null)
            {
                if (!authorities.Contains(c.Serial.ToUpperInvariant()) && !IsInfrastructure(c.Der, c.Validity))
                    problems.Add($"{name}: attributable to no card ({(c.Revoked ? "revoked" : "good")}, valid {c.Validity.TotalDays:0.#} days, {Describe(c.Der)})");
                continue;
            }
            if (c.Revoked)
                continue;
            if (!c.CardExists)
                problems.Add($"{name}: good, but its card {c.Card?.ToString() ?? "(none)"} does not exist");
            else if (c.State != "Active")
                problems.Add($"{name}: good, but its card {c.Card} is {c.State}");
            else if (!string.Equals(c.Serial, c.Signature, StringComparison.OrdinalIgnoreCase) && !string.Equals(c.Serial, c.Authentication, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{name}: good, but not on its card {c.Card} (which holds {c.Signature} and {c.Authentication})");
        }
        var revoked = certificates.Where(c => c.Revoked).Select(c => c.Serial.ToUpperInvariant()).ToHashSet();
        var cards = await rows.QueryAsync("SELECT id, state, signature_serial, authentication_serial FROM cards",
            r => (Id: r.GetGuid(0), State: r.GetString(1), Serials: new[] { r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3) }.OfType<string>().ToList()));
        foreach (var card in cards)
        {
            foreach (var serial in card.Serials)
            {
                var isRevoked = revoked.Contains(serial.ToUpperInvariant());
                if (card.State == "Active" && isRevoked)
                    problems.Add($"card {card.Id} is active but its certificate {serial} is revoked");
                if (card.State == "Suspended" && !isRevoked)
                    problems.Add($"card {card.Id} is suspended but its certificate {serial} is not revoked");
            }
        }
        // The restarted process completed or undid what the killed one left; nothing is left half done.
        var intents = await rows.QueryAsync("SELECT action, status FROM procedure_intents", r => $"{r.GetString(0)} ({r.GetString(1)})");
        problems.AddRange(intents.Select(i => $"procedure left unfinished: {i}"));
    }

    /// <summary>The serials of the two authorities' own certificates, as anyone downloads them.</summary>
    private async Task<IReadOnlySet<string>> AuthoritySerialsAsync()
    {
        using var client = new HttpClient { BaseAddress = cluster.Proxy.BaseAddress };
        var serials = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in new[] { "ca/signature.cer", "ca/authentication.cer" })
        {
            using var certificate = X509CertificateLoader.LoadCertificate(await client.GetByteArrayAsync(path));
            serials.Add(certificate.SerialNumber.ToUpperInvariant());
        }
        return serials;
    }

    /// <summary>A CA certificate or an OCSP responder's (the responders' are recorded without DER, valid seven days).</summary>
    private static bool IsInfrastructure(byte[]? der, TimeSpan validity)
    {
        if (der is null)
            return validity <= TimeSpan.FromDays(8);
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority)
            || certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == OcspSigning));
    }

    private static string Describe(byte[]? der)
    {
        if (der is null)
            return "no DER";
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return $"{certificate.Subject}, issued by {certificate.Issuer}, {string.Join(" ", certificate.Extensions.Select(e => e.Oid?.FriendlyName ?? e.Oid?.Value))}";
    }

    /// <summary>Each process's CRL numbers only rose (across its restart too), and no number ever named two different CRLs.</summary>
    private static void CheckCrls(ConcurrentQueue<(string Node, System.Numerics.BigInteger Number, string Der)> seen, List<string> problems)
    {
        foreach (var node in seen.GroupBy(s => s.Node))
        {
            var numbers = node.Select(s => s.Number).ToList();
            if (!numbers.SequenceEqual(numbers.Order()))
                problems.Add($"CRL numbers of {node.Key} went down: {string.Join(", ", numbers.Distinct())}");
        }
        foreach (var number in seen.GroupBy(s => s.Number).Where(g => g.Select(s => s.Der).Distinct().Count() > 1))
            problems.Add($"CRL number {number.Key} names different CRLs");
        if (seen.Select(s => s.Node).Distinct().Count() != 2)
            problems.Add("the CRLs of both processes were not both seen");
    }

    /// <summary>
    /// The restarted process serves — asked directly and through the proxy — and both processes' OCSP responders agree
    /// on a certificate the drivers revoked and on one they left good.
    /// </summary>
    private async Task CheckServicesAgreeAsync(ClusterRows rows, ServerNode restarted, List<HolderCard> holders, List<string> problems)
    {
        using (var direct = await SignedInAsync(restarted.BaseAddress, "window", "window-sandbox"))
        using (var file = await direct.GetAsync($"api/residents/{holders[0].ResidentId}"))
        {
            if (file.StatusCode != HttpStatusCode.OK)
                problems.Add($"the restarted process {restarted.Name} answers a resident's file {(int)file.StatusCode}");
        }
        var revoked = await rows.QueryAsync(
            """
            SELECT r.serial_number FROM revocations r
            JOIN issued_certificates ic ON ic.hierarchy = r.hierarchy AND ic.serial_number = r.serial_number
            JOIN cards c ON c.id = ic.card_id JOIN residents p ON p.id = c.resident_id
            WHERE r.hierarchy = 'UserAuthentication' AND p.family_name = '故障' ORDER BY r.revoked_at DESC LIMIT 1
            """, r => r.GetString(0));
        var good = await rows.QueryAsync("SELECT authentication_serial FROM cards WHERE id = @c", r => r.GetString(0), ("c", holders[0].CardId));
        foreach (var (serial, status) in revoked.Select(s => (s, "revoked")).Concat(good.Select(s => (s, "good"))))
        {
            var answers = new Dictionary<string, string>();
            var agreed = await SeveralServersTests.WithinAsync(TimeSpan.FromSeconds(2), async () =>
            {
                foreach (var node in cluster.Nodes)
                    answers[node.Name] = await SeveralServersTests.OcspStatusAsync(node, serial);
                return answers.Values.All(a => a == status);
            });
            if (!agreed)
                problems.Add($"OCSP on {serial}: {string.Join(", ", answers.Select(a => $"{a.Key} says {a.Value}"))}, expected {status}");
        }
        if (revoked.Count == 0)
            problems.Add("the drivers revoked no certificate");
    }

    /// <summary>Whether, within 20 s, the proxy's answers come from both processes.</summary>
    private async Task<bool> BothInRotationAsync()
    {
        using var client = new HttpClient { BaseAddress = cluster.Proxy.BaseAddress };
        var served = new HashSet<string>();
        return await SeveralServersTests.WithinAsync(TimeSpan.FromSeconds(20), async () =>
        {
            try
            {
                using var response = await client.GetAsync("health");
                if (response.IsSuccessStatusCode)
                    served.Add(response.Headers.GetValues(Proxy.ServedBy).Single());
            }
            catch (HttpRequestException)
            {
                // The proxy answers; a broken connection is a process dying under it.
            }
            return served.Count == 2;
        });
    }

    private static async Task<HttpClient> SignedInAsync(Uri baseAddress, string user, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsJsonAsync("api/session", new { userName = user, password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }
}
