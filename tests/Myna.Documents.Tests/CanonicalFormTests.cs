using System.Text;
using System.Text.Json;

namespace Myna.Documents.Tests;

public class CanonicalFormTests
{
    [Fact]
    public void SameContent_BuiltTwice_GivesTheSameBytes()
    {
        Assert.Equal(Certificates.ResidentRecord().ToCanonicalBytes(), Certificates.ResidentRecord().ToCanonicalBytes());
        Assert.NotEqual(Certificates.ResidentRecord().ToCanonicalBytes(), Certificates.ResidentRecord("R08-072036-000124").ToCanonicalBytes());
    }

    [Fact]
    public void DecomposedText_IsKeptAndSignedInNfc()
    {
        // が as か + combining voiced mark (U+3099), as some input methods and macOS file names give it.
        var decomposed = new CertificateField("氏名", "番号　か\u3099く");
        var precomposed = new CertificateField("氏名", "番号　がく");
        Assert.Equal("番号　がく", decomposed.Value);
        var a = new CertificateContent(CertificateKind.ResidentRecordItems, Certificates.Koriyama, "1", Certificates.IssueDate, [decomposed]);
        var b = new CertificateContent(CertificateKind.ResidentRecordItems, Certificates.Koriyama, "1", Certificates.IssueDate, [precomposed]);
        Assert.Equal(a.ToCanonicalBytes(), b.ToCanonicalBytes());
        Assert.True(Encoding.UTF8.GetString(a.ToCanonicalBytes()).IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void EveryObject_HasItsMembersInOrdinalOrder()
    {
        using var json = JsonDocument.Parse(Certificates.ResidentRecord().ToCanonicalBytes());
        var objects = 0;
        void Check(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                objects++;
                var names = element.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(names.Order(StringComparer.Ordinal), names);
                foreach (var p in element.EnumerateObject())
                    Check(p.Value);
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in element.EnumerateArray())
                    Check(e);
            }
        }
        Check(json.RootElement);
        Assert.Equal(1 + 1 + 8, objects); // the content, the municipality, six fields and two tables
    }

    [Fact]
    public void CanonicalForm_HasNoWhitespaceOutsideStringsAndNoUnicodeEscapes()
    {
        var text = Encoding.UTF8.GetString(Certificates.ResidentRecord().ToCanonicalBytes());
        Assert.StartsWith("{\"attestation\":\"この写しは、住民票の原本と相違ないことを証明する。\",\"body\":[{\"label\":\"住所\",\"type\":\"field\"", text);
        Assert.Contains("\"issueDate\":\"2026-12-06\",\"issueNumber\":\"R08-072036-000123\",\"kind\":\"resident-record\",\"mayor\":\"郡山市長　品川　萬里\"", text);
        Assert.EndsWith(",\"municipality\":{\"code\":\"072036\",\"name\":\"福島県郡山市\"}}", text);
        Assert.DoesNotContain("\\u", text);
        Assert.DoesNotContain("\n", text);
    }

    [Fact]
    public void QuotesAndBackslashes_AreEscaped_AndReadBack()
    {
        var content = new CertificateContent(CertificateKind.IncomeAndTax, Certificates.Koriyama, "A\"1\\", Certificates.IssueDate,
            [new CertificateField("備考", "「\"引用\"」と C:\\path")]);
        var bytes = content.ToCanonicalBytes();
        Assert.Contains("\"A\\\"1\\\\\"", Encoding.UTF8.GetString(bytes));
        var back = CertificateContent.FromCanonicalBytes(bytes);
        Assert.True(back.SameAs(content));
        Assert.Equal("「\"引用\"」と C:\\path", ((CertificateField)back.Body[0]).Value);
    }

