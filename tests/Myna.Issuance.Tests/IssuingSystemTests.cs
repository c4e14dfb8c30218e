using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Myna.Card;
using Myna.Pki;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;

namespace Myna.Issuance.Tests;

public sealed class IssuingSystemTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("myna-issuance-").FullName;

    // 2026-11-25 23:30 JST is 14:30 UTC: the issue date must be the Japanese one.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 14, 30, 0, TimeSpan.Zero));

    private static readonly BasicFourInformation Person =
        new("番号　花子", "福島県郡山市朝日一丁目２３番７号", new DateOnly(2008, 11, 26), Sex.Female);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private CardOrder Order(bool withSignature = true) => new(
        MyNumber.Parse("123456789018").Value, Person, CardOrder.Koriyama, CardOrder.KoriyamaCode,
        new CardPins(withSignature ? Pin.Parse(PinKind.Signature, "ABC123").Value : null,
            Pin.Parse(PinKind.UserAuthentication, "1234").Value,
            Pin.Parse(PinKind.ResidentRegistry, "1234").Value,
            Pin.Parse(PinKind.TextInputAssist, "1234").Value));

    [Fact]
    public void IssueCard_SeventeenOnTheJapaneseDayOfIssue_ExpiresOnTheFifthBirthday_V2_E2()
    {
        using var issuing = IssuingSystem.Open(new MynaHome(Path.Combine(_root, "home")), _clock);
        var path = Path.Combine(_root, "a.card");
        var issued = issuing.IssueCard(path, Order());

        // Born 2008-11-26: 17 on 2026-11-25 (JST), so the 5th birthday, the first being the next day.
        Assert.Equal(new DateOnly(2026, 11, 25), issued.IssueDate);
        Assert.Equal(new DateOnly(2030, 11, 26), issued.CardExpiry);
        Assert.Null(issued.Warning);

        using var card = issuing.OpenCard(path);
        var client = new MynaCardClient(new EmulatorTransport(card));
        Assert.Equal(issued.CardExpiry, client.ReadCommonRecord().Expiry);
        using var auth = client.ReadAuthenticationCertificate();
        Assert.Equal(issued.AuthenticationCertificate, auth.RawData);
        Assert.Equal(new DateOnly(2030, 11, 26), JapanClock.DateOf(auth.NotAfter));
        // The certificate chains to this installation's authority.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(issuing.Authorities.Authentication.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _clock.GetUtcNow().UtcDateTime;
        Assert.True(chain.Build(auth));
    }

    [Fact]
    public void IssueCard_WithoutSignaturePin_LoadsNoSignatureCertificate_P4()
    {
        using var issuing = IssuingSystem.Open(new MynaHome(Path.Combine(_root, "home")), _clock);
        var issued = issuing.IssueCard(Path.Combine(_root, "b.card"), Order(withSignature: false));
        Assert.Null(issued.SignatureCertificate);
        Assert.NotNull(issued.AuthenticationCertificate);
    }

    [Fact]
    public void IssueCard_WithoutTheJapaneseFont_IssuesTheChipAndWarns()
    {
        using var issuing = IssuingSystem.Open(new MynaHome(Path.Combine(_root, "home")), _clock,
            cardFaceFontPath: Path.Combine(_root, "no-such-font.ttf"));
        var path = Path.Combine(_root, "c.card");
        var issued = issuing.IssueCard(path, Order());
        Assert.Contains("fonts-ipaexfont", issued.Warning, StringComparison.Ordinal);
        using var card = issuing.OpenCard(path);
        Assert.False(card.IsErased);
        Assert.NotNull(issued.SignatureCertificate);
    }

    [Fact]
    public void IssueCard_ExistingFile_IsLeftAlone()
    {
        using var issuing = IssuingSystem.Open(new MynaHome(Path.Combine(_root, "home")), _clock);
        var path = Path.Combine(_root, "d.card");
        File.WriteAllText(path, "not a card");
        Assert.Throws<IOException>(() => issuing.IssueCard(path, Order()));
        Assert.Equal("not a card", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".new"));
    }

    [Fact]
    public void Open_Twice_KeepsTheSameAuthoritiesAndSealingKey()
    {
        var home = new MynaHome(Path.Combine(_root, "home"));
        string path = Path.Combine(_root, "e.card");
        byte[] root;
        using (var first = IssuingSystem.Open(home, _clock))
        {
            first.IssueCard(path, Order());
            root = first.Authorities.Signature.ExportCertificateDer();
        }
        using var second = IssuingSystem.Open(home, _clock);
        Assert.Equal(root, second.Authorities.Signature.ExportCertificateDer());
        using var card = second.OpenCard(path);
        Assert.False(card.IsErased);
    }
}
