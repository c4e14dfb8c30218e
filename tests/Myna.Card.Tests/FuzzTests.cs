using System.Text.Json;
using CsCheck;
using Myna.Card.Image;
using Myna.Card.Issuer;

namespace Myna.Card.Tests;

/// <summary>
/// Property-based fuzzing of <see cref="VirtualCard.Transmit"/> with random and mutated APDUs (ISCardChip
/// contract: any byte string gets a status word; P3: counters change only through VERIFY of that PIN).
/// </summary>
public class FuzzTests
{
    /// <summary>Valid commands from card-interface §3–§5 (OpenSC traces, MYNA, jsapdu), the seeds of mutation.</summary>
    private static readonly byte[][] Corpus =
    [
        .. new[]
        {
            "00A4040C0AD392F000260100000001", "00A4040C0AD3921000310001010408", "00A4040C0AD3921000310001010402",
            "00A4040C0AD3921000310001010401", "00A4040C0AD3921000310001010100", "00A404000AD392F00026010000000100",
            "00A4020C020018", "00A4020C02001B", "00A4020C02000A", "00A4020C020001", "00A4020C02000B", "00A4020C020002",
            "00A4020C020017", "00A4020C02001A", "00A4020C020006", "00A4020C020008", "00A40000", "00A4000C023F00",
            "00200080", "002000800431323334", "0020008006414243313233", "00200098", "0020009B", "002000910435363738",
            "00B0000004", "00B0000000", "00B0010000", "00B00300A1", "00B08A00000000", "00B0000000FFFF", "00B0860020",
            "00B2010400", "00B2010C", "00880099080102030405060708" + "00",
            "802A0080333031300D0609608648016503040201050004200102030405060708091011121314151617181920212223242526272829303132" + "00",
            "802A00970401020304" + "00", "002401800439393939", "803200800431313131",
            "0084000008", "0084000020", "00CA5F5100", "00CADF3005", "00CB3FFF035C017E08", "00CA004500",
        }.Select(Convert.FromHexString),
    ];

