using System.Security.Cryptography;
using Myna.Card;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.Issuance.Personalization;

/// <summary>
/// Writes a blank chip into a holder's card (docs/card.md §2), AP by AP: keys generated on the chip,
/// certificates issued for the public parts, card-face records signed with the J-LIS data key, PINs set.
/// Also the window procedures that need the issuer: resetting a PIN (P3) and replacing a certificate.
/// </summary>
/// <remarks>
/// Every card command that fails throws <see cref="CardCommandException"/>; messages never contain the
/// My Number, a PIN or a key.
/// </remarks>
public sealed class CardPersonalizer
{
    private readonly ECDsa _issuerKey;
    private readonly ICardCertificateIssuer _certificates;
    private readonly RSA _dataKey;

    /// <param name="issuerKey">The issuing system's ECDSA P-256 key, whose public key the chip holds.</param>
    /// <param name="certificates">The JPKI CA that certifies keys made on the card.</param>
    /// <param name="cardFaceDataKey">The J-LIS key that signs the text/visual AP records (RSA-2048).</param>
    public CardPersonalizer(ECDsa issuerKey, ICardCertificateIssuer certificates, RSA cardFaceDataKey)
    {
        ArgumentNullException.ThrowIfNull(issuerKey);
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(cardFaceDataKey);
        _issuerKey = issuerKey;
        _certificates = certificates;
        _dataKey = cardFaceDataKey;
    }

