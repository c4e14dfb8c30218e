using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Myna.Card;
using Myna.Issuance.Personalization;
using Myna.Pki;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;

namespace Myna.Issuance.Tests;

/// <summary>The window's later procedures on an issued card file, checked by reading the chip as a client would.</summary>
public sealed class WindowOperationsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("myna-window-ops-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));
    private readonly IssuingSystem _issuing;
    private readonly IssuedCard _issued;
    private readonly string _path;
    private readonly IssuedCardDetails _card;

    private static readonly MyNumber Number = MyNumber.Parse("123456789018").Value;
    private static readonly BasicFourInformation Person =
        new("番号　花子", "福島県郡山市朝日一丁目２３番７号", new DateOnly(1990, 4, 1), Sex.Female);
    private static readonly Pin InputAssistPin = Pin.Parse(PinKind.TextInputAssist, "1234").Value;

    public WindowOperationsTests()
    {
        _issuing = IssuingSystem.Open(new MynaHome(Path.Combine(_root, "home")), _clock);
        _path = Path.Combine(_root, "hanako.card");
        _issued = _issuing.IssueCard(_path, new CardOrder(Number, Person, CardOrder.Koriyama, CardOrder.KoriyamaCode,
            new CardPins(Pin.Parse(PinKind.Signature, "ABC123").Value, Pin.Parse(PinKind.UserAuthentication, "1111").Value,
                Pin.Parse(PinKind.ResidentRegistry, "2222").Value, InputAssistPin)));
        _card = new IssuedCardDetails(_issued.Serial, CardOrder.KoriyamaCode, _issued.SecurityCode, _issued.CardPublicKey);
    }

    public void Dispose()
    {
        _issuing.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private T WithClient<T>(Func<MynaCardClient, T> read)
    {
        using var chip = _issuing.OpenCard(_path);
        return read(new MynaCardClient(new EmulatorTransport(chip)));
    }

    /// <summary>A window procedure's chip work: in memory under the card's lock, then written once over the card file.</summary>
    private T Change<T>(Func<VirtualCard, T> work)
    {
        using var image = _issuing.OpenImage(_path);
        T result;
        using (var chip = _issuing.OpenCard(image))
            result = work(chip);
        image.Stage(image.CardPath);
        return result;
    }

    private void Change(Action<VirtualCard> work) => Change(chip =>
    {
        work(chip);
        return 0;
    });

    [Fact]
    public void IssueCard_RecordsTheSecurityCodeAndCardKey()
    {
        Assert.Matches("^[0-9]{4}$", _issued.SecurityCode);
        Assert.True(_issued.CardPublicKey.Length > 256);
    }

    [Fact]
    public void IssueCard_WithAForeignResidentsEarlierExpiry_TakesIt_V3()
    {
        var order = new CardOrder(Number, Person, CardOrder.Koriyama, CardOrder.KoriyamaCode,
            new CardPins(null, Pin.Parse(PinKind.UserAuthentication, "1111").Value,
                Pin.Parse(PinKind.ResidentRegistry, "2222").Value, InputAssistPin))
        { CardExpiry = new DateOnly(2028, 3, 31) };
        var issued = _issuing.IssueCard(Path.Combine(_root, "foreign.card"), order);
        Assert.Equal(new DateOnly(2028, 3, 31), issued.CardExpiry);
        using var auth = X509CertificateLoader.LoadCertificate(issued.AuthenticationCertificate!);
        Assert.Equal(new DateOnly(2028, 3, 31), JapanClock.DateOf(auth.NotAfter)); // E2: never past the card
    }

    [Fact]
    public void RewriteCardFace_ChangesTheFourDetailsAndExpiry_KeepsKeysAndPins_M1_V4()
    {
        var moved = Person with { Address = "福島県郡山市堂前町１番１号" };
        var newExpiry = new DateOnly(2034, 1, 31);
        Change(chip => _issuing.RewriteCardFace(chip, _card, Number, moved, newExpiry));

        var (details, expiry, verified) = WithClient(client =>
        {
            var result = client.VerifyPin(InputAssistPin);
            return (client.ReadBasicFourInformation(), client.ReadCommonRecord().Expiry, result.IsVerified);
        });
        Assert.True(verified); // the PIN survived the rewrite
        Assert.Equal(moved.Address, details.Address);
        Assert.Equal(newExpiry, expiry);
        var authentication = WithClient(c => c.ReadAuthenticationCertificate().RawData);
        Assert.Equal(_issued.AuthenticationCertificate, authentication); // M1: the auth certificate stays
    }

    [Fact]
    public void IssueCertificate_PutsANewKeyAndCertificateOnTheChip_WithTheNewPin_M1()
    {
        var moved = Person with { Address = "福島県郡山市堂前町１番１号" };
        var newPin = Pin.Parse(PinKind.Signature, "NEWPIN9").Value;
        var der = Change(chip => _issuing.IssueCertificate(chip, _card, CertificateKind.Signature, newPin, moved, CardOrder.Koriyama, _issued.CardExpiry, requestId: null));

        using var issued = X509CertificateLoader.LoadCertificate(der);
        using var old = X509CertificateLoader.LoadCertificate(_issued.SignatureCertificate!);
        Assert.NotEqual(old.SerialNumber, issued.SerialNumber);
        Assert.False(old.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(issued.PublicKey.EncodedKeyValue.RawData));
        var (verified, onChip) = WithClient(c => (c.VerifyPin(newPin).IsVerified, c.ReadSignatureCertificate().RawData));
        Assert.Equal(der, onChip);
        Assert.True(verified);
    }

    [Fact]
    public void ResetPin_UnblocksABlockedPin_P3()
    {
        var wrong = Pin.Parse(PinKind.UserAuthentication, "9999").Value;
        var blocked = WithClient(c =>
        {
            PinVerificationResult last = default;
            for (var i = 0; i < 3; i++)
                last = c.VerifyPin(wrong);
            return last;
        });
        Assert.Equal(PinVerificationOutcome.Blocked, blocked.Outcome);

        var fresh = Pin.Parse(PinKind.UserAuthentication, "4321").Value;
        Change(chip => _issuing.ResetPin(chip, _card, fresh));
        var result = WithClient(c => c.VerifyPin(fresh));
        Assert.True(result.IsVerified);
        Assert.Equal(3, result.TriesLeft);
    }

    [Fact]
    public void RemoveCertificate_LeavesNoSignatureCertificateOnTheChip()
    {
        var signaturePin = Pin.Parse(PinKind.Signature, "ABC123").Value;
        Assert.True(WithClient(c => c.VerifyPin(signaturePin).IsVerified));
        Change(chip => _issuing.RemoveCertificate(chip, _card, CertificateKind.Signature));
        // The PIN went with the key and the certificate: there is nothing left to verify or read.
        Assert.ThrowsAny<CardCommandException>(() => WithClient(c => c.VerifyPin(signaturePin)));
        Assert.ThrowsAny<CardCommandException>(() => WithClient(c => c.ReadBinary(CardApplication.Jpki, JpkiFiles.SignatureCertificate)));
    }

    [Fact]
    public void Procedures_OnAMissingCardFile_SayWhichFile()
    {
        var missing = Path.Combine(_root, "gone.card");
        var error = Assert.Throws<FileNotFoundException>(() => _issuing.OpenImage(missing));
        Assert.Equal(missing, error.FileName);
    }

    [Fact]
    public void ChipWork_NotStaged_LeavesTheCardFileAsItWas()
    {
        var before = File.ReadAllBytes(_path);
        using (var image = _issuing.OpenImage(_path))
        using (var chip = _issuing.OpenCard(image))
            _issuing.ResetPin(chip, _card, Pin.Parse(PinKind.UserAuthentication, "4321").Value);
        // The chip wrote its new PIN, in memory only: the procedure did not stage it, so the card is untouched.
        Assert.Equal(before, File.ReadAllBytes(_path));
        Assert.True(WithClient(c => c.VerifyPin(Pin.Parse(PinKind.UserAuthentication, "1111").Value).IsVerified));
    }

    [Fact]
    public void StagedImage_IsPlacedOverTheCardFile_InOneRename()
    {
        var staged = _path + ".staged";
        using (var image = _issuing.OpenImage(_path))
        {
            using (var chip = _issuing.OpenCard(image))
                _issuing.ResetPin(chip, _card, Pin.Parse(PinKind.UserAuthentication, "4321").Value);
            image.Stage(staged);
            Assert.True(Myna.Card.Image.StagedCardImage.Place(staged, _path));
        }
        Assert.False(File.Exists(staged));
        Assert.False(Myna.Card.Image.StagedCardImage.Place(staged, _path)); // placed already: nothing to do
        Assert.True(WithClient(c => c.VerifyPin(Pin.Parse(PinKind.UserAuthentication, "4321").Value).IsVerified));
    }
}
