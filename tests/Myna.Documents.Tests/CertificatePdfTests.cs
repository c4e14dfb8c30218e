using System.Text.RegularExpressions;
using Myna.Testing;
using Myna.Testing.Tools;
using PdfSharp.Fonts;
using Xunit.Abstractions;

namespace Myna.Documents.Tests;

/// <summary>The PDF read back by poppler (pdftotext, pdffonts, pdftoppm; apt: poppler-utils) and zbarimg (zbar-tools).</summary>
public class CertificatePdfTests(ITestOutputHelper output)
{
    private static readonly Lazy<CertificatePdf> Pdf = new(() => new CertificatePdf());

    [Fact]
    public void ResidentRecord_PrintsItsTextInJapanese()
    {
        var content = Certificates.ResidentRecord();
        var text = Flat(Text(Render(content)));
        foreach (var expected in new[]
        {
            "住民票の写し", "Copy of the resident record", "番号太郎", "番号髙乃", "福島県郡山市朝日一丁目２３番７号朝日ハイツ１０２号室",
            "宮城県仙台市青葉区国分町三丁目７番１号", "R08-072036-000123", "この写しは、住民票の原本と相違ないことを証明する。",
            "令和8年12月6日", "郡山市長品川萬里", "この証明書の真正性は", "To verify, scan the QR code",
        })
        {
            Assert.Contains(Flat(expected), text);
        }
    }

