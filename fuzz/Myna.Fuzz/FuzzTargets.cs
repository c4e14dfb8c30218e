using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Card;
using Myna.Card.Image;
using Myna.Documents;
using Myna.Issuance;
using Myna.Pki;
using Myna.Pki.Ocsp;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using Myna.Primitives;
using Myna.Primitives.Hosting;

namespace Myna.Fuzz;

/// <summary>
/// What the fuzzer feeds: each target takes one input and throws only for a defect — an exception the code under test
/// let out, or a broken invariant (<see cref="Invariant"/>). Refusing bad input the way the code means to (a status
/// word, a malformed answer, a failed verification) is the expected outcome, not a finding.
/// </summary>
internal sealed class FuzzTargets : IDisposable
{
    // In memory where the machine has it: the card-image target writes a file per input.
    private readonly string _home = Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", "myna-fuzz-" + Guid.NewGuid().ToString("N"))).FullName
        : Directory.CreateTempSubdirectory("myna-fuzz-").FullName;
    private readonly IssuingSystem _issuing;
    private readonly CertificateRegistry _registry = new();
    private readonly OcspResponder _responder;
    private readonly JpkiVerifier _verifier;
    private readonly SealVerifier _seals;
    private readonly byte[] _cardState;
    private readonly string _cardSerial;
    private readonly string _cardFile;
    private readonly byte[] _authenticationCertificate;

    public FuzzTargets()
    {
        var clock = TimeProvider.System;
        // A cheap key-file cost: these keys live for one fuzzing run in a temporary directory.
        _issuing = IssuingSystem.Open(new MynaHome(_home), clock, new JpkiAuthorityOptions { KeyFileIterations = 1 }, certificateLog: _registry);
        _cardFile = Path.Combine(_home, "card.card");
        using var pin = Pin.Parse(PinKind.UserAuthentication, "1234").Value!;
        var order = new CardOrder(IssuingSystem.RandomMyNumber(), new BasicFourInformation("番号　花子", "福島県郡山市朝日一丁目２３番７号", new DateOnly(1990, 1, 2), Sex.Female),
            CardOrder.Koriyama, CardOrder.KoriyamaCode,
            new CardPins(Pin.Parse(PinKind.Signature, "ABC123").Value, Pin.Parse(PinKind.UserAuthentication, "1234").Value,
                Pin.Parse(PinKind.ResidentRegistry, "1234").Value!, Pin.Parse(PinKind.TextInputAssist, "1234").Value!));
        var issued = _issuing.IssueCard(_cardFile, order, overwrite: true);
        _cardSerial = issued.Serial;
        _authenticationCertificate = issued.AuthenticationCertificate!;
        using (var store = new FileCardImageStore(_cardFile, _issuing.SealingKey))
            _cardState = store.Read();
        _responder = new OcspResponder(_issuing.Authorities, _registry, clock);
        _verifier = JpkiVerifier.For(_issuing.Authorities, new InProcessRevocationChecker(_registry), clock);
        using var sealKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var root = new CertificateRequest("CN=Fuzz seal root", sealKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        _seals = new SealVerifier(root, []);
    }

    /// <summary>The targets' names, in the order <c>list</c> prints them.</summary>
    public static readonly IReadOnlyList<string> Names = ["apdu", "ocsp-request", "cms", "login", "card-image", "document-seal"];

    /// <summary>The targets by name.</summary>
    public IReadOnlyDictionary<string, Action<byte[]>> All => new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["apdu"] = Apdus,
        ["ocsp-request"] = OcspRequest,
        ["cms"] = Cms,
        ["login"] = Login,
        ["card-image"] = CardImage,
        ["document-seal"] = DocumentSeal,
    };

    /// <summary>
    /// The chip's APDU handling: the input is a sequence of command APDUs, each a length byte and that many bytes, sent
    /// to a personalised card. Every answer ends in a status word; the chip never faults; and the state it wrote opens
    /// again as the same card (nothing the commands did corrupts it).
    /// </summary>
    private void Apdus(byte[] input)
    {
        var store = new InMemoryCardImageStore();
        store.Write(_cardSerial, _cardState);
        using (var card = VirtualCard.Open(store))
        {
            var rest = input.AsSpan();
            while (rest.Length > 0)
            {
                var length = Math.Min(rest[0], rest.Length - 1);
                var response = card.Transmit(rest.Slice(1, length));
                Invariant(response.Length >= 2, "an answer without a status word");
                rest = rest[(1 + length)..];
            }
            Invariant(card.UnexpectedFaults == 0, "the chip faulted");
        }
        using var reopened = VirtualCard.Open(store);
        Invariant(!reopened.IsErased && reopened.Serial == _cardSerial, "the card's state no longer opens as the same card");
    }

