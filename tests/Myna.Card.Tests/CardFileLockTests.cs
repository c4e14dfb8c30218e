using System.Diagnostics;
using Myna.Card.Image;
using Myna.Issuance.Personalization;
using Myna.Reader;

namespace Myna.Card.Tests;

/// <summary>
/// The card file's inter-process lock (docs/card.md §3): one opener at a time, in this process or another, so
/// that nobody writes over another's PIN retry counters (P3); released on dispose and by the OS when a holder dies.
/// </summary>
public sealed class CardFileLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("myna-card-lock-").FullName;
    private readonly ChipSealingKey _key = ChipSealingKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string CardPath => Path.Combine(_directory, "card.myna");

    private void MakeCard()
    {
        using var card = VirtualCard.Manufacture(new FileCardImageStore(CardPath, _key), TestCards.IssuerSpki, TestCards.Serial);
        var issuer = new CardIssuerClient(new EmulatorTransport(card));
        issuer.Authenticate(TestCards.IssuerKey, TestCards.Serial);
        issuer.Select(CardApplication.Jpki);
        issuer.SetPinBytes(JpkiFiles.AuthenticationPin, "1234"u8);
    }

    private VirtualCard OpenNow() => VirtualCard.Open(new FileCardImageStore(CardPath, _key, lockTimeout: TimeSpan.Zero));

    [Fact]
    public void SecondOpener_InTheSameProcess_IsRefusedWithAClearError_UntilTheFirstIsDisposed_P3()
    {
        MakeCard();
        var first = OpenNow();
        Script.Run(first, "00A4040C0AD392F000260100000001 → 9000; 002000980430303030 → 63C2");

        var refused = Assert.Throws<CardFileInUseException>(OpenNow);
        Assert.Equal($"card file {CardPath} is in use by another process (a `myna card attach`, the server, or another opener).", refused.Message);
        Assert.Equal(CardPath, refused.CardPath);

        first.Dispose();
        using var second = OpenNow();
        Script.Run(second, "00A4040C0AD392F000260100000001 → 9000; 00200098 → 63C2");
    }

    [Fact]
    public async Task SecondOpener_WaitsForTheFirst_WithinItsTimeout()
    {
        MakeCard();
        var first = OpenNow();
        var waited = Stopwatch.StartNew();
        var release = Task.Run(async () =>
        {
            await Task.Delay(300);
            first.Dispose();
        });
        using var second = VirtualCard.Open(new FileCardImageStore(CardPath, _key, lockTimeout: TimeSpan.FromSeconds(10)));
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(250), $"opened after {waited.Elapsed}");
        Assert.False(second.IsErased);
        await release;
    }

    [Fact]
    public void Timeout_SaysHowLongItWaited()
    {
        MakeCard();
        using var first = OpenNow();
        var refused = Assert.Throws<CardFileInUseException>(() => new FileCardImageStore(CardPath, _key, lockTimeout: TimeSpan.FromMilliseconds(200)));
        Assert.EndsWith("waited 0.2 s.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherProcessHoldingTheLock_RefusesTheOpen_AndItsDeathReleasesIt()
    {
        MakeCard();
        // util-linux flock(1) takes the same flock(2) lock that FileShare.None takes in .NET: a second real process.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", "--nonblock", CardFileLock.LockPathFor(CardPath), "-c", "echo held; exec sleep 60"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        try
        {
            Assert.Equal("held", holder.StandardOutput.ReadLine());
            var refused = Assert.Throws<CardFileInUseException>(OpenNow);
            Assert.Contains("is in use by another process", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            // SIGKILL: no clean-up in the holder; the kernel drops its lock with its open files.
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
        // flock's child (the shell become `sleep`) inherited the lock's descriptor and may outlive flock by a moment:
        // the lock goes when the last of them is gone, so this open waits for it rather than racing the kernel.
        using var card = VirtualCard.Open(new FileCardImageStore(CardPath, _key, lockTimeout: TimeSpan.FromSeconds(10)));
        Assert.False(card.IsErased);
    }

    [Fact]
    public void ErasedChip_HoldsTheLockToo_AndAFailedOpenReleasesIt_S4()
    {
        Assert.Throws<FileNotFoundException>(OpenNow);
        MakeCard(); // the failed open let go: manufacture opens at once.

        File.WriteAllBytes(CardPath, [1, 2, 3]);
        using (var erased = OpenNow())
        {
            Assert.True(erased.IsErased);
            Assert.Throws<CardFileInUseException>(OpenNow);
        }
        using var again = OpenNow();
        Assert.True(again.IsErased);
    }

    [Fact]
    public void FailedManufacture_ReleasesTheLock()
    {
        MakeCard();
        // The store already holds a card: manufacture refuses, and the store it was given is disposed.
        Assert.Throws<InvalidOperationException>(() =>
            VirtualCard.Manufacture(new FileCardImageStore(CardPath, _key, lockTimeout: TimeSpan.Zero), TestCards.IssuerSpki, TestCards.Serial));
        using var card = OpenNow();
        Assert.False(card.IsErased);
    }

    [Fact]
    public void DisposedStore_RefusesToWrite()
    {
        var store = new FileCardImageStore(CardPath, _key, lockTimeout: TimeSpan.Zero);
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Write(TestCards.Serial, [1]));
        Assert.False(File.Exists(CardPath));
    }

    [Fact]
    public void HeldForTheHoldersReader_AnotherOpenerHere_IsRefusedAtOnce_NamingTheHolder_P3()
    {
        MakeCard();
        var waited = Stopwatch.StartNew();
        using (VirtualCard.Open(new FileCardImageStore(CardPath, _key, holder: CardFileHolder.HoldersReader)))
        {
            var refused = Assert.Throws<CardFileInUseException>(() => VirtualCard.Open(new FileCardImageStore(CardPath, _key, lockTimeout: TimeSpan.FromSeconds(30))));
            Assert.Equal(CardFileHolder.HoldersReader, refused.Holder);
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "an opener waits for nobody's session to end");
        }
        // Released with the store; a card held by an ordinary opener is reported as such (the next one may wait for it).
        using (OpenNow())
        {
            var refused = Assert.Throws<CardFileInUseException>(OpenNow);
            Assert.Equal(CardFileHolder.Opener, refused.Holder);
        }
    }
}
