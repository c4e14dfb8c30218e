using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Myna.ConvenienceIssuance.Machines;
using Myna.ConvenienceIssuance.Stores;
using Myna.Documents;
using Myna.Registry.Residents;
using Myna.Registry.Rules;
using Myna.Storage.Kiosk;

namespace Myna.ConvenienceIssuance.Tests;

/// <summary>
/// Never to the wrong person: thousands of transactions at once across many stores and machines, every printed
/// document checked against the card that asked for it, every payment against the fees, printer failures reprinted.
/// </summary>
[Collection(SimultaneousKioskLoad.Name)]
public sealed class ConcurrentKioskTests : IAsyncLifetime
{
    private const int Holders = 24;
    private const int TransactionsPerHolder = 84;
    private const int Stores = 20;
    private const int MachinesPerStore = 3;

    private readonly KioskHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    private static readonly string[] FamilyNames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺"];
    private static readonly string[] GivenNames = ["一郎", "花子", "翔太", "美咲"];

    [Fact]
    public Task ThousandsOfSimultaneousTransactions_PrintEachDocumentForItsOwnCard_AndChargeEachOnce() =>
        ProveAsync(_h, Holders, TransactionsPerHolder, Stores, MachinesPerStore);

    /// <summary>
    /// <paramref name="holderCount"/> holders, each with their own card, run <paramref name="transactionsPerHolder"/>
    /// transactions at once across the machines of <paramref name="storeCount"/> stores; every sheet, payment and reprint checked.
    /// </summary>
    internal static async Task ProveAsync(KioskHarness _h, int holderCount, int transactionsPerHolder, int storeCount, int machinesPerStore)
    {
        var holders = new List<(Resident Resident, Guid Card)>();
        for (var i = 0; i < holderCount; i++)
        {
            var (resident, card) = await _h.ResidentWithCardAsync(FamilyNames[i % FamilyNames.Length], GivenNames[i / FamilyNames.Length]);
            holders.Add((resident, card.Id));
        }
        _h.Advance(1, new TimeOnly(9, 0));

        // Free machines wait in a channel: a holder waits for one without spinning, which on two cores would starve
        // whatever else the test process runs.
        var machines = Channel.CreateUnbounded<(KioskMachine Machine, RegisteredMachine Registered, RecordingPrinter Printer)>();
        var printers = new List<RecordingPrinter>();
        var chains = Enum.GetValues<StoreChain>().Where(c => c != StoreChain.CityHall).ToArray();
        for (var s = 0; s < storeCount; s++)
        {
            foreach (var registered in await _h.Stores.AddStoreAsync(chains[s % chains.Length], $"{5000 + s}", $"郡山{s + 1}号店", "072036", machinesPerStore))
            {
                var printer = new RecordingPrinter(registered.Id);
                printers.Add(printer);
                machines.Writer.TryWrite((new KioskMachine(_h.Centre, registered.Credentials, printer), registered, printer));
            }
        }

        var completed = new ConcurrentBag<(Guid Session, Guid Holder, int Fee, int Copies, PaymentReceipt Receipt)>();
        await Task.WhenAll(holders.Select((holder, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            for (var t = 0; t < transactionsPerHolder; t++)
            {
                // A holder walks up to a free machine, somewhere in the network.
                var at = await machines.Reader.ReadAsync();
                try
                {
                    at.Printer.Current = holder.Resident.Id;
                    at.Printer.FailNext = random.Next(10) == 0;
                    var transaction = (await at.Machine.StartAsync()).Value!;
                    using (var slot = _h.SetCard(holder.Card))
                    {
                        Assert.True((await transaction.SetCardAsync(slot.Client)).Succeeded);
                        var authenticated = await transaction.EnterPinAsync(KioskHarness.AuthenticationPin);
                        Assert.True(authenticated.Succeeded, authenticated.Refusal?.ToString());
                    }
                    var order = new CertificateOrder("072036", random.Next(2) == 0 ? KioskCertificate.ResidentRecord : KioskCertificate.ResidentRecordItems, 1 + random.Next(2));
                    var quote = (await transaction.ChooseAsync(order)).Value!;
                    var receipt = (await transaction.PayAsync(quote.FeeYen)).Value!;
                    if (random.Next(10) == 0)
                    {
                        // The answer to the payment was lost and the machine sends it again: the same receipt, no new charge.
                        var again = await _h.Centre.PayAsync(at.Registered.Credentials, transaction.SessionId, receipt.PaymentId, quote.FeeYen);
                        Assert.Equal(receipt.IssueNumbers, again.Value!.IssueNumbers);
                    }
                    var printed = await transaction.PrintAsync();
                    Assert.Equal(order.Copies, printed.Value);
                    completed.Add((transaction.SessionId, holder.Resident.Id, quote.FeeYen, order.Copies, receipt));
                }
                finally
                {
                    machines.Writer.TryWrite(at);
                }
            }
        })));