    public static TheoryData<CertificateKind> Kinds => new(CertificateKinds.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachKind_RoundTrips_WithItsTitleAndAttestation(CertificateKind kind)
    {
        var content = Certificates.Short(kind);
        var back = CertificateContent.FromCanonicalBytes(content.ToCanonicalBytes());
        Assert.Equal(kind, back.Kind);
        Assert.Equal(CertificateKinds.Attestation(kind), back.Attestation);
        Assert.NotEqual("", back.Title.Japanese);
        Assert.NotEqual("", back.Title.English);
    }

    [Fact]
    public void Titles_AreDistinct_InBothLanguages()
    {
        Assert.Equal(CertificateKinds.All.Count, CertificateKinds.All.Select(k => CertificateKinds.Title(k).Japanese).Distinct().Count());
        Assert.Equal(CertificateKinds.All.Count, CertificateKinds.All.Select(k => CertificateKinds.Title(k).English).Distinct().Count());
        Assert.Equal(CertificateKinds.All.Count, CertificateKinds.All.Select(CertificateKinds.Word).Distinct().Count());
        Assert.Equal("戸籍の附票の写し", CertificateKinds.Title(CertificateKind.FamilyRegisterAttachment).Japanese);
    }

    [Fact]
    public void RealisticResidentRecord_RoundTrips()
    {
        var content = Certificates.ResidentRecord();
        var back = CertificateContent.FromCanonicalBytes(content.ToCanonicalBytes());
        Assert.True(back.SameAs(content));
        var members = Assert.IsType<CertificateTable>(back.Body[4]);
        Assert.Equal("番号　髙乃", members.Rows[3][0]);
        Assert.Equal("郡山市長　品川　萬里", back.Mayor);
    }

    [Fact]
    public void IssueDate_IsWrittenInTheJapaneseEra()
    {
        Assert.Equal("令和8年12月6日", Certificates.ResidentRecord().JapaneseIssueDate);
        Assert.Equal("令和元年5月1日", Certificates.ResidentRecord(issueDate: new DateOnly(2019, 5, 1)).JapaneseIssueDate);
    }

    [Theory]
    [InlineData("whitespace", "{ \"attestation\"")]
    [InlineData("members out of order", "{\"body\"")]
    [InlineData("an escaped character", "\\u756a")]
    public void NonCanonicalBytes_AreRefused(string what, string marker)
    {
        var text = Encoding.UTF8.GetString(Certificates.ResidentRecord().ToCanonicalBytes());
        var altered = what switch
        {
            "whitespace" => "{ " + text[1..],
            // The same members, attestation moved to the end.
            "members out of order" => Reorder(text),
            _ => text.Replace("番", "\\u756a", StringComparison.Ordinal),
        };
        Assert.Contains(marker, altered);
        // The altered bytes are still JSON that says the same, only not in the canonical spelling.
        using (JsonDocument.Parse(altered))
        {
        }
        Assert.Throws<DocumentFormatException>(() => CertificateContent.FromCanonicalBytes(Encoding.UTF8.GetBytes(altered)));

        static string Reorder(string json)
        {
            var end = json.IndexOf(",\"body\"", StringComparison.Ordinal);
            var attestation = json[1..end];
            return "{" + json[(end + 1)..^1] + "," + attestation + "}";
        }
    }

    [Theory]
    [InlineData("control character", "番号\u0007花子")]
    [InlineData("line break", "一行目\n二行目")]
    public void TextThatCannotBePrintedOrSigned_IsRefused(string what, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => new CertificateField("氏名", value));
        Assert.Equal("value", e.ParamName);
        Assert.NotNull(what);
    }

    [Fact]
    public void UnpairedSurrogate_IsRefused()
    {
        // Built here: an attribute's string cannot hold one (the compiler writes U+FFFD instead).
        var value = "番号" + (char)0xD842;
        Assert.Throws<ArgumentException>(() => new CertificateField("氏名", value));
        Assert.Equal("𠮷", new CertificateField("氏名", "\U00020BB7").Value);
    }

    [Fact]
    public void TableRowOfAnotherWidth_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new CertificateTable("世帯員", ["氏名", "続柄"], [["番号　太郎", "世帯主"], ["番号　花子"]]));
        Assert.Contains("Row 2", e.Message);
    }

    [Theory]
    [InlineData("07203", "福島県郡山市")]
    [InlineData("０７２０３６", "福島県郡山市")]
    [InlineData("072036", "")]
    public void Municipality_NeedsSixDigitsAndAName(string code, string name) =>
        Assert.Throws<ArgumentException>(() => new IssuingMunicipality(code, name));

    [Fact]
    public void IssueNumber_LongerThanTheSealCarries_IsRefused()
    {
        var longest = new string('9', CertificateContent.MaxIssueNumberBytes);
        _ = Certificates.ResidentRecord(longest);
        Assert.Throws<ArgumentException>(() => Certificates.ResidentRecord(longest + "9"));
        // Counted in UTF-8 bytes: 22 kanji are 66 bytes.
        Assert.Throws<ArgumentException>(() => Certificates.ResidentRecord(new string('号', 22)));
    }
}
