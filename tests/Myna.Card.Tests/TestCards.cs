using System.Security.Cryptography;
using Myna.Card.Image;
using Myna.Issuance.Personalization;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.Card.Tests;

/// <summary>Builders for test chips. Key generation is slow, so one personalised image is made once and cloned.</summary>
internal static class TestCards
{
    public const string Serial = "1234567890123456";
    public const string AuthPin = "1234";
    public const string SignPin = "ABC123";
    public const string TextPin = "5678";
    public const string JukiPin = "4321";
    public const string MyNumberDigits = "123456789018";
    public const string CollationB = "55021720352285";
    public const string BirthKey = "550217";

    /// <summary>The issuing system's key (test only).</summary>
    public static readonly ECDsa IssuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public static readonly byte[] IssuerSpki = IssuerKey.ExportSubjectPublicKeyInfo();

    /// <summary>A synthetic certificate EF of 929 bytes (30 82 03 9D …), as in the OpenSC trace of card-interface §5.</summary>
    public static readonly byte[] AuthCertificate = FakeDer(0x039D, 0xA1);
    public static readonly byte[] AuthCaCertificate = FakeDer(0x0510, 0xA2);
    public static readonly byte[] SignCertificate = FakeDer(0x0600, 0xA3);
    public static readonly byte[] SignCaCertificate = FakeDer(0x0511, 0xA4);
    public static readonly byte[] CommonRecord = [0x01, 0x1C, .. "123456789012345"u8, .. "13221"u8, .. "20350217"u8];

    private static readonly Lazy<(InMemoryCardImageStore Store, RSAParameters Auth, RSAParameters Sign, RSAParameters Common)> Personalised = new(Build);

    public static VirtualCard Blank() => VirtualCard.Manufacture(new InMemoryCardImageStore(), IssuerSpki, Serial);

    /// <summary>A fresh copy of the personalised card: its own store, its own state.</summary>
    public static VirtualCard PersonalisedCard() => VirtualCard.Open(Personalised.Value.Store.Clone());

    public static InMemoryCardImageStore PersonalisedStore() => Personalised.Value.Store.Clone();

    public static RSAParameters AuthPublicKey => Personalised.Value.Auth;
    public static RSAParameters SignPublicKey => Personalised.Value.Sign;
    public static RSAParameters CommonPublicKey => Personalised.Value.Common;

    public static byte[] Ascii(string s) => System.Text.Encoding.ASCII.GetBytes(s);

    /// <summary>Personalises a chip with the issuer commands (not the CardPersonalizer, which has its own tests).</summary>
    public static (RSAParameters Auth, RSAParameters Sign, RSAParameters Common) Personalise(VirtualCard card)
    {
        var issuer = new CardIssuerClient(new EmulatorTransport(card));
        issuer.Authenticate(IssuerKey, Serial);
        issuer.Select(CardApplication.Jpki);
        var auth = issuer.GenerateKeyPair(JpkiFiles.AuthenticationKey);
        var sign = issuer.GenerateKeyPair(JpkiFiles.SignatureKey);
        issuer.PutFile(JpkiFiles.AuthenticationCertificate, AuthCertificate);
        issuer.PutFile(JpkiFiles.AuthenticationCaCertificate, AuthCaCertificate);
        issuer.PutFile(JpkiFiles.SignatureCertificate, SignCertificate);
        issuer.PutFile(JpkiFiles.SignatureCaCertificate, SignCaCertificate);
        issuer.SetPinBytes(JpkiFiles.AuthenticationPin, Ascii(AuthPin));
        issuer.SetPinBytes(JpkiFiles.SignaturePin, Ascii(SignPin));

        issuer.Select(CardApplication.TextInputAssist);
        issuer.PutFile(TextApFiles.MyNumber, [0xFF, 0x10, 0x0C, .. Ascii(MyNumberDigits), 0xFF, 0xFF]);
        issuer.PutFile(TextApFiles.BasicFourInformation, Convert.FromHexString(
            "ff2065df2108000e002000590064df220fe9bb92e6a190e38080e5b9b9e4b99fdf2336e69db1e4baace983bde6b885e780ace5b882e8a6b3e5b883e5ad90e58d97efbc91efbc92efbc8defbc97efbc8defbc92efbc90efbc92df24083139383030323137df250131"));
        issuer.PutFile(TextApFiles.CvCertificate, FakeDer(0x10, 0x7F));
        issuer.SetPinBytes(TextApFiles.Pin, Ascii(TextPin));
        issuer.SetPinBytes(TextApFiles.CollationNumberA, Ascii(MyNumberDigits));
        issuer.SetPinBytes(TextApFiles.CollationNumberB, Ascii(CollationB));

        issuer.Select(CardApplication.Visual);
        issuer.PutFile(VisualApFiles.CardFace, [0xFF, 0x20, 0x03, 0xDF, 0x22, 0x00]);
        issuer.PutFile(VisualApFiles.BasicInfo, [0xFF, 0x30, 0x00]);
        issuer.SetPinBytes(VisualApFiles.BirthDateKey, Ascii(BirthKey));
        issuer.SetPinBytes(VisualApFiles.CollationNumberA, Ascii(MyNumberDigits));
        issuer.SetPinBytes(VisualApFiles.CollationNumberB, Ascii(CollationB));

        issuer.Select(CardApplication.ResidentRegistry);
        issuer.PutFile(ResidentRegistryApFiles.KeyReference, new byte[16]);
        issuer.SetPinBytes(ResidentRegistryApFiles.Pin, Ascii(JukiPin));

        issuer.Select(CardApplication.Common);
        issuer.PutFile(ResidentRegistryApFiles.CommonRecord, CommonRecord);
        var common = issuer.GenerateKeyPair(ResidentRegistryApFiles.InternalAuthenticationKey);
        issuer.SetPinBytes(ResidentRegistryApFiles.Pin, Ascii(JukiPin));
        card.Reset();
        return (auth, sign, common);
    }

    private static (InMemoryCardImageStore, RSAParameters, RSAParameters, RSAParameters) Build()
    {
        var store = new InMemoryCardImageStore();
        using var card = VirtualCard.Manufacture(store, IssuerSpki, Serial);
        var (auth, sign, common) = Personalise(card);
        return (store, auth, sign, common);
    }

    private static byte[] FakeDer(int length, byte fill)
    {
        var der = new byte[4 + length];
        der[0] = 0x30;
        der[1] = 0x82;
        der[2] = unchecked((byte)(length >> 8));
        der[3] = unchecked((byte)length);
        for (var i = 4; i < der.Length; i++)
            der[i] = unchecked((byte)(fill ^ i));
        return der;
    }
}

/// <summary>Talks hex to a chip, as the traces of card-interface §5 are written.</summary>
internal static class ChipExtensions
{
    /// <summary>The whole response (data ‖ SW) in upper-case hex.</summary>
    public static string Send(this ISmartCardChip chip, string commandHex) =>
        Convert.ToHexString(chip.Transmit(Convert.FromHexString(commandHex.Replace(" ", "", StringComparison.Ordinal))));

    /// <summary>Only the status word.</summary>
    public static string Sw(this ISmartCardChip chip, string commandHex) => chip.Send(commandHex)[^4..];

    public static string Hex(string ascii) => Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(ascii));

    /// <summary>A VERIFY with the PIN in ASCII: <c>00 20 00 80 Lc PIN</c>.</summary>
    public static string VerifyApdu(string pin) => $"00200080{pin.Length:X2}{Hex(pin)}";
}