        Assert.Equal(holderCount * transactionsPerHolder, completed.Count);
        var byHolder = holders.ToDictionary(h => h.Resident.Id, h => h.Resident);
        var verifier = _h.Seals.Verifier();
        var documents = await _h.WithDbAsync(db => db.Set<IssuedDocumentRow>().AsNoTracking()
            .Select(d => new { d.DocumentHash, d.HolderReference, d.SessionId, d.MachineId, d.Seal, d.State, d.FailedPrints }).ToListAsync());
        var byHash = documents.ToDictionary(d => Convert.ToHexString(d.DocumentHash));

        // Every printed sheet is a document of the card that was in that machine at that moment, and says so in its seal.
        var sheets = printers.SelectMany(p => p.Sheets).ToList();
        Assert.Equal(completed.Sum(c => c.Copies), sheets.Count);
        foreach (var sheet in sheets)
        {
            var document = byHash[Convert.ToHexString(SHA256.HashData(sheet.Pdf))];
            Assert.Equal(sheet.Holder, document.HolderReference);
            Assert.Equal(sheet.Machine, document.MachineId);
            var seal = verifier.Verify(document.Seal);
            Assert.True(seal.IsValid, seal.Reason.English);
            var name = seal.Content!.Body.OfType<CertificateField>().Single(f => f.Label == "氏名").Value;
            Assert.Equal(byHolder[sheet.Holder].Name.OnCard, name);
        }
        // Each document printed exactly once; no document left behind.
        Assert.Equal(documents.Count, sheets.Select(s => Convert.ToHexString(SHA256.HashData(s.Pdf))).Distinct().Count());
        Assert.All(documents, d => Assert.Equal(PrintState.Printed, d.State));

        // Every transaction paid once, the whole fee; no payment without its transaction.
        var payments = await _h.WithDbAsync(db => db.Set<KioskPayment>().AsNoTracking().ToListAsync());
        Assert.Equal(completed.Count, payments.Count);
        Assert.Equal(completed.Count, payments.Select(p => p.SessionId).Distinct().Count());
        Assert.Equal(completed.Sum(c => (long)c.Fee), payments.Sum(p => (long)p.AmountYen));
        foreach (var c in completed)
            Assert.Equal(c.Fee, Assert.Single(payments, p => p.SessionId == c.Session).AmountYen);

        // The printer failures were reprinted, not charged again.
        var failures = printers.Sum(p => p.Failures);
        Assert.True(failures > 0, "no printer failed: the reprint path was not exercised");
        Assert.Equal(failures, documents.Sum(d => d.FailedPrints));
    }

    /// <summary>A machine's printer that remembers each sheet with the holder who stood at the machine.</summary>
    private sealed class RecordingPrinter(Guid machine) : IPrinter
    {
        public ConcurrentBag<(byte[] Pdf, Guid Holder, Guid Machine)> Sheets { get; } = [];

        public Guid Current { get; set; }

        public bool FailNext { get; set; }

        public int Failures;

        public Task<bool> PrintAsync(byte[] pdf, CancellationToken cancellationToken = default)
        {
            if (FailNext)
            {
                FailNext = false;
                Interlocked.Increment(ref Failures);
                return Task.FromResult(false);
            }
            Sheets.Add((pdf, Current, machine));
            return Task.FromResult(true);
        }
    }
}

/// <summary>
/// The tests that run thousands of kiosk transactions at once share one collection, so that they never overlap each
/// other on a two-core machine (a connection to PostgreSQL timed out while the other one held every core).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SimultaneousKioskLoad
{
    public const string Name = "Simultaneous kiosk load";
}
