using System.Globalization;
using Myna.Primitives;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Window;
using QRCoder;

namespace Myna.Server.Ui;

/// <summary>
/// The two faces of a card as <c>_CardFaces</c> draws them (C1 front, C2 back): what is printed where, from the
/// window's <see cref="ResidentFile"/> and the <see cref="CardRecord"/>. The My Number is masked unless it was
/// revealed for this response; only then is the QR code on the back drawn.
/// </summary>
public sealed record CardFacesView
{
    /// <summary>The name as printed, the former surname in brackets when recorded (M3: <c>番号［旧氏］　花子</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The former surname (旧氏, M3), or null.</summary>
    public string? FormerSurname { get; init; }

    public required string Address { get; init; }

    public required Sex Sex { get; init; }

    public required DateOnly BirthDate { get; init; }

    /// <summary>The card's last valid day (V2).</summary>
    public required DateOnly CardExpiry { get; init; }

    /// <summary>The signature certificate's expiry (電子証明書の有効期限), or null when none is loaded.</summary>
    public DateOnly? SignatureCertificateExpiry { get; init; }

    /// <summary>The user-authentication certificate's expiry, or null when none is loaded.</summary>
    public DateOnly? AuthenticationCertificateExpiry { get; init; }

    /// <summary>The endorsement area (追記欄, M1): the lines written so far.</summary>
    public required IReadOnlyList<Endorsement> Endorsements { get; init; }

    /// <summary>The issuing municipality as printed (福島県郡山市長), from its name.</summary>
    public required string IssuedBy { get; init; }

    /// <summary>The card's state today (a drawing of a suspended card says so beside it).</summary>
    public required CardState State { get; init; }

    /// <summary>The chip serial's last four digits, to tell cards apart.</summary>
    public required string SerialLast4 { get; init; }

    /// <summary>The My Number masked in the card's 4-4-4 grouping: <c>**** **** 9012</c>.</summary>
    public required string MyNumberMasked { get; init; }

    /// <summary>The My Number in 4-4-4 groups, only when revealed for this response.</summary>
    public string? MyNumberRevealed { get; init; }

    /// <summary>The back's QR code (C2) as inline SVG, encoding the My Number; only when revealed.</summary>
    public string? QrSvg { get; init; }

    public bool IsRevealed => MyNumberRevealed is not null;

    /// <summary>The birth date as the card prints it: in the Japanese era (<c>平成2年4月1日生</c>); in English, Gregorian.</summary>
    public string BirthDateText => Bilingual.T(JapaneseEras.ToJapaneseLongDate(BirthDate) + "生", Gregorian(BirthDate));

    /// <summary>The card's expiry as printed: <c>2036年4月1日まで有効</c>.</summary>
    public string CardExpiryText => Bilingual.T($"{Gregorian(CardExpiry)}まで有効", $"Valid until {Gregorian(CardExpiry)}");

    public string SexText => Sex switch
    {
        Sex.Male => Bilingual.T("男", "Male"),
        Sex.Female => Bilingual.T("女", "Female"),
        _ => Bilingual.T("―", "—"),
    };

    /// <summary>A date in the request's language, Gregorian: <c>2036年4月1日</c> or <c>1 April 2036</c>.</summary>
    public static string Gregorian(DateOnly date) => Bilingual.T(
        date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));

    /// <summary>The faces of <paramref name="card"/> on <paramref name="today"/>; <paramref name="revealed"/> is the number to print in full, or null.</summary>
    public static CardFacesView Of(ResidentFile file, CardRecord card, Municipality? issuer, MyNumber? revealed, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(card);
        var resident = file.Resident;
        return new CardFacesView
        {
            Name = resident.Name.OnCard,
            FormerSurname = resident.Name.FormerSurname,
            Address = resident.Address,
            Sex = resident.Sex,
            BirthDate = resident.BirthDate,
            CardExpiry = card.ExpiresOn,
            SignatureCertificateExpiry = card.SignatureCertificate?.ExpiresOn,
            AuthenticationCertificateExpiry = card.AuthenticationCertificate?.ExpiresOn,
            Endorsements = card.Endorsements,
            IssuedBy = issuer is null ? card.IssuedBy.Value : issuer.Prefecture + issuer.Name,
            State = card.StateOn(today),
            SerialLast4 = card.SerialNumber[^4..],
            MyNumberMasked = Masked(resident.MyNumber),
            MyNumberRevealed = revealed is { } number ? Grouped(number.Reveal()) : null,
            QrSvg = revealed is { } shown ? QrSvgOf(shown) : null,
        };
    }

    /// <summary>A My Number as lists show it: masked, in the card's grouping (<c>**** **** 9012</c>).</summary>
    public static string Masked(MyNumber number) => Grouped(number.Masked());

    /// <summary>The 12 characters in the card's grouping, 4-4-4.</summary>
    private static string Grouped(string twelve) => $"{twelve[..4]} {twelve[4..8]} {twelve[8..]}";

    /// <summary>
    /// C2: the QR code that records the My Number (12 digits, numeric mode, level M as the recipe), drawn as SVG
    /// sized by its viewBox so the card's CSS decides its size, with the quiet zone a reader needs.
    /// </summary>
    internal static string QrSvgOf(MyNumber number)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(number.Reveal(), QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}

/// <summary>A card's state in the pages' two languages, with the CSS class that colours it (<c>state active</c> …).</summary>
public static class CardStateText
{
    public static string Words(CardState state) => state switch
    {
        CardState.Active => Bilingual.T("利用中", "In use"),
        CardState.Suspended => Bilingual.T("一時停止中", "Suspended"),
        CardState.Lapsed => Bilingual.T("失効", "Lapsed"),
        CardState.Expired => Bilingual.T("有効期限切れ", "Expired"),
        CardState.Returned => Bilingual.T("返納済み", "Returned"),
        CardState.Replaced => Bilingual.T("再交付・更新済み", "Replaced"),
        _ => state.ToString(),
    };

    public static string CssClass(CardState state) => "state " + state.ToString().ToLowerInvariant();
}