    /// <summary>Personalises a blank (freshly manufactured) card on <paramref name="transport"/>.</summary>
    /// <exception cref="ArgumentException">A PIN of the wrong kind, a bad municipality or security code.</exception>
    /// <exception cref="CardCommandException">The card refused a command.</exception>
    public PersonalizationResult Personalize(ICardTransport transport, PersonalizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var card = new CardIssuerClient(transport);
        var serial = request.Serial ?? card.ReadSerial();
        var person = request.Person;
        byte[] collationA = request.MyNumber.ToAsciiBytes();
        byte[] collationB = CardFaceRecords.CollationNumberB(person.BirthDate, request.CardExpiry, request.SecurityCode);
        byte[] birthKey = CardFaceRecords.BirthDateKey(person.BirthDate);
        try
        {
            card.Authenticate(_issuerKey, serial);

            // 共通AP first: its key 0019 is the card key that the visual and text records carry (card-interface §2.3, §2.4).
            card.Select(CardApplication.Common);
            var cardKey = card.GenerateKeyPair(ResidentRegistryApFiles.InternalAuthenticationKey);
            card.PutFile(ResidentRegistryApFiles.CommonRecord, CardFaceRecords.CommonRecord(serial, request.MunicipalityCode, request.CardExpiry));
            card.SetPin(ResidentRegistryApFiles.Pin, request.ResidentRegistryPin);

            // JPKI AP (card-interface §2.1): each certificate only with its PIN (P, P4); the roots always.
            card.Select(CardApplication.Jpki);
            byte[]? authCertificate = null;
            if (request.UserAuthenticationPin is { } authPin)
            {
                authCertificate = IssueOnCard(card, CertificateKind.UserAuthentication);
                card.SetPin(JpkiFiles.AuthenticationPin, authPin);
            }
            card.PutFile(JpkiFiles.AuthenticationCaCertificate, _certificates.CaCertificate(CertificateKind.UserAuthentication));
            byte[]? signCertificate = null;
            if (request.SignaturePin is { } signPin)
            {
                signCertificate = IssueOnCard(card, CertificateKind.Signature);
                card.SetPin(JpkiFiles.SignaturePin, signPin);
            }
            card.PutFile(JpkiFiles.SignatureCaCertificate, _certificates.CaCertificate(CertificateKind.Signature));

            // 券面事項入力補助AP (card-interface §2.2).
            card.Select(CardApplication.TextInputAssist);
            card.PutFile(TextApFiles.MyNumber, CardFaceRecords.TextMyNumber(request.MyNumber));
            card.PutFile(TextApFiles.BasicFourInformation, CardFaceRecords.TextBasicFour(person));
            card.PutFile(TextApFiles.Integrity, CardFaceRecords.TextIntegrity(request.MyNumber, person, _dataKey));
            card.PutFile(TextApFiles.CvCertificate, CardFaceRecords.CvCertificate(_dataKey));
            card.PutFile(TextApFiles.BasicInfo, CardFaceRecords.TextBasicInfo(_dataKey, serial));
            card.PutFile(TextApFiles.SessionKey, CardFaceRecords.TextSessionKey(cardKey));
            card.PutFile(TextApFiles.SignedCardKey, CardFaceRecords.TextSignedCardKey(cardKey, _dataKey));
            card.PutFile(0x0008, CardFaceRecords.TextFiller());
            card.SetPin(TextApFiles.Pin, request.TextInputAssistPin);
            card.SetPinBytes(TextApFiles.CollationNumberA, collationA);
            card.SetPinBytes(TextApFiles.CollationNumberB, collationB);

            // 券面事項確認AP (card-interface §2.3).
            card.Select(CardApplication.Visual);
            card.PutFile(VisualApFiles.AgeRecord, CardFaceRecords.VisualAgeRecord(person.BirthDate, cardKey, _dataKey));
            card.PutFile(VisualApFiles.CardFace, CardFaceRecords.VisualCardFace(person, request.CardExpiry, cardKey, request.Images, _dataKey));
            card.PutFile(VisualApFiles.BasicInfo, CardFaceRecords.VisualBasicInfo(request.MunicipalityCode, _dataKey));
            card.PutFile(VisualApFiles.CvCertificate, CardFaceRecords.CvCertificate(_dataKey));
            card.PutFile(VisualApFiles.MyNumberImage, CardFaceRecords.VisualMyNumberImage(request.Images?.MyNumberPng, cardKey, _dataKey));
            card.SetPinBytes(VisualApFiles.BirthDateKey, birthKey);
            card.SetPinBytes(VisualApFiles.CollationNumberB, collationB);
            card.SetPinBytes(VisualApFiles.CollationNumberA, collationA);

            // 住基AP (card-interface §2.4): a 16-byte key reference and the 住基 PIN.
            card.Select(CardApplication.ResidentRegistry);
            card.PutFile(ResidentRegistryApFiles.KeyReference, RandomNumberGenerator.GetBytes(16));
            card.SetPin(ResidentRegistryApFiles.Pin, request.ResidentRegistryPin);

            return new PersonalizationResult(signCertificate, authCertificate, cardKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(collationA);
            CryptographicOperations.ZeroMemory(collationB);
            CryptographicOperations.ZeroMemory(birthKey);
        }
    }

    /// <summary>
    /// The window's reset of a PIN (P3): sets a new PIN and resets its counter, blocked or not. The 住基 PIN
    /// is set in both the 住基 and the common AP (both <c>001C</c>).
    /// </summary>
    /// <param name="transport">The channel to the card.</param>
    /// <param name="kind">Which PIN.</param>
    /// <param name="pin">The new PIN, of that kind.</param>
    /// <param name="serial">The card serial; null reads it from the chip (right after power-on only).</param>
    public void ResetPin(ICardTransport transport, PinKind kind, Pin pin, string? serial = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(pin);
        if (pin.Kind != kind)
            throw new ArgumentException("The PIN is not of the kind to reset.", nameof(pin));
        var card = Open(transport, serial);
        switch (kind)
        {
            case PinKind.Signature:
                card.Select(CardApplication.Jpki);
                card.SetPin(JpkiFiles.SignaturePin, pin);
                break;
            case PinKind.UserAuthentication:
                card.Select(CardApplication.Jpki);
                card.SetPin(JpkiFiles.AuthenticationPin, pin);
                break;
            case PinKind.TextInputAssist:
                card.Select(CardApplication.TextInputAssist);
                card.SetPin(TextApFiles.Pin, pin);
                break;
            case PinKind.ResidentRegistry:
                card.Select(CardApplication.ResidentRegistry);
                card.SetPin(ResidentRegistryApFiles.Pin, pin);
                card.Select(CardApplication.Common);
                card.SetPin(ResidentRegistryApFiles.Pin, pin);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>
    /// Replaces a JPKI certificate (renewal, or a new one after revocation): a new key on the chip, a new
    /// certificate for it, and the PIN set (P: the holder chooses it at the window).
    /// </summary>
    /// <returns>The new certificate, DER.</returns>
    public byte[] ReplaceCertificate(ICardTransport transport, CertificateKind kind, Pin pin, string? serial = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(pin);
        var expected = kind == CertificateKind.Signature ? PinKind.Signature : PinKind.UserAuthentication;
        if (pin.Kind != expected)
            throw new ArgumentException("The PIN is not of the certificate's kind.", nameof(pin));
        var card = Open(transport, serial);
        card.Select(CardApplication.Jpki);
        var certificate = IssueOnCard(card, kind);
        card.SetPin(kind == CertificateKind.Signature ? JpkiFiles.SignaturePin : JpkiFiles.AuthenticationPin, pin);
        return certificate;
    }

    /// <summary>Removes a JPKI certificate, its key and its PIN (e.g. the signature certificate of a holder who declined it).</summary>
    public void RemoveCertificate(ICardTransport transport, CertificateKind kind, string? serial = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var card = Open(transport, serial);
        card.Select(CardApplication.Jpki);
        var (certificateFid, keyFid, pinFid) = Fids(kind);
        card.DeleteFile(certificateFid);
        card.DeleteFile(keyFid);
        card.DeleteFile(pinFid);
    }

    /// <summary>
    /// M1, V4: rewrites what the chip says of the holder after a change of name, address or expiry — the text
    /// AP's four details and their signature, the visual AP's card face, the common record's expiry and the
    /// collation numbers B (they contain the expiry). The keys, certificates and PINs stay.
    /// </summary>
    /// <param name="transport">The channel to the card.</param>
    /// <param name="rewrite">The new details, and what the card already holds (card key, security code).</param>
    public void RewriteCardFace(ICardTransport transport, CardFaceRewrite rewrite)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(rewrite);
        if (rewrite.MyNumber.IsDefault)
            throw new ArgumentException("The rewrite has no My Number.", nameof(rewrite));
        var card = Open(transport, rewrite.Serial);
        var person = rewrite.Person;
        byte[] collationB = CardFaceRecords.CollationNumberB(person.BirthDate, rewrite.CardExpiry, rewrite.SecurityCode);
        try
        {
            card.Select(CardApplication.Common);
            card.PutFile(ResidentRegistryApFiles.CommonRecord, CardFaceRecords.CommonRecord(rewrite.Serial, rewrite.MunicipalityCode, rewrite.CardExpiry));

            card.Select(CardApplication.TextInputAssist);
            card.PutFile(TextApFiles.BasicFourInformation, CardFaceRecords.TextBasicFour(person));
            card.PutFile(TextApFiles.Integrity, CardFaceRecords.TextIntegrity(rewrite.MyNumber, person, _dataKey));
            card.SetPinBytes(TextApFiles.CollationNumberB, collationB);

            card.Select(CardApplication.Visual);
            card.PutFile(VisualApFiles.CardFace, CardFaceRecords.VisualCardFace(person, rewrite.CardExpiry, rewrite.CardPublicKey, rewrite.Images, _dataKey));
            card.SetPinBytes(VisualApFiles.CollationNumberB, collationB);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(collationB);
        }
    }

    private CardIssuerClient Open(ICardTransport transport, string? serial)
    {
        var card = new CardIssuerClient(transport);
        card.Authenticate(_issuerKey, serial ?? card.ReadSerial());
        return card;
    }

    private byte[] IssueOnCard(CardIssuerClient card, CertificateKind kind)
    {
        var (certificateFid, keyFid, _) = Fids(kind);
        var publicKey = card.GenerateKeyPair(keyFid);
        var certificate = _certificates.IssueCertificate(kind, publicKey);
        // OpenSC takes the EF size from bytes 2–3 of a DER SEQUENCE with a two-byte length (card-interface §2.1).
        if (certificate.Length < 4 || certificate[0] != 0x30 || certificate[1] != 0x82)
            throw new ArgumentException("A card certificate must be DER beginning 30 82.", nameof(kind));
        card.PutFile(certificateFid, certificate);
        return certificate;
    }

    private static (ushort Certificate, ushort Key, ushort Pin) Fids(CertificateKind kind) => kind switch
    {
        CertificateKind.Signature => (JpkiFiles.SignatureCertificate, JpkiFiles.SignatureKey, JpkiFiles.SignaturePin),
        CertificateKind.UserAuthentication => (JpkiFiles.AuthenticationCertificate, JpkiFiles.AuthenticationKey, JpkiFiles.AuthenticationPin),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void Validate(PersonalizationRequest request)
    {
        if (request.MyNumber.IsDefault)
            throw new ArgumentException("The request has no My Number.", nameof(request));
        CheckKind(request.SignaturePin, PinKind.Signature);
        CheckKind(request.UserAuthenticationPin, PinKind.UserAuthentication);
        CheckKind(request.ResidentRegistryPin ?? throw new ArgumentException("The resident-registry PIN is required.", nameof(request)), PinKind.ResidentRegistry);
        CheckKind(request.TextInputAssistPin ?? throw new ArgumentException("The input-assist PIN is required.", nameof(request)), PinKind.TextInputAssist);
        if (request.MunicipalityCode is null || request.MunicipalityCode.Length != 5 || !request.MunicipalityCode.All(char.IsAsciiDigit))
            throw new ArgumentException("A municipality code is 5 digits.", nameof(request));
        if (request.SecurityCode is null || request.SecurityCode.Length != 4 || !request.SecurityCode.All(char.IsAsciiDigit))
            throw new ArgumentException("A security code is 4 digits.", nameof(request));
    }

    private static void CheckKind(Pin? pin, PinKind kind)
    {
        if (pin is not null && pin.Kind != kind)
            throw new ArgumentException($"A {PinPolicy.For(kind).Describe()} is expected there.", nameof(pin));
    }
}
