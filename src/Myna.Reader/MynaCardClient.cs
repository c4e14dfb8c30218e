using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Myna.Card;
using Myna.Card.Apdu;
using Myna.Primitives;

namespace Myna.Reader;

/// <summary>
/// A typed client of the My Number Card over any <see cref="ICardTransport"/>: the APDU flows of card-interface §1–§4
/// as the public clients (OpenSC, jpki/myna, TRETJapanNFCReader) send them.
/// </summary>
/// <remarks>
/// <para><b>Security state.</b> A verified PIN belongs to the current application and is lost when an
/// application is selected again (card-interface §1). The client therefore selects an application only when it is
/// not already the current one: <c>VerifyPin(text PIN)</c> then <see cref="ReadMyNumber"/> works, while
/// <see cref="GetPinStatus"/> of a PIN in another application moves there and drops what was verified.</para>
/// <para><b>Errors.</b> Expected outcomes (wrong PIN, blocked PIN) are values. A status word the flow does not
/// expect is a <see cref="CardCommandException"/> (e.g. <c>6982</c> when a protected EF is read before its
/// PIN was verified); a broken channel is a <see cref="CardTransportException"/>; bytes that do not parse are
/// a <see cref="CardDataFormatException"/>. No message carries a PIN or card content.</para>
/// <para>Not thread-safe: one card session is one conversation.</para>
/// </remarks>
public sealed class MynaCardClient
{
    /// <summary>READ BINARY chunk: short Le <c>00</c> = 256 bytes, as OpenSC and jpki/myna read (card-interface §5).</summary>
    private const int ChunkSize = 256;

    /// <summary>
    /// DER DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1): the card pads with PKCS#1 v1.5 type 1 but does
    /// not wrap the hash, so the client sends DigestInfo (card-interface §4).
    /// </summary>
    private static readonly byte[] Sha256DigestInfoPrefix =
        Convert.FromHexString("3031300D060960864801650304020105000420");

    private readonly ICardTransport _transport;
    private CardApplication? _current;

    public MynaCardClient(ICardTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
    }

    /// <summary>The application this client last selected, or null before the first selection.</summary>
    public CardApplication? CurrentApplication => _current;

