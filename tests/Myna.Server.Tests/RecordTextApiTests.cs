using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Myna.Pki;
using Myna.Primitives;
using static Myna.Server.Tests.WindowApi;

namespace Myna.Server.Tests;

/// <summary>
/// Text as the record keeps it: typed half-width, kept full-width, for registration and changes alike; characters
/// outside the certificate's set replaced (and mapped) in the signature certificate and on the chip, the record keeping
/// the original; every text bounded, and bad text a 400 naming its field.
/// </summary>
public sealed class RecordTextApiTests(WindowApiFixture fixture) : IClassFixture<WindowApiFixture>
{
    private readonly WindowApi _api = new(fixture);

    [Fact]
    public async Task Registration_HalfWidthDigitsBracketsAndSpaces_AreKeptFullWidth()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var body = Registration("番号", "朝日一丁目23番7号", formerSurname: "旧姓");
        body["givenName"] = "ティ ラン";
        body["givenNameKana"] = "ﾃｨ ﾗﾝ";
        var resident = await JsonAsync(await _api.Window.PostAsJsonAsync("/api/residents", body), HttpStatusCode.Created);
        Assert.Equal("福島県郡山市朝日一丁目２３番７号", resident.GetProperty("address").GetString());
        Assert.Equal("番号［旧姓］\u3000ティ\u3000ラン", resident.GetProperty("name").GetString());

        // A change is held to the same form: the same address typed half-width is no change at all.
        var change = await JsonAsync(await _api.Window.PutAsJsonAsync($"/api/residents/{Id(resident)}/address",
            new { address = "福島県郡山市朝日一丁目23番7号" }), HttpStatusCode.OK);
        Assert.Equal("福島県郡山市朝日一丁目２３番７号", change.GetProperty("resident").GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, change.GetProperty("endorsement").ValueKind);
    }

    [Fact]
    public async Task CharactersOutsideJis_AreReplacedInTheCertificateAndOnTheChip_TheRecordKeepsThem_Interface6()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = await JsonAsync(await _api.Window.PostAsJsonAsync("/api/residents", Registration("髙橋", "髙田一丁目1番1号")), HttpStatusCode.Created);
        Assert.Equal("髙橋\u3000花子", resident.GetProperty("name").GetString());
        var card = await _api.IssueCardAsync(Id(resident));

        var (name, certificateNames) = _api.ReadChip(Id(card), chip =>
        {
            chip.VerifyPin(Pin.Parse(PinKind.TextInputAssist, "3333").Value);
            var four = chip.ReadBasicFourInformation();
            chip.VerifyPin(Pin.Parse(PinKind.Signature, "ABC123").Value);
            using var certificate = chip.ReadSignatureCertificate();
            return (four.Name, SignerNames(certificate));
        });
        Assert.Equal("高橋\u3000花子", name);
        Assert.Equal("高橋\u3000花子", certificateNames[JpkiOids.Name]);
        Assert.Equal("10000", certificateNames[JpkiOids.NameSubstituteMap]);
        Assert.Equal("福島県郡山市高田一丁目１番１号", certificateNames[JpkiOids.Address]);
        Assert.Equal("000000100000000", certificateNames[JpkiOids.AddressSubstituteMap]);
    }

    [Theory]
    [InlineData("domicile", 201)]
    [InlineData("householdHead", 121)]
    [InlineData("relationshipToHead", 21)]
    [InlineData("address", 201)]
    [InlineData("familyName", 61)]
    public async Task Registration_TooLongText_Is400NamingTheField_AndNothingIsRegistered(string field, int length)
    {
        var body = Registration("番号", "朝日一丁目1番1号");
        body[field] = new string('本', length);
        await AssertRefusedNamingAsync(body, field);
    }

    [Theory]
    [InlineData("familyName", "番号\u0000")]
    [InlineData("givenName", "花\u202E子")]
    [InlineData("domicile", "東京都\u0007")]
    [InlineData("householdHead", "番号\u200B太郎")]
    [InlineData("familyNameKana", "ばんごう")]
    public async Task Registration_UnwritableCharacters_Are400NamingTheField(string field, string text)
    {
        var body = Registration("番号", "朝日一丁目1番1号");
        body[field] = text;
        await AssertRefusedNamingAsync(body, field);
    }

    [Fact]
    public async Task Application_RepresentativeNameTooLong_Is400NamingTheField_Q6()
    {
        await _api.SetDateAsync(new DateOnly(2026, 4, 1));
        var resident = Id(await _api.RegisterAsync());
        using var response = await _api.Window.PostAsJsonAsync("/api/applications", new
        {
            residentId = resident, applicant = "LegalRepresentative", representativeName = new string('代', 121),
        });
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("representativeName", out _), problem.GetRawText());
    }

    private async Task AssertRefusedNamingAsync(Dictionary<string, object?> body, string field)
    {
        var before = await CountResidentsAsync();
        using var response = await _api.Window.PostAsJsonAsync("/api/residents", body);
        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(before, await CountResidentsAsync());
    }

    private async Task<int> CountResidentsAsync()
    {
        await using var db = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Myna.Storage.MynaDbContext>>(_api.Services).CreateDbContextAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<Myna.Registry.Residents.Resident>());
    }

    private static Dictionary<string, object?> Registration(string familyName, string addressInKoriyama, string? formerSurname = null) => new()
    {
        ["municipality"] = "072036", ["familyName"] = familyName, ["givenName"] = "花子", ["familyNameKana"] = "バンゴウ",
        ["givenNameKana"] = "ハナコ", ["birthDate"] = new DateOnly(1990, 5, 10), ["sex"] = "Female",
        ["address"] = "福島県郡山市" + addressInKoriyama, ["formerSurname"] = formerSurname, ["householdHead"] = "番号　太郎",
        ["relationshipToHead"] = "妻", ["domicile"] = "福島県郡山市朝日一丁目１番",
    };

    // The signature certificate's SAN otherNames, read independently of the code that wrote them (card-interface §6).
    private static Dictionary<string, string> SignerNames(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var names = new Dictionary<string, string>();
        var reader = new System.Formats.Asn1.AsnReader(certificate.Extensions[JpkiOids.SubjectAltName]!.RawData, System.Formats.Asn1.AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        var context0 = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 0, isConstructed: true);
        while (sequence.HasData)
        {
            var otherName = sequence.ReadSequence(context0);
            var oid = otherName.ReadObjectIdentifier();
            names[oid] = otherName.ReadSequence(context0).ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.UTF8String);
        }
        return names;
    }
}