    [Fact]
    public void Font_IsEmbeddedAsASubset()
    {
        var fonts = WithFile(Render(Certificates.ResidentRecord()), file => ExternalTool.Run("pdffonts", [file]).EnsureSuccess().StandardOutput);
        output.WriteLine(fonts);
        // e.g. "PFNDOM+IPAexMincho  CID TrueType  Identity-H  yes yes yes  10  0": embedded, subset, with a ToUnicode map.
        var line = Assert.Single(fonts.Split('\n'), l => l.Contains("IPAexMincho", StringComparison.Ordinal));
        Assert.Matches(@"^[A-Z]{6}\+IPAexMincho\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s", line);
        Assert.Equal(3, fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the header, its rule, one font
    }

    [Fact]
    public void QrCode_ScannedFromThePage_IsTheSealAndVerifies()
    {
        var content = Certificates.ResidentRecord();
        var payload = Certificates.KoriyamaSealer.Seal(content);
        var pdf = Pdf.Value.Render(content, payload);
        output.WriteLine($"payload {payload.Length} characters, PDF {pdf.Length} bytes");
        var scanned = Scan(pdf, page: 1);
        Assert.Equal(payload, scanned);
        var result = Certificates.Verifier.Verify(scanned);
        Assert.True(result.IsValid, result.ToString());
        Assert.True(result.Content!.SameAs(content));
    }

    public static TheoryData<CertificateKind> Kinds => new(CertificateKinds.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachKind_PrintsItsTitleAndAttestation(CertificateKind kind)
    {
        var text = Flat(Text(Render(Certificates.Short(kind))));
        Assert.Contains(Flat(CertificateKinds.Title(kind).Japanese), text);
        Assert.Contains(Flat(CertificateKinds.Attestation(kind)), text);
    }

    [Fact]
    public void LongBody_GoesOnOverPages_AndTheSealEndsTheLastOne()
    {
        var rows = Enumerable.Range(1, 70).Select(i => new[] { $"令和{i % 7 + 1}年度", $"{i * 1000:#,0}円" });
        var content = new CertificateContent(CertificateKind.IncomeAndTax, Certificates.Koriyama, "T-0070", Certificates.IssueDate,
            [new CertificateField("氏名", "番号　花子"), new CertificateTable("所得の内訳", ["年度", "金額"], rows)], mayor: "郡山市長　品川　萬里");
        var payload = Certificates.KoriyamaSealer.Seal(content);
        var pdf = Pdf.Value.Render(content, payload);
        var info = WithFile(pdf, file => ExternalTool.Run("pdfinfo", [file]).EnsureSuccess().StandardOutput);
        var pages = int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pages >= 2, $"{pages} page(s)");
        var text = Text(pdf);
        Assert.Contains($"1/{pages}", Flat(text));
        Assert.Contains("70,000円", text);
        // The table's header is repeated on the page the rows go on to.
        Assert.True(Regex.Matches(text, "年度\\s+金額").Count >= 2);
        Assert.Equal(payload, Scan(pdf, page: pages));
    }

    [Fact]
    public void ManyRenders_InParallel_EachPrintsItsOwnCertificate()
    {
        var sealer = Certificates.KoriyamaSealer;
        var pdf = Pdf.Value;
        var rendered = Enumerable.Range(0, 24).AsParallel().WithDegreeOfParallelism(8)
            .Select(i =>
            {
                var content = Certificates.ResidentRecord($"PAR-{i:D3}");
                return (Number: content.IssueNumber, Pdf: pdf.Render(content, sealer.Seal(content)));
            })
            .ToList();
        foreach (var (number, bytes) in rendered)
        {
            var text = Text(bytes);
            Assert.Contains(number, text);
            Assert.Single(Regex.Matches(text, "PAR-\\d{3}").Select(m => m.Value).Distinct());
        }
    }

    [Fact]
    public void SealOfOtherContent_IsRefused()
    {
        var payload = Certificates.KoriyamaSealer.Seal(Certificates.ResidentRecord("R08-072036-000001"));
        Assert.Throws<ArgumentException>(() => Pdf.Value.Render(Certificates.ResidentRecord("R08-072036-000002"), payload));
        Assert.Throws<ArgumentException>(() => Pdf.Value.Render(Certificates.ResidentRecord(), "not a seal"));
    }

    [Fact]
    public void MissingFont_NamesThePackageToInstall()
    {
        var missing = Path.Combine(Path.GetTempPath(), "myna-no-such-directory-" + Guid.NewGuid().ToString("N"), "ipaexm.ttf");
        var e = Assert.Throws<DocumentFontNotFoundException>(() => new CertificatePdf(missing));
        Assert.Contains("fonts-ipaexfont", e.Message);
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void FileThatIsNotAFont_IsRefusedLikeAMissingOne()
    {
        WithFile("not a font"u8.ToArray(), notFont => Assert.Throws<DocumentFontNotFoundException>(() => new CertificatePdf(notFont)));
    }

    [Fact]
    public void Resolver_IsInstalledOnce_AndPassesOtherFamiliesOn()
    {
        _ = Pdf.Value;
        Assert.True(GlobalFontSettings.FontResolver is DocumentFontResolver || GlobalFontSettings.FallbackFontResolver is DocumentFontResolver);
        DocumentFontResolver.Install(); // again: nothing changes, nothing throws

        var inner = new OneFamilyResolver();
        var resolver = new DocumentFontResolver(inner);
        Assert.Equal("Other#", resolver.ResolveTypeface("Other", false, false)?.FaceName);
        Assert.Equal([1, 2, 3], resolver.GetFont("Other#"));
        var ours = DocumentFontResolver.FamilyPrefix + CertificatePdf.DefaultFontPath;
        Assert.Equal(ours, resolver.ResolveTypeface(ours, false, false)?.FaceName);
        Assert.Equal(File.ReadAllBytes(CertificatePdf.DefaultFontPath), resolver.GetFont(ours));
        // A path no CertificatePdf registered is not served from the disk.
        Assert.Null(resolver.ResolveTypeface(DocumentFontResolver.FamilyPrefix + "/etc/passwd", false, false));
    }

    private sealed class OneFamilyResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName == "Other" ? new("Other#") : null;

        public byte[]? GetFont(string faceName) => faceName == "Other#" ? [1, 2, 3] : null;
    }

    private static byte[] Render(CertificateContent content) => Pdf.Value.Render(content, Certificates.KoriyamaSealer.Seal(content));

    /// <summary>pdftotext -layout of the whole document.</summary>
    private static string Text(byte[] pdf) =>
        WithFile(pdf, file => ExternalTool.Run("pdftotext", ["-layout", file, "-"]).EnsureSuccess().StandardOutput);

    /// <summary>Runs <paramref name="use"/> on the PDF written to a file of its own, removed afterwards.</summary>
    private static T WithFile<T>(byte[] pdf, Func<string, T> use)
    {
        var directory = TestDirectories.Create("myna-documents-");
        try
        {
            var file = Path.Combine(directory, "certificate.pdf");
            File.WriteAllBytes(file, pdf);
            return use(file);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The layout spreads text with spaces, and prints the ideographic space as one: compare without either.
    private static string Flat(string text) => Regex.Replace(text, @"[\s\u3000]+", "");

    /// <summary>The page rendered at 150 dpi, as a scanner or a phone would see it, and its QR code decoded.</summary>
    private static string Scan(byte[] pdf, int page) => WithFile(pdf, file =>
    {
        var pageNumber = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var image = Path.Combine(Path.GetDirectoryName(file)!, "page");
        ExternalTool.Run("pdftoppm", ["-png", "-r", "150", "-f", pageNumber, "-l", pageNumber, "-singlefile", file, image]).EnsureSuccess();
        // --raw: the symbol's text alone, with a line break after it.
        return ExternalTool.Run("zbarimg", ["-q", "--raw", image + ".png"]).EnsureSuccess().StandardOutput.TrimEnd('\n');
    });
}