    /// <summary>
    /// Selects an application by its AID (<c>00 A4 04 0C 0A &lt;AID&gt;</c>), clearing the card's security state
    /// for it even when it was already current.
    /// </summary>
    /// <exception cref="CardCommandException">Not <c>9000</c>, e.g. <c>6A82</c>: the card has no such application.</exception>
    public void SelectApplication(CardApplication application)
    {
        _current = null;
        var sw = Send(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, CardApplicationIds.Of(application).ToArray())).StatusWord;
        Expect(sw, $"SELECT application {application}");
        _current = application;
    }

    /// <summary>The user-authentication certificate (EF 000A, free read).</summary>
    public X509Certificate2 ReadAuthenticationCertificate() =>
        ReadCertificate(JpkiFiles.AuthenticationCertificate, "authentication certificate");

    /// <summary>The CA certificate of the user-authentication certificate (EF 000B, free read).</summary>
    public X509Certificate2 ReadAuthenticationCaCertificate() =>
        ReadCertificate(JpkiFiles.AuthenticationCaCertificate, "authentication CA certificate");

    /// <summary>The CA certificate of the signature certificate (EF 0002, free read).</summary>
    public X509Certificate2 ReadSignatureCaCertificate() =>
        ReadCertificate(JpkiFiles.SignatureCaCertificate, "signature CA certificate");

    /// <summary>The signature certificate (EF 0001): verify the signature PIN first (card-interface §2.1).</summary>
    /// <exception cref="CardCommandException"><c>6982</c>: the signature PIN is not verified in this session.</exception>
    public X509Certificate2 ReadSignatureCertificate() =>
        ReadCertificate(JpkiFiles.SignatureCertificate, "signature certificate");

    /// <summary>
    /// The retry counter of a PIN (card-interface §3): SELECT EF of the PIN, then <c>00 20 00 80</c> without data, which
    /// never decrements it. A PIN the card does not have (no certificate of its kind) is <see cref="PinStatus.NotSet"/>.
    /// </summary>
    public PinStatus GetPinStatus(PinKind kind)
    {
        var (application, fid) = PinLocation(kind);
        EnsureApplication(application);
        var selected = Send(new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new[] { (byte)(fid >> 8), unchecked((byte)fid) })).StatusWord;
        if (selected.Value == 0x6A82)
            return PinStatus.NotSet; // an unset PIN answers as absent (docs/card.md §1)
        Expect(selected, $"SELECT PIN EF {fid:X4}");
        var sw = Send(new CommandApdu(0x00, 0x20, 0x00, 0x80)).StatusWord;
        if (sw.IsTriesLeft(out var tries))
            return new PinStatus(tries);
        return sw.Value switch
        {
            0x6984 or 0x6983 => PinStatus.Blocked,
            // 6300: a key without a retry limit; 9000: some cards answer so when verified (card-interface §3, MC).
            0x6300 or 0x9000 => new PinStatus(null),
            _ => throw new CardCommandException($"PIN retry query ({kind})", sw),
        };
    }

    /// <summary>
    /// Enters a PIN (card-interface §3): selects its application if it is not current, SELECT EF of the PIN, then
    /// <c>00 20 00 80 Lc &lt;PIN ASCII&gt;</c>.
    /// </summary>
    /// <returns>Verified, wrong with the tries left, or blocked.</returns>
    /// <exception cref="CardCommandException">A status word other than 9000, 63Cx, 6983 or 6984.</exception>
    public PinVerificationResult VerifyPin(Pin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        var (application, fid) = PinLocation(pin.Kind);
        EnsureApplication(application);
        SelectFile(fid, "PIN");
        var sw = SendSecret(0x20, 0x00, pin.AsciiBytes).StatusWord;
        return VerifyOutcome(sw, pin.Kind, PinPolicy.For(pin.Kind).MaxTries);
    }

    /// <summary>
    /// Changes a PIN (card-interface §3 CHANGE REFERENCE DATA): VERIFY the current PIN, then <c>00 24 01 80 Lc &lt;new&gt;</c>.
    /// </summary>
    /// <returns>The outcome of verifying <paramref name="current"/>; <c>Verified</c> means the PIN was changed.</returns>
    /// <exception cref="ArgumentException">The two PINs are of different kinds.</exception>
    /// <exception cref="CardCommandException">The card refused the change after a successful VERIFY.</exception>
    public PinVerificationResult ChangePin(Pin current, Pin newPin)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(newPin);
        if (current.Kind != newPin.Kind)
            throw new ArgumentException("The new PIN must be of the same kind as the current one.", nameof(newPin));
        var verification = VerifyPin(current);
        if (!verification.IsVerified)
            return verification;
        // VerifyPin left the PIN EF selected, which is what P2 = 80 refers to.
        var sw = SendSecret(0x24, 0x01, newPin.AsciiBytes).StatusWord;
        Expect(sw, $"CHANGE REFERENCE DATA ({current.Kind})");
        return verification;
    }

    /// <summary>
    /// Signs a SHA-256 digest with one of the JPKI keys (card-interface §4): SELECT the key EF, then
    /// <c>80 2A 00 80 33 DigestInfo 00</c>. The key's PIN must have been verified in this session.
    /// </summary>
    /// <returns>The RSA signature (256 bytes for RSA-2048), PKCS#1 v1.5 over SHA-256.</returns>
    /// <exception cref="ArgumentException">The digest is not 32 bytes.</exception>
    /// <exception cref="CardCommandException"><c>6982</c>: the key's PIN is not verified.</exception>
    public byte[] SignDigest(JpkiKey key, ReadOnlySpan<byte> sha256Digest)
    {
        if (sha256Digest.Length != 32)
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(sha256Digest));
        EnsureApplication(CardApplication.Jpki);
        SelectFile(key == JpkiKey.Signature ? JpkiFiles.SignatureKey : JpkiFiles.AuthenticationKey, "key");
        var digestInfo = new byte[Sha256DigestInfoPrefix.Length + 32];
        Sha256DigestInfoPrefix.CopyTo(digestInfo, 0);
        sha256Digest.CopyTo(digestInfo.AsSpan(Sha256DigestInfoPrefix.Length));
        var response = Send(new CommandApdu(0x80, 0x2A, 0x00, 0x80, digestInfo, le: 256));
        Expect(response.StatusWord, $"COMPUTE DIGITAL SIGNATURE ({key})");
        if (response.Data.IsEmpty)
            throw new CardDataFormatException("The card answered COMPUTE DIGITAL SIGNATURE with no signature.");
        return response.Data.ToArray();
    }

    /// <summary>
    /// The My Number from EF 0001 of the text AP (card-interface §2.2). Verify the text-AP PIN
    /// (<see cref="PinKind.TextInputAssist"/>) first; the client stays in that application.
    /// </summary>
    /// <exception cref="CardCommandException"><c>6982</c>: the PIN is not verified.</exception>
    /// <exception cref="CardDataFormatException">The EF does not hold a valid My Number.</exception>
    public MyNumber ReadMyNumber() =>
        TextApRecords.ParseMyNumber(ReadTlvObject(CardApplication.TextInputAssist, TextApFiles.MyNumber, "My Number"));

    /// <summary>
    /// The four basic details from EF 0002 of the text AP (card-interface §2.2): 7 bytes, then the rest by the TLV length,
    /// as jpki/myna and TRETJapanNFCReader read it. Verify the text-AP PIN first.
    /// </summary>
    /// <exception cref="CardCommandException"><c>6982</c>: the PIN is not verified.</exception>
    /// <exception cref="CardDataFormatException">The EF does not parse.</exception>
    public BasicFourInformation ReadBasicFourInformation() =>
        TextApRecords.ParseBasicFourInformation(ReadTlvObject(CardApplication.TextInputAssist, TextApFiles.BasicFourInformation, "basic four information"));

    /// <summary>
    /// Enters 照合番号B in the visual AP (card-interface §2.3, §3), as a face-recognition terminal does with what its
    /// camera read off the card's face: selects the AP if it is not current, SELECT EF 0012, then
    /// <c>00 20 00 80 0E &lt;14 ASCII digits&gt;</c>.
    /// </summary>
    /// <returns>Verified, wrong with the tries left (<c>63Cx</c>), or blocked (<c>63C0</c>, <c>6984</c>).</returns>
    /// <exception cref="CardCommandException">A status word other than 9000, 63Cx, 6983 or 6984.</exception>
    public PinVerificationResult VerifyCollationNumberB(CollationNumberB number)
    {
        ArgumentNullException.ThrowIfNull(number);
        EnsureApplication(CardApplication.Visual);
        SelectFile(VisualApFiles.CollationNumberB, "照合番号B");
        var sw = SendSecret(0x20, 0x00, number.AsciiBytes).StatusWord;
        if (sw.IsSuccess)
            return PinVerificationResult.Verified(CollationNumberB.MaxTries);
        if (sw.IsTriesLeft(out var tries))
            return tries == 0 ? PinVerificationResult.Blocked : PinVerificationResult.Wrong(tries);
        if (sw.Value is 0x6984 or 0x6983)
            return PinVerificationResult.Blocked;
        throw new CardCommandException("VERIFY (照合番号B)", sw);
    }

    /// <summary>
    /// The card face from EF 0002 of the visual AP (card-interface §2.3): 7 bytes, then the rest by the TLV length, as
    /// the text AP's EF 0002 is read. Verify 照合番号B (or A) first; the client stays in the visual AP.
    /// </summary>
    /// <exception cref="CardCommandException"><c>6982</c>: no collation number is verified.</exception>
    /// <exception cref="CardDataFormatException">The EF does not parse.</exception>
    public VisualCardFace ReadVisualCardFace() =>
        VisualApRecords.ParseCardFace(ReadTlvObject(CardApplication.Visual, VisualApFiles.CardFace, "card face"));

    /// <summary>
    /// What a face-recognition terminal reads: 照合番号B, then the card face with its photo. A wrong or blocked
    /// 照合番号B is a value (the tries left as the chip counts them), not an exception.
    /// </summary>
    public CardFaceReading ReadCardFace(CollationNumberB number)
    {
        var verified = VerifyCollationNumberB(number);
        return new CardFaceReading(verified.IsVerified ? ReadVisualCardFace() : null, verified);
    }

    /// <summary>
    /// Record 1 of EF 0001 in the common AP (card-interface §2.4): SELECT AP, SELECT EF 0001, <c>00 B2 01 04 00</c>.
    /// </summary>
    public CommonApRecord ReadCommonRecord()
    {
        EnsureApplication(CardApplication.Common);
        SelectFile(ResidentRegistryApFiles.CommonRecord, "EF");
        var response = Send(new CommandApdu(0x00, 0xB2, 0x01, 0x04, le: 256));
        Expect(response.StatusWord, "READ RECORD (common AP)");
        var r = response.Data.Span;
        if (r.Length < 30 || r[0] != 0x01 || r[1] != 0x1C)
            throw new CardDataFormatException("The common AP record is not 01 1C followed by 28 digits (card-interface §2.4).");
        var text = Encoding.ASCII.GetString(r.Slice(2, 28));
        if (!text.All(char.IsAsciiDigit)
            || !DateOnly.TryParseExact(text[20..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiry))
            throw new CardDataFormatException("The common AP record does not hold serial, municipality and expiry digits.");
        return new CommonApRecord(text[..15], text[15..20], expiry);
    }

    /// <summary>
    /// Reads a whole transparent EF of the current application in 256-byte chunks (<c>00 B0 hi lo 00</c>) until a
    /// short chunk or <c>6B00</c> (offset at the end, card-interface §4).
    /// </summary>
    public byte[] ReadBinary(CardApplication application, ushort fid)
    {
        EnsureApplication(application);
        SelectFile(fid, "EF");
        return ReadToEnd($"EF {fid:X4}");
    }

    private X509Certificate2 ReadCertificate(ushort fid, string what)
    {
        EnsureApplication(CardApplication.Jpki);
        SelectFile(fid, what);
        var bytes = ReadToEnd(what);
        try
        {
            // The EF may be larger than the certificate (fixed-size EF); the DER header says where it ends.
            AsnDecoder.ReadEncodedValue(bytes, AsnEncodingRules.DER, out _, out _, out var length);
            return X509CertificateLoader.LoadCertificate(bytes.AsSpan(0, length));
        }
        catch (Exception e) when (e is AsnContentException or System.Security.Cryptography.CryptographicException)
        {
            throw new CardDataFormatException($"The {what} on the card is not a DER X.509 certificate.", e);
        }
    }

    private byte[] ReadToEnd(string what)
    {
        using var buffer = new MemoryStream();
        // P1 b8 = 0, so the offset is 15 bits (card-interface §4).
        for (var offset = 0; offset <= 0x7FFF; offset += ChunkSize)
        {
            var response = Send(ReadBinaryCommand(offset, ChunkSize));
            if (response.StatusWord.Value == 0x6B00 && offset > 0)
                break; // The EF ended exactly at a chunk boundary.
            Expect(response.StatusWord, $"READ BINARY ({what})");
            buffer.Write(response.Data.Span);
            if (response.Data.Length < ChunkSize)
                break;
        }
        return buffer.ToArray();
    }

    private byte[] ReadTlvObject(CardApplication application, ushort fid, string what)
    {
        EnsureApplication(application);
        SelectFile(fid, what);
        // 7 bytes hold the longest header the text and visual APs use (FF20 82 LL LL), card-interface §2.2.
        var head = Send(ReadBinaryCommand(0, 7));
        Expect(head.StatusWord, $"READ BINARY ({what})");
        var total = TextApRecords.ObjectLength(head.Data.Span);
        var bytes = new byte[total];
        var have = Math.Min(head.Data.Length, total);
        head.Data.Span[..have].CopyTo(bytes);
        while (have < total)
        {
            var want = Math.Min(ChunkSize, total - have);
            var chunk = Send(ReadBinaryCommand(have, want));
            Expect(chunk.StatusWord, $"READ BINARY ({what})");
            if (chunk.Data.IsEmpty)
                throw new CardDataFormatException($"The {what} EF ends before its TLV length says.");
            var n = Math.Min(chunk.Data.Length, total - have);
            chunk.Data.Span[..n].CopyTo(bytes.AsSpan(have));
            have += n;
        }
        return bytes;
    }

    private static CommandApdu ReadBinaryCommand(int offset, int length) =>
        new(0x00, 0xB0, (byte)(offset >> 8), unchecked((byte)offset), le: length);

    private void EnsureApplication(CardApplication application)
    {
        if (_current != application)
            SelectApplication(application);
    }

    private void SelectFile(ushort fid, string what)
    {
        var sw = Send(new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new[] { (byte)(fid >> 8), unchecked((byte)fid) })).StatusWord;
        Expect(sw, $"SELECT {what} EF {fid:X4}");
    }

    private ResponseApdu Send(CommandApdu command)
    {
        var raw = _transport.Transmit(command.ToBytes());
        try
        {
            return ResponseApdu.Parse(raw);
        }
        catch (FormatException e)
        {
            throw new CardTransportException($"The card on '{_transport.Name}' answered without a status word.", e);
        }
    }

    /// <summary>
    /// Sends <c>00 INS P1 80 Lc secret</c> and wipes the copies of the secret this process made (the command
    /// buffer), as <see cref="Pin"/> wipes its own.
    /// </summary>
    private ResponseApdu SendSecret(byte ins, byte p1, ReadOnlySpan<byte> secret)
    {
        var command = new byte[5 + secret.Length];
        command[1] = ins;
        command[2] = p1;
        command[3] = 0x80;
        command[4] = checked((byte)secret.Length);
        secret.CopyTo(command.AsSpan(5));
        try
        {
            return ResponseApdu.Parse(_transport.Transmit(command));
        }
        catch (FormatException e)
        {
            throw new CardTransportException($"The card on '{_transport.Name}' answered without a status word.", e);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(command);
        }
    }

    private static void Expect(StatusWord sw, string operation)
    {
        if (!sw.IsSuccess)
            throw new CardCommandException(operation, sw);
    }

    private static PinVerificationResult VerifyOutcome(StatusWord sw, PinKind kind, int maxTries)
    {
        if (sw.IsSuccess)
            return PinVerificationResult.Verified(maxTries);
        if (sw.IsTriesLeft(out var tries))
            return tries == 0 ? PinVerificationResult.Blocked : PinVerificationResult.Wrong(tries);
        if (sw.Value is 0x6984 or 0x6983)
            return PinVerificationResult.Blocked;
        throw new CardCommandException($"VERIFY ({kind})", sw);
    }

    /// <summary>Where each PIN lives (card-interface §3).</summary>
    private static (CardApplication Application, ushort Fid) PinLocation(PinKind kind) => kind switch
    {
        PinKind.UserAuthentication => (CardApplication.Jpki, JpkiFiles.AuthenticationPin),
        PinKind.Signature => (CardApplication.Jpki, JpkiFiles.SignaturePin),
        PinKind.TextInputAssist => (CardApplication.TextInputAssist, TextApFiles.Pin),
        // 住基AP per myna-card (tested on a card); card-interface §2.4 lists the 001C PIN in both it and the common AP.
        PinKind.ResidentRegistry => (CardApplication.ResidentRegistry, ResidentRegistryApFiles.Pin),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown PIN kind."),
    };
}
