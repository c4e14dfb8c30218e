using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Myna.Documents;

/// <summary>
/// Prints a certificate as an A4 PDF: the title, the body's fields and tables, the attestation, the issue date in the
/// Japanese era, the municipality and the mayor's line beside a drawn official seal (公印), the issue number, the seal's
/// QR code and a line on how to check it. Japanese text is in IPAex Mincho, embedded as a subset.
/// </summary>
/// <remarks>
/// Thread-safe: one instance serves many renders at once (each has its own document). The layout is in
/// docs/documents.md §5. A body longer than a page goes on over more pages, the tables' headers repeated; the
/// attestation, the seal and the QR code end the last page.
/// </remarks>
public sealed partial class CertificatePdf
{
    /// <summary>Where Debian's <c>fonts-ipaexfont-mincho</c> installs IPAex Mincho.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf";

    private readonly string _family;

    /// <summary>Checks the font and makes sure PDFsharp can find it (<see cref="DocumentFontResolver.Install"/>).</summary>
    /// <param name="fontPath">A TrueType font with the Japanese characters; <see cref="DefaultFontPath"/> when <c>null</c>.</param>
    /// <exception cref="DocumentFontNotFoundException">The file is missing or not a TrueType font.</exception>
    /// <exception cref="InvalidOperationException">PDFsharp's resolvers are taken (see <see cref="DocumentFontResolver"/>).</exception>
    public CertificatePdf(string? fontPath = null)
    {
        var path = Path.GetFullPath(fontPath ?? DefaultFontPath);
        if (!IsTrueType(path))
            throw DocumentFontNotFoundException.For(path);
        FontPath = path;
        DocumentFontResolver.Install();
        _family = DocumentFontResolver.Register(path);
    }

    /// <summary>The font file, as a full path.</summary>
    public string FontPath { get; }

    /// <summary>The certificate as PDF bytes.</summary>
    /// <param name="content">What it says.</param>
    /// <param name="sealPayload">Its seal (<see cref="DocumentSealer.Seal"/>), printed as the QR code.</param>
    /// <exception cref="ArgumentException">The seal is not a seal of this content.</exception>
    public byte[] Render(CertificateContent content, string sealPayload)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(sealPayload);
        SealPayload.Parts sealed_;
        try
        {
            sealed_ = SealPayload.Decode(sealPayload);
        }
        catch (DocumentFormatException e)
        {
            throw new ArgumentException("The seal payload is not a seal payload: " + e.Message, nameof(sealPayload), e);
        }
        // Printing the seal of other content would make a genuine-looking QR code beside text it does not vouch for.
        if (!sealed_.Content.SameAs(content))
            throw new ArgumentException("The seal payload seals other content than the one printed.", nameof(sealPayload));

        using var document = new PdfDocument();
        document.Info.Title = content.Title.Japanese;
        document.Info.Subject = $"{content.Title.English} {content.IssueNumber}";
        document.Info.Creator = "Myna";
        new Layout(document, _family, content, sealPayload).Draw();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static bool IsTrueType(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> tag = stackalloc byte[4];
            // sfnt version 0x00010000, or 'true' (Apple); 'OTTO' (CFF outlines) is not something PDFsharp embeds.
            return file.ReadAtLeast(tag, 4, throwOnEndOfStream: false) == 4
                && (tag.SequenceEqual(new byte[] { 0, 1, 0, 0 }) || tag.SequenceEqual("true"u8));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
