using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Myna.Card.Image;
using Myna.Issuance.Personalization;
using Myna.Reader;

namespace Myna.Card.Tests;

/// <summary>The card file (docs/card.md §3): sealing, tamper response (S4), durability (P3).</summary>
public sealed class CardImageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("myna-card-tests-").FullName;
    private readonly ChipSealingKey _key = ChipSealingKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string CardPath => Path.Combine(_directory, "card.myna");

    /// <summary>A small card on disk: manufactured, with the auth PIN set.</summary>
    private void MakeCard()
    {
        using var card = VirtualCard.Manufacture(new FileCardImageStore(CardPath, _key), TestCards.IssuerSpki, TestCards.Serial);
        var issuer = new CardIssuerClient(new EmulatorTransport(card));
        issuer.Authenticate(TestCards.IssuerKey, TestCards.Serial);
        issuer.Select(CardApplication.Jpki);
        issuer.SetPinBytes(JpkiFiles.AuthenticationPin, "1234"u8);
        issuer.PutFile(JpkiFiles.AuthenticationCaCertificate, [0x30, 0x82, 0x00, 0x00]);
    }

    [Fact]
    public void Image_Layout_IsMagicVersionHeaderNonceCipherTag()
    {
        MakeCard();
        var image = File.ReadAllBytes(CardPath);
        Assert.Equal("MYNACARD", Encoding.ASCII.GetString(image, 0, 8));
        Assert.Equal(new byte[] { 0x00, 0x01 }, image[8..10]);
        var headerLength = (image[10] << 8) | image[11];
        var header = Encoding.UTF8.GetString(image, 12, headerLength);
        Assert.Contains("\"serial\":\"1234567890123456\"", header, StringComparison.Ordinal);
        Assert.Contains("\"writeCounter\":", header, StringComparison.Ordinal);
        Assert.Contains("\"created\":", header, StringComparison.Ordinal);
        // The state is encrypted: neither the PIN nor the JSON property names are visible.
        Assert.DoesNotContain("1234\"", Encoding.ASCII.GetString(image[(12 + headerLength)..]), StringComparison.Ordinal);
        Assert.DoesNotContain("TriesLeft", Encoding.ASCII.GetString(image), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("magic", 0)]
    [InlineData("version", 9)]
    [InlineData("header length", 11)]
    [InlineData("header", 20)]
    [InlineData("nonce", -40)]
    [InlineData("ciphertext", -30)]
    [InlineData("tag", -1)]
    public void Open_TamperedImage_IsErasedChipAndFileUntouched_S4(string name, int position)
    {
        _ = name;
        MakeCard();
        var image = File.ReadAllBytes(CardPath);
        var headerLength = (image[10] << 8) | image[11];
        var index = position >= 0 ? position : position == -40 ? 12 + headerLength + 3 : image.Length + position - (position == -30 ? 20 : 0);
        image[index] ^= 0x01;
        File.WriteAllBytes(CardPath, image);

        using var card = VirtualCard.Open(new FileCardImageStore(CardPath, _key));
        Assert.True(card.IsErased);
        Assert.Equal("3BE000FF8131FE4514", Convert.ToHexString(card.Atr.Span));
        foreach (var aid in new[] { "D392F000260100000001", "D3921000310001010408", "D3921000310001010402", "D3921000310001010401", "D3921000310001010100" })
            Assert.Equal("6A82", card.Sw("00A4040C0A" + aid));
        Assert.Equal("6A82", card.Sw("002000980431323334"));
        // Nothing the erased chip does writes the file.
        Assert.EndsWith("9000", card.Send("0084000020"));
        Assert.Equal("6300", card.Sw("0082000140" + new string('0', 128)));
        Assert.Equal("6982", card.Sw("80FE0000"));
        Assert.Equal(image, File.ReadAllBytes(CardPath));
    }

    [Fact]
    public void Open_WithAnotherSealingKey_IsErased_S4()
    {
        MakeCard();
        using var other = ChipSealingKey.Generate();
        using var card = VirtualCard.Open(new FileCardImageStore(CardPath, other));
        Assert.True(card.IsErased);
        Assert.Equal("6A82", card.Sw("00A4040C0AD392F000260100000001"));
    }

    [Fact]
    public void Open_TruncatedImage_IsErased_S4()
    {
        MakeCard();
        var image = File.ReadAllBytes(CardPath);
        File.WriteAllBytes(CardPath, image[..20]);
        using var card = VirtualCard.Open(new FileCardImageStore(CardPath, _key));
        Assert.True(card.IsErased);
    }

    [Fact]
    public void Open_MissingFile_Throws()
    {
        Assert.Throws<FileNotFoundException>(() => VirtualCard.Open(new FileCardImageStore(CardPath, _key)));
    }

    [Fact]
    public void WrongPin_IsCounted_EvenIfChipObjectIsAbandonedWithoutDispose_P3()
    {
        MakeCard();
        AbandonAfterWrongPin(CardPath, _key);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // A new process would do exactly this: a new key object from the same bytes, a new store, a new chip.
        using var card = VirtualCard.Open(new FileCardImageStore(CardPath, _key));
        Assert.False(card.IsErased);
        Script.Run(card, "00A4040C0AD392F000260100000001 → 9000; 00200098 → 63C2");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AbandonAfterWrongPin(string path, ChipSealingKey key)
    {
        var card = VirtualCard.Open(new FileCardImageStore(path, key));
        Script.Run(card, "00A4040C0AD392F000260100000001 → 9000; 002000980430303030 → 63C2");
        // No Dispose, no flush: the count must already be on disk.
    }

    [Fact]
    public void Write_LeavesNoTempFiles_AndCardFileIsOwnerOnly()
    {
        MakeCard();
        // The lock file stays beside the card (CardFileLock: deleting it would race); no temporary file does.
        Assert.Equal(["card.myna", "card.myna.lock"], Directory.GetFiles(_directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CardPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CardPath + ".lock"));
        }
    }

    [Fact]
    public void ChipSealingKey_LoadOrCreate_Creates0600FileOnceAndReloadsIt()
    {
        var path = Path.Combine(_directory, "keys", "chip-sealing.key");
        using var first = ChipSealingKey.LoadOrCreate(path);
        Assert.Equal(32, new FileInfo(path).Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        MakeCardWith(first);
        using var second = ChipSealingKey.LoadOrCreate(path);
        using var card = VirtualCard.Open(new FileCardImageStore(CardPath, second));
        Assert.False(card.IsErased);
        Assert.Equal("ChipSealingKey (hidden)", second.ToString());
    }

    [Fact]
    public void ChipSealingKey_BadLengthFile_Throws()
    {
        var path = Path.Combine(_directory, "bad.key");
        File.WriteAllBytes(path, new byte[31]);
        Assert.Throws<InvalidDataException>(() => ChipSealingKey.LoadOrCreate(path));
        Assert.Throws<ArgumentException>(() => ChipSealingKey.FromBytes(new byte[16]));
    }

    private void MakeCardWith(ChipSealingKey key)
    {
        using var card = VirtualCard.Manufacture(new FileCardImageStore(CardPath, key), TestCards.IssuerSpki, TestCards.Serial);
    }

    [Fact]
    public void PrivateKeys_AreNeverInAnyResponse()
    {
        var transcript = new List<byte[]>();
        var store = new InMemoryCardImageStore();
        using var card = VirtualCard.Manufacture(store, TestCards.IssuerSpki, TestCards.Serial);
        var recording = new RecordingTransport(new EmulatorTransport(card), transcript);
        var issuer = new CardIssuerClient(recording);
        issuer.Authenticate(TestCards.IssuerKey, TestCards.Serial);
        issuer.Select(CardApplication.Jpki);
        issuer.GenerateKeyPair(JpkiFiles.AuthenticationKey);
        issuer.GenerateKeyPair(JpkiFiles.SignatureKey);
        issuer.PutFile(JpkiFiles.AuthenticationCertificate, TestCards.AuthCertificate);
        issuer.SetPinBytes(JpkiFiles.AuthenticationPin, "1234"u8);
        issuer.SetPinBytes(JpkiFiles.SignaturePin, "ABC123"u8);
        issuer.Select(CardApplication.Common);
        issuer.GenerateKeyPair(ResidentRegistryApFiles.InternalAuthenticationKey);
        card.Reset();
        // A full client session: every read, every PIN, every signature scheme, on every key.
        var session = new[]
        {
            "00A4040C0AD392F000260100000001", "002000980431323334", "0020009B06414243313233",
            "00A4020C020017", "00B0000000", "00B00000000000", "802A008003010203", "802A018003010203", "802A058003010203",
            "00A4020C02001A", "00B0000000", "802A008003010203", "802A038003010203", "0088009A0401020304",
            "00B0970000", "00B09A0000", "00A4020C02000A", "00B0000000FFFF", "00B0880000",
            "00A4040C0AD3921000310001010100", "00A4020C020019", "00B0000000", "00B2010400", "008800990401020304",
            "00CA004500", "00CA5F5100",
        };
        foreach (var apdu in session)
            recording.Transmit(Convert.FromHexString(apdu));

        foreach (var ap in card.State.Applications)
        {
            foreach (var der in ap.Keys.Values)
            {
                using var rsa = RSA.Create();
                rsa.ImportRSAPrivateKey(der, out _);
                var p = rsa.ExportParameters(true);
                foreach (var secret in new[] { p.D!, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ! })
                {
                    var probe = secret.AsSpan(8, 16).ToArray();
                    foreach (var response in transcript)
                        Assert.True(response.AsSpan().IndexOf(probe) < 0, "a response contains private key material");
                }
            }
        }
        Assert.True(transcript.Count > 30);
    }

    private sealed class RecordingTransport(ICardTransport inner, List<byte[]> responses) : ICardTransport
    {
        public string Name => inner.Name;
        public ReadOnlyMemory<byte> Atr => inner.Atr;

        public byte[] Transmit(ReadOnlySpan<byte> commandApdu)
        {
            var response = inner.Transmit(commandApdu);
            responses.Add(response);
            return response;
        }

        public void Dispose() => inner.Dispose();
    }
}

/// <summary>A store whose disk fails after some writes (docs/card.md §3: no answer without a durable write).</summary>
public class FailingStoreTests
{
    private sealed class FailingStore(InMemoryCardImageStore inner, int writesAllowed) : ICardImageStore
    {
        public int WritesAllowed { get; set; } = writesAllowed;
        public bool Exists => inner.Exists;
        public byte[] Read() => inner.Read();

        public void Write(string serial, ReadOnlySpan<byte> state)
        {
            if (WritesAllowed-- <= 0)
                throw new IOException("disk full");
            inner.Write(serial, state);
        }
    }

    [Fact]
    public void Verify_WhenTheTryCannotBeWritten_Answers6581AndGoesMute_P3()
    {
        var inner = TestCards.PersonalisedStore();
        var store = new FailingStore(inner, writesAllowed: 0);
        using var card = VirtualCard.Open(store);
        Script.Run(card, "00A4040C0AD392F000260100000001 → 9000; 00200098 → 63C3");
        // The try cannot be counted durably, so the PIN is not compared at all.
        Assert.Equal("6581", card.Sw("002000980431323334"));
        Assert.Equal("6581", card.Sw("00A4040C0AD392F000260100000001"));
        using var reopened = VirtualCard.Open(inner);
        Script.Run(reopened, "00A4040C0AD392F000260100000001 → 9000; 00200098 → 63C3");
    }

    [Fact]
    public void FileStore_CreatesMissingDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "myna-" + Guid.NewGuid().ToString("N"), "cards");
        try
        {
            using var key = ChipSealingKey.Generate();
            using var card = VirtualCard.Manufacture(new FileCardImageStore(Path.Combine(directory, "a.myna"), key), TestCards.IssuerSpki, TestCards.Serial);
            Assert.True(File.Exists(Path.Combine(directory, "a.myna")));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }
}
