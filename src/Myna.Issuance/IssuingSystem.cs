using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Myna.Card;
using Myna.Card.Image;
using Myna.CardFace;
using Myna.Issuance.Personalization;
using Myna.Pki;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;
using Myna.Registry.Rules;

namespace Myna.Issuance;

/// <summary>
/// The issuing system (J-LIS's card issuance, in the sandbox): manufactures blank chips and personalises
/// them through the chip's own issuer commands, with keys generated on the chip and certificates from the
/// JPKI authorities.
/// </summary>
/// <remarks>
/// Everything it keeps lives in a <see cref="MynaHome"/>. The card's expiry follows V2 and the
/// certificates' E2, from the issue date that <see cref="TimeProvider"/> gives (Japan time).
/// </remarks>
public sealed partial class IssuingSystem : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly ECDsa _issuerKey;
    private readonly RSA _cardDataKey;
    private readonly Lazy<CardFaceRenderer> _renderer;

    private IssuingSystem(MynaHome home, TimeProvider clock, ChipSealingKey sealingKey, ECDsa issuerKey, RSA cardDataKey, JpkiAuthorities authorities, string? fontPath)
    {
        Home = home;
        _clock = clock;
        SealingKey = sealingKey;
        _issuerKey = issuerKey;
        _cardDataKey = cardDataKey;
        Authorities = authorities;
        _renderer = new Lazy<CardFaceRenderer>(() => new CardFaceRenderer(fontPath));
    }

    public MynaHome Home { get; }

    /// <summary>The key that opens this installation's card files.</summary>
    public ChipSealingKey SealingKey { get; }

    public JpkiAuthorities Authorities { get; }

    /// <summary>Opens the issuing system of a data directory, creating its keys and authorities on first use.</summary>
    /// <param name="home">The data directory.</param>
    /// <param name="clock">The clock of issue dates and certificate validity.</param>
    /// <param name="authorityOptions">Names, public URL and key passphrase of the authorities; null or an empty passphrase: a passphrase kept in the home.</param>
    /// <param name="cardFaceFontPath">The Japanese font of the card-face images; null: Debian's IPAex Gothic.</param>
    /// <param name="certificateLog">Where the authorities record what they issue (the server's persistent certificate registry); null: in memory.</param>
    public static IssuingSystem Open(
        MynaHome home, TimeProvider clock, JpkiAuthorityOptions? authorityOptions = null, string? cardFaceFontPath = null,
        IIssuedCertificateLog? certificateLog = null)
    {
        MynaHome.EnsurePrivateDirectory(home.Root);
        var sealingKey = ChipSealingKey.LoadOrCreate(home.ChipSealingKeyPath);
        var issuerKey = KeyFiles.LoadOrCreateEcdsa(home.IssuerKeyPath);
        var dataKey = KeyFiles.LoadOrCreateRsa(home.CardDataSigningKeyPath);
        // No passphrase given (the default options, or a host that only sets names and its public URL): the home's own.
        var options = authorityOptions ?? new JpkiAuthorityOptions();
        if (string.IsNullOrEmpty(options.KeyPassphrase))
            options = options with { KeyPassphrase = KeyFiles.LoadOrCreateSecret(home.AuthorityPassphrasePath) };
        var authorities = JpkiAuthorities.LoadOrCreate(home.AuthoritiesDirectory, options, clock, certificateLog);
        return new IssuingSystem(home, clock, sealingKey, issuerKey, dataKey, authorities, cardFaceFontPath);
    }

    /// <summary>
    /// Makes a personalised card file at <paramref name="path"/>: the chip is manufactured and personalised in memory
    /// (<see cref="IssueCard(StagedCardImage, CardOrder)"/>) and the file written once, atomically and durably, at the end,
    /// so that a failure half-way leaves no half-made card under the requested name.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    /// <exception cref="CardFileInUseException">The card file at <paramref name="path"/> is in use by another process or opener.</exception>
    public IssuedCard IssueCard(string path, CardOrder order, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(order);
        using var image = StagedCardImage.New(path, SealingKey, _clock, replace: overwrite);
        var issued = IssueCard(image, order);
        // The target itself is the staging place: the durable write is an atomic replace of it.
        image.Stage(image.CardPath);
        return issued;
    }

    /// <summary>
    /// Manufactures a blank chip into <paramref name="image"/> (held in memory) and personalises it over APDUs, with keys
    /// generated on the chip and certificates recorded under <see cref="CardOrder.RequestId"/>. Nothing is written to
    /// disk: the caller stages and places the image (<see cref="StagedCardImage.Stage"/>, <see cref="StagedCardImage.Place"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The card would expire before it is issued.</exception>
    public IssuedCard IssueCard(StagedCardImage image, CardOrder order)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(order);
        var issueDate = JapanClock.Today(_clock);
        var v2Expiry = CardExpiryRule.ExpiryFor(order.Person.BirthDate, issueDate);
        // V3: a foreign resident's expiry comes with the order, never past V2's.
        var cardExpiry = order.CardExpiry is { } asked && asked < v2Expiry ? asked : v2Expiry;
        if (cardExpiry < issueDate)
            throw new ArgumentException("The card would expire before it is issued.", nameof(order));
        var serial = RandomDigits(VirtualCard.SerialLength);
        var securityCode = RandomDigits(4);

        PersonalizationResult result;
        string? faceWarning;
        using (var card = VirtualCard.Manufacture(image.Store, _issuerKey.ExportSubjectPublicKeyInfo(), serial))
        using (var transport = new EmulatorTransport(card))
        {
            var images = RenderImages(order.Person, order.MyNumber, securityCode, out faceWarning);
            var request = new PersonalizationRequest(
                order.MyNumber, order.Person, cardExpiry, order.MunicipalityCode, securityCode,
                order.Pins.Signature, order.Pins.UserAuthentication, order.Pins.ResidentRegistry,
                order.Pins.TextInputAssist,
                images, serial);
            var certificates = new AuthorityCertificateIssuer(Authorities, order.Person, order.Municipality, cardExpiry, order.RequestId);
            result = new CardPersonalizer(_issuerKey, certificates, _cardDataKey).Personalize(transport, request);
        }
        return new IssuedCard(image.CardPath, serial, issueDate, cardExpiry,
            result.SignatureCertificate, result.AuthenticationCertificate, faceWarning)
        {
            SecurityCode = securityCode,
            CardPublicKey = CardKeys.ToSubjectPublicKeyInfo(result.CardPublicKey),
        };
    }

    /// <summary>
    /// The characters of <paramref name="text"/> that the card face cannot draw (the font has no glyph for them); empty
    /// when all can be drawn, or when there is no Japanese font here (the images are then left empty anyway).
    /// </summary>
    /// <remarks>A procedure checks the holder's name and address with it before its first effect, so that a character
    /// the card cannot show is refused at the window instead of failing half-way through the chip.</remarks>
    public IReadOnlyList<Rune> CharactersWithoutGlyph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return _renderer.Value.CharactersWithoutGlyph(text);
        }
        catch (CardFaceFontNotFoundException)
        {
            return [];
        }
    }

    /// <summary>
    /// The card-face images of the visual AP. Without the Japanese font they are left empty and the issue
    /// says so: the chip, its keys and certificates do not depend on them.
    /// </summary>
    private Personalization.CardFaceImages? RenderImages(BasicFourInformation person, MyNumber myNumber, string securityCode, out string? warning)
    {
        try
        {
            var images = _renderer.Value.RenderAll(person, myNumber, securityCode);
            warning = null;
            return new Personalization.CardFaceImages(images.Name.Png, images.Address.Png, images.Photo.Png,
                images.SecurityCode.Png, images.MyNumber.Png);
        }
        catch (CardFaceFontNotFoundException e)
        {
            warning = $"card-face images left empty: {e.Message}";
            return null;
        }
    }

    /// <summary>Opens a card file of this installation (an erased chip if it is not one, S4), holding its lock until disposed.</summary>
    /// <param name="path">The card file.</param>
    /// <param name="holder">Who holds it open: the holder's reader keeps it for a whole session (<see cref="CardFileHolder"/>).</param>
    /// <exception cref="CardFileInUseException">Another process (e.g. <c>myna card attach</c>) or opener holds the card file.</exception>
    public VirtualCard OpenCard(string path, CardFileHolder holder = CardFileHolder.Opener) =>
        VirtualCard.Open(new FileCardImageStore(path, SealingKey, _clock, holder: holder));

    /// <summary>Opens the chip of a card file read into memory (<see cref="StagedCardImage.Open"/>); its writes stay there until staged.</summary>
    public VirtualCard OpenCard(StagedCardImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return VirtualCard.Open(image.Store);
    }

    /// <summary>Reads the card file at <paramref name="path"/> into memory under its lock, for a procedure that changes its chip.</summary>
    /// <exception cref="FileNotFoundException">There is no card file.</exception>
    /// <exception cref="CardFileInUseException">Another process or opener holds the card file.</exception>
    public StagedCardImage OpenImage(string path) => StagedCardImage.Open(path, SealingKey, _clock);

    /// <summary>A new card file at <paramref name="path"/> (which must not exist), made in memory until staged.</summary>
    /// <exception cref="IOException">A file exists there.</exception>
    public StagedCardImage NewImage(string path) => StagedCardImage.New(path, SealingKey, _clock);

    private static string RandomDigits(int count)
    {
        var digits = new char[count];
        for (var i = 0; i < count; i++)
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        return new string(digits);
    }

    /// <summary>A random valid My Number, for test cards.</summary>
    public static MyNumber RandomMyNumber() => MyNumber.FromFirstElevenDigits(RandomDigits(11));

    public void Dispose()
    {
        if (_renderer.IsValueCreated)
            _renderer.Value.Dispose();
        Authorities.Dispose();
        _cardDataKey.Dispose();
        _issuerKey.Dispose();
        SealingKey.Dispose();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"IssuingSystem ({Home.Root})");
}
