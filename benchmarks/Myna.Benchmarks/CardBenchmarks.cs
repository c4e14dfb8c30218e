using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Myna.Card;
using Myna.Card.Image;
using Myna.Issuance.Personalization;
using Myna.Reader;

namespace Myna.Benchmarks;

/// <summary>
/// The chip in process: what one APDU costs, without a reader. VERIFY with the file store includes the
/// two durable writes (try counted before the compare, then reset) with fsync of file and directory.
/// </summary>
[MemoryDiagnoser]
public class CardBenchmarks
{
    private const string Serial = "1234567890123456";
    private static readonly byte[] SelectJpki = Convert.FromHexString("00A4040C0AD392F000260100000001");
    private static readonly byte[] ReadBinary256 = Convert.FromHexString("00B0000000");
    private static readonly byte[] VerifyAuthPin = Convert.FromHexString("002000980431323334");
    private static readonly byte[] SignDigestInfo = Convert.FromHexString(
        "802A008033" + "3031300D060960864801650304020105000420" + Convert.ToHexString(SHA256.HashData("benchmark"u8)) + "00");
    private static readonly byte[] SignRawData = Convert.FromHexString("802A008020" + new string('5', 64) + "00");

    private readonly ECDsa _issuer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private string _directory = "";
    private ChipSealingKey? _sealingKey;
    private VirtualCard _memoryCard = null!;
    private VirtualCard _fileCard = null!;
    private VirtualCard _signingCard = null!;

    [GlobalSetup]
    public void Setup()
    {
        _memoryCard = Personalise(new InMemoryCardImageStore());
        _directory = Directory.CreateTempSubdirectory("myna-bench-").FullName;
        _sealingKey = ChipSealingKey.Generate();
        _fileCard = Personalise(new FileCardImageStore(Path.Combine(_directory, "card.myna"), _sealingKey));
        _signingCard = Personalise(new InMemoryCardImageStore());

        // READ BINARY: JPKI AP, EF 000A current.
        Expect(_memoryCard, SelectJpki);
        Expect(_memoryCard, Convert.FromHexString("00A4020C02000A"));
        Expect(_fileCard, SelectJpki);
        // COMPUTE DIGITAL SIGNATURE: auth PIN verified once, key 0017 current.
        Expect(_signingCard, SelectJpki);
        Expect(_signingCard, VerifyAuthPin);
        Expect(_signingCard, Convert.FromHexString("00A4020C020017"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memoryCard.Dispose();
        _fileCard.Dispose();
        _signingCard.Dispose();
        _sealingKey?.Dispose();
        _issuer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "READ BINARY 256 B")]
    public byte[] ReadBinary() => _memoryCard.Transmit(ReadBinary256);

    [Benchmark(Description = "VERIFY (right PIN), in-memory store")]
    public byte[] VerifyInMemory() => _memoryCard.Transmit(VerifyAuthPin);

    [Benchmark(Description = "VERIFY (right PIN), file store + fsync")]
    public byte[] VerifyFileStore() => _fileCard.Transmit(VerifyAuthPin);

    [Benchmark(Description = "COMPUTE DIGITAL SIGNATURE (DigestInfo)")]
    public byte[] SignDigest() => _signingCard.Transmit(SignDigestInfo);

    [Benchmark(Description = "COMPUTE DIGITAL SIGNATURE (raw data, BigInteger CRT)")]
    public byte[] SignRaw() => _signingCard.Transmit(SignRawData);

    private VirtualCard Personalise(ICardImageStore store)
    {
        var card = VirtualCard.Manufacture(store, _issuer.ExportSubjectPublicKeyInfo(), Serial);
        var issuer = new CardIssuerClient(new EmulatorTransport(card));
        issuer.Authenticate(_issuer, Serial);
        issuer.Select(CardApplication.Jpki);
        issuer.GenerateKeyPair(JpkiFiles.AuthenticationKey);
        var certificate = new byte[929];
        certificate[0] = 0x30;
        certificate[1] = 0x82;
        certificate[2] = 0x03;
        certificate[3] = 0x9D;
        issuer.PutFile(JpkiFiles.AuthenticationCertificate, certificate);
        issuer.SetPinBytes(JpkiFiles.AuthenticationPin, "1234"u8);
        card.Reset();
        return card;
    }

    private static void Expect(VirtualCard card, byte[] apdu)
    {
        var response = card.Transmit(apdu);
        if (response[^2] != 0x90 || response[^1] != 0x00)
            throw new InvalidOperationException($"Benchmark setup: {Convert.ToHexString(apdu)} answered {Convert.ToHexString(response[^2..])}.");
    }
}