    private static readonly byte[][] IssuerCorpus =
    [
        .. new[]
        {
            "80D6000C03AABBCC", "80D6000A0130", "80E4000C", "80E4000A", "80E40018", "802C00180431323334",
            "802C001B06414243313233", "80D60000020000", "802C0014" + "0C313233343536373839303138",
        }.Select(Convert.FromHexString),
    ];

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 300];

    /// <summary>A header from plausible values plus a random body in one of the ISO 7816-4 length cases.</summary>
    private static readonly Gen<byte[]> Structured =
        Gen.Select(
            Gen.OneOfConst<byte>(0x00, 0x80, 0x0C, 0x84, 0xA0, 0xFF),
            Gen.OneOfConst<byte>(0xA4, 0xB0, 0xB2, 0x20, 0x24, 0x32, 0x2A, 0x84, 0x82, 0x88, 0xCA, 0xCB, 0x46, 0xD6, 0xE4, 0x2C, 0xFE, 0x00, 0xFF),
            Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 270], Gen.Int[0, 5])
        .Select((cla, ins, p1, p2, data, form) => Encode(cla, ins, p1, p2, data, form));

    private static Gen<byte[]> Mutated(byte[][] corpus) =>
        Gen.Select(Gen.Int[0, corpus.Length - 1], Gen.Int[1, 3].SelectMany(n => Mutation.Array[n]))
        .Select((index, mutations) =>
        {
            var apdu = corpus[index].ToList();
            foreach (var mutate in mutations)
                mutate(apdu);
            return apdu.ToArray();
        });

    private static readonly Gen<Action<List<byte>>> Mutation = Gen.OneOf(
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 7]).Select((at, bit) => (Action<List<byte>>)(a => { if (a.Count > 0) a[at % a.Count] ^= (byte)(1 << bit); })),
        Gen.Select(Gen.Int[0, 300], Gen.Byte).Select((at, b) => (Action<List<byte>>)(a => { if (a.Count > 0) a[at % a.Count] = b; })),
        Gen.Select(Gen.Int[0, 300], Gen.Byte).Select((at, b) => (Action<List<byte>>)(a => a.Insert(at % (a.Count + 1), b))),
        Gen.Int[0, 300].Select(at => (Action<List<byte>>)(a => { if (a.Count > 0) a.RemoveAt(at % a.Count); })),
        Gen.Int[0, 300].Select(at => (Action<List<byte>>)(a => { if (a.Count > 0) a.RemoveRange(at % a.Count, a.Count - (at % a.Count)); })),
        Gen.Byte.Array[1, 8].Select(tail => (Action<List<byte>>)(a => a.AddRange(tail))),
        // Lc/Le confusion: a new length byte where Lc would be.
        Gen.Byte.Select(b => (Action<List<byte>>)(a => { if (a.Count > 4) a[4] = b; })),
        // extended form: 00 in front of the body.
        Gen.Const((Action<List<byte>>)(a => { if (a.Count > 4) a.Insert(4, 0x00); })));

    [Fact]
    public void Transmit_RandomAndMutatedApdus_NeverThrows_AndCountersOnlyFallThroughVerify_P3()
    {
        var sent = 0;
        Gen.OneOf(RandomBytes, Structured, Mutated(Corpus), Mutated(Corpus)).Array[20, 60]
            .Sample(apdus => Interlocked.Add(ref sent, RunAndCheck(apdus, issuerSession: false)), iter: 2_000, threads: -1);
        Assert.True(sent >= 70_000, $"only {sent} APDUs");
    }

    [Fact]
    public void Transmit_MutatedApdusInIssuerSession_NeverThrows_AndImageStaysConsistent()
    {
        var sent = 0;
        Gen.OneOf(Mutated(Corpus), Mutated(IssuerCorpus), Structured).Array[20, 60]
            .Sample(apdus => Interlocked.Add(ref sent, RunAndCheck(apdus, issuerSession: true)), iter: 1_000, threads: -1);
        Assert.True(sent >= 35_000, $"only {sent} APDUs");
    }

    private static int RunAndCheck(byte[][] apdus, bool issuerSession)
    {
        var store = TestCards.PersonalisedStore();
        using var card = VirtualCard.Open(store);
        if (issuerSession)
            Authenticate(card);
        var before = Snapshot(card.State);
        foreach (var apdu in apdus)
        {
            var response = card.Transmit(apdu);
            Assert.True(response.Length >= 2, "a response without a status word");
            var after = Snapshot(card.State);
            if (!issuerSession)
                CheckOnlyVerifyChangedCounters(before, after, apdu, response);
            before = after;
        }
        Assert.Equal(0, card.UnexpectedFaults);

        // What is in the store is what the chip holds: every change was persisted before the answer.
        using var reopened = VirtualCard.Open(store);
        Assert.False(reopened.IsErased);
        Assert.Equal(Json(card.State), Json(reopened.State));

        // The card still works: the OpenSC sequence of card-interface §5 gives the same answers, counters as stored.
        card.Reset();
        if (card.IsTerminated)
        {
            Assert.Equal("6A81", card.Sw("00A4040C0AD392F000260100000001"));
        }
        else if (!issuerSession)
        {
            var jpki = card.State.Find(CardApplication.Jpki)!;
            Script.Run(card, "00A4040C0AD392F000260100000001 → 9000; 00A4020C02000A → 9000; 00B0000004 → 3082039D9000;" +
                $"00A4020C020018 → 9000; 00200080 → 63C{jpki.Pins[JpkiFiles.AuthenticationPin].TriesLeft:X}");
        }
        else
        {
            Assert.Equal("9000", card.Sw("00A4040C0AD392F000260100000001"));
        }
        return apdus.Length;
    }

    private static void CheckOnlyVerifyChangedCounters(StateSnapshot before, StateSnapshot after, byte[] apdu, byte[] response)
    {
        // Without an issuer session nothing but PIN counters may change (files, keys, references are fixed)…
        Assert.Equal(before.WithoutCounters, after.WithoutCounters);
        var isVerify = apdu.Length >= 2 && apdu[0] == 0x00 && apdu[1] == 0x20;
        var ok = response.AsSpan().EndsWith(new byte[] { 0x90, 0x00 });
        // A VERIFY names one PIN: at most one counter moves per command.
        Assert.True(after.Counters.Count(c => before.Counters[c.Key] != c.Value) <= 1, $"several counters changed by {Convert.ToHexString(apdu)}");
        foreach (var (pin, tries) in after.Counters)
        {
            var was = before.Counters[pin];
            if (tries == was)
                continue;
            // …and a counter moves only by a VERIFY: down by one, or back to its maximum on success (P3).
            Assert.True(isVerify, $"counter {pin} changed by a non-VERIFY {Convert.ToHexString(apdu)}");
            Assert.True(tries == was - 1 || (ok && tries > was), $"counter {pin} went {was}→{tries}");
        }
    }

    private sealed record StateSnapshot(string WithoutCounters, Dictionary<string, int> Counters);

    private static StateSnapshot Snapshot(CardState state)
    {
        var counters = new Dictionary<string, int>();
        foreach (var ap in state.Applications)
        {
            foreach (var (fid, pin) in ap.Pins)
                counters[$"{ap.Application}/{fid:X4}"] = pin.TriesLeft;
        }
        var json = Json(state);
        // Counters masked: the rest of the state must not change.
        var copy = CardState.Deserialize(System.Text.Encoding.UTF8.GetBytes(json));
        foreach (var ap in copy.Applications)
        {
            foreach (var pin in ap.Pins.Values)
                pin.TriesLeft = -1;
        }
        return new StateSnapshot(Json(copy), counters);
    }

    private static string Json(CardState state) => System.Text.Encoding.UTF8.GetString(state.Serialize());

    private static void Authenticate(VirtualCard card)
    {
        var challenge = Convert.FromHexString(card.Send("0084000020")[..^4]);
        Assert.Equal("9000", card.Sw("0082000140" + Convert.ToHexString(IssuerAuthentication.Sign(TestCards.IssuerKey, TestCards.Serial, challenge))));
    }

    private static byte[] Encode(byte cla, byte ins, byte p1, byte p2, byte[] data, int form)
    {
        var header = new[] { cla, ins, p1, p2 };
        var lc = data.Length;
        return form switch
        {
            0 => header,
            1 => [.. header, (byte)(lc % 256)],
            2 => [.. header, (byte)(lc % 256), .. data],
            3 => [.. header, (byte)(lc % 256), .. data, (byte)(lc % 7)],
            4 => [.. header, 0x00, (byte)(lc >> 8), (byte)(lc & 0xFF), .. data],
            _ => [.. header, 0x00, (byte)(lc >> 8), (byte)(lc & 0xFF), .. data, 0x00, 0x00],
        };
    }

    [Fact]
    public void Transmit_FromManyThreads_IsSerialisedAndConsistent()
    {
        using var card = TestCards.PersonalisedCard();
        Assert.Equal("9000", card.Sw("00A4040C0AD392F000260100000001"));
        var responses = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 200; i++)
            {
                responses.Add(card.Sw("00200098"));
                responses.Add(card.Send("00B08A0004"));
            }
        });
        Assert.All(responses, r => Assert.True(r is "63C3" or "3082039D9000", r));
        Assert.Equal(0, card.UnexpectedFaults);
    }

    [Fact]
    public void FuzzHarness_DetectsAChipThatThrowsOrLosesState()
    {
        // The invariant check itself can fail: a counter changed by a non-VERIFY is caught.
        var before = new StateSnapshot("s", new Dictionary<string, int> { ["Jpki/0018"] = 3 });
        var after = new StateSnapshot("s", new Dictionary<string, int> { ["Jpki/0018"] = 2 });
        Assert.ThrowsAny<Exception>(() => CheckOnlyVerifyChangedCounters(before, after, [0x00, 0xB0, 0x00, 0x00, 0x04], [0x90, 0x00]));
        CheckOnlyVerifyChangedCounters(before, after, [0x00, 0x20, 0x00, 0x80, 0x01, 0x30], [0x63, 0xC2]);
        _ = JsonSerializer.Serialize(before.Counters);
    }
}