    /// <summary>The OCSP responder: any bytes get a DER OCSPResponse (RFC 6960 §4.2.1), never an exception.</summary>
    private void OcspRequest(byte[] input)
    {
        var answer = _responder.Respond(input);
        var reader = new AsnReader(answer, AsnEncodingRules.DER);
        var response = reader.ReadSequence();
        Invariant(!reader.HasData, "bytes after the OCSPResponse");
        response.ReadEnumeratedBytes(); // responseStatus
    }

    /// <summary>Relying-party verification of a signed document: any bytes are a verdict (with its reason), never an exception.</summary>
    private void Cms(byte[] input)
    {
        var attached = _verifier.VerifyDocumentAsync(input).AsTask().GetAwaiter().GetResult();
        Invariant(attached.IsValid || attached.Failure is not null, "neither valid nor a failure");
        var detached = _verifier.VerifyDetachedDocumentAsync(input, "content"u8.ToArray()).AsTask().GetAwaiter().GetResult();
        Invariant(detached.IsValid || detached.Failure is not null, "neither valid nor a failure");
    }

    /// <summary>
    /// A login: the input split into certificate, challenge and signature (two length bytes each, then the bytes), or,
    /// when it does not split, the whole input as the certificate with the card's real one's challenge and a zero signature.
    /// </summary>
    private void Login(byte[] input)
    {
        var parts = Split(input, 3) ?? [input, "challenge"u8.ToArray(), new byte[256]];
        var result = _verifier.VerifyLoginAsync(parts[1], parts[2], parts[0]).AsTask().GetAwaiter().GetResult();
        Invariant(result.Failure is not null, "a login verified without the card's signature");
        // The card's own certificate with the fuzzed challenge and signature: refused, never thrown.
        var real = _verifier.VerifyLoginAsync(parts[1].Length == 0 ? [0] : parts[1], parts[2], _authenticationCertificate).AsTask().GetAwaiter().GetResult();
        Invariant(real.Failure is not null, "a fuzzed signature verified");
    }

    /// <summary>
    /// The card file reader: any bytes on disk open as the card or as an erased chip (S4), never an exception, and an
    /// opened chip answers.
    /// </summary>
    private void CardImage(byte[] input)
    {
        var path = Path.Combine(_home, "fuzzed.card");
        File.WriteAllBytes(path, input);
        using var card = VirtualCard.Open(new FileCardImageStore(path, _issuing.SealingKey));
        var answer = card.Transmit([0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]);
        Invariant(answer.Length >= 2, "an answer without a status word");
    }

    /// <summary>The printed certificate's seal (the QR code's text): any text is a verdict, never an exception.</summary>
    private void DocumentSeal(byte[] input)
    {
        var text = System.Text.Encoding.UTF8.GetString(input);
        var verdict = _seals.Verify(text);
        Invariant(verdict is not null, "no verdict");
        _seals.Verify(SealPayload.Prefix + text);
    }

    /// <summary>The input as <paramref name="count"/> parts, each a big-endian 16-bit length and its bytes; null when it is not.</summary>
    private static byte[][]? Split(byte[] input, int count)
    {
        var parts = new byte[count][];
        var rest = input.AsSpan();
        for (var i = 0; i < count; i++)
        {
            if (rest.Length < 2)
                return null;
            var length = (rest[0] << 8) | rest[1];
            if (rest.Length < 2 + length)
                return null;
            parts[i] = rest.Slice(2, length).ToArray();
            rest = rest[(2 + length)..];
        }
        return parts;
    }

    /// <summary>A broken invariant: a finding, reported as a crash.</summary>
    private static void Invariant(bool holds, string what)
    {
        if (!holds)
            throw new InvalidOperationException("Invariant broken: " + what);
    }

    public void Dispose()
    {
        _responder.Dispose();
        _issuing.Dispose();
        Directory.Delete(_home, recursive: true);
    }
}
