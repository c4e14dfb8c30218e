using System.Globalization;
using Myna.Primitives.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Myna.Documents;

public sealed partial class CertificatePdf
{
    /// <summary>One render: the pages of one document, drawn top to bottom with a cursor.</summary>
    private sealed class Layout
    {
        private static readonly double Mm = XUnit.FromMillimeter(1).Point;
        private static readonly double Margin = 15 * Mm;
        private static readonly XColor SealRed = XColor.FromArgb(200, 32, 32);
        private static readonly XPen Rule = new(XColors.Black, 0.6);
        private static readonly XBrush LabelFill = new XSolidBrush(XColor.FromArgb(236, 236, 236));

        // A line does not begin with these (行頭禁則): they stay at the end of the line before.
        private const string NoLineStart = "、。，．）」』】〕・ー！？：；";

        // The QR code's module, printed: 0.5 mm reads at 150 dpi and with a phone; the side is kept between 30 and 60 mm.
        private const double QrModuleMm = 0.5;

        private readonly PdfDocument _document;
        private readonly CertificateContent _content;
        private readonly string _payload;
        private readonly string _family;
        private readonly XPdfFontOptions _options = new(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
        private readonly XFont _title, _subtitle, _body, _table, _small;
        private readonly List<PdfPage> _pages = [];
        private XGraphics _gfx = null!;
        private double _y;

        public Layout(PdfDocument document, string family, CertificateContent content, string payload)
        {
            _document = document;
            _content = content;
            _payload = payload;
            _family = family;
            _title = Font(20);
            _subtitle = Font(9);
            _body = Font(10.5);
            _table = Font(9);
            _small = Font(7.5);
        }

        private double PageWidth => _pages[^1].Width.Point;

        private double PageHeight => _pages[^1].Height.Point;

        private double Width => PageWidth - 2 * Margin;

        private double Bottom => PageHeight - Margin;

        public void Draw()
        {
            NewPage();
            DrawTitle();
            var labelWidth = LabelWidth();
            foreach (var item in _content.Body)
            {
                switch (item)
                {
                    case CertificateField field:
                        DrawField(field, labelWidth);
                        break;
                    case CertificateTable table:
                        DrawTable(table);
                        break;
                }
            }
            DrawClosing();
            _gfx.Dispose();
            NumberPages();
        }

        private void NewPage()
        {
            _gfx?.Dispose();
            var page = _document.AddPage();
            page.Size = PageSize.A4;
            _pages.Add(page);
            _gfx = XGraphics.FromPdfPage(page);
            _y = Margin;
            // Every page names its certificate, so that a loose second page is still known.
            var number = "発行番号　" + _content.IssueNumber;
            _gfx.DrawString(number, _subtitle, XBrushes.Black, new XRect(Margin, _y, Width, LineHeight(_subtitle)), XStringFormats.TopRight);
            _y += LineHeight(_subtitle) + 4 * Mm;
        }

        private void DrawTitle()
        {
            var titleHeight = LineHeight(_title);
            _gfx.DrawString(_content.Title.Japanese, _title, XBrushes.Black, new XRect(Margin, _y, Width, titleHeight), XStringFormats.TopCenter);
            _y += titleHeight;
            _gfx.DrawString(_content.Title.English, _subtitle, XBrushes.Black, new XRect(Margin, _y, Width, LineHeight(_subtitle)), XStringFormats.TopCenter);
            _y += LineHeight(_subtitle) + 6 * Mm;
        }

        private double LabelWidth()
        {
            var widest = _content.Body.OfType<CertificateField>()
                .Select(f => _gfx.MeasureString(f.Label, _body).Width)
                .DefaultIfEmpty(0).Max();
            return Math.Clamp(widest + 4 * Mm, 25 * Mm, 45 * Mm);
        }

        private void DrawField(CertificateField field, double labelWidth)
        {
            const double pad = 1.5;
            var padding = pad * Mm;
            var labelLines = Wrap(field.Label, _body, labelWidth - 2 * padding);
            var valueLines = Wrap(field.Value, _body, Width - labelWidth - 2 * padding);
            var height = Math.Max(labelLines.Count, valueLines.Count) * LineHeight(_body) + 2 * padding;
            EnsureRoom(height);
            var label = new XRect(Margin, _y, labelWidth, height);
            var value = new XRect(Margin + labelWidth, _y, Width - labelWidth, height);
            _gfx.DrawRectangle(Rule, LabelFill, label);
            _gfx.DrawRectangle(Rule, value);
            DrawLines(labelLines, _body, label.X + padding, _y + padding);
            DrawLines(valueLines, _body, value.X + padding, _y + padding);
            _y += height;
        }

        private void DrawTable(CertificateTable table)
        {
            var padding = 1.2 * Mm;
            _y += 3 * Mm;
            if (table.Caption is { } caption)
            {
                EnsureRoom(LineHeight(_body) * 3);
                _gfx.DrawString("■ " + caption, _body, XBrushes.Black, new XRect(Margin, _y, Width, LineHeight(_body)), XStringFormats.TopLeft);
                _y += LineHeight(_body) + 1 * Mm;
            }
            var widths = ColumnWidths(table, padding);
            DrawRow(table.Header, widths, padding, header: true);
            foreach (var row in table.Rows)
            {
                if (!DrawRow(row, widths, padding, header: false))
                {
                    // The row went to a new page: the header goes with it.
                    DrawRow(table.Header, widths, padding, header: true);
                    DrawRow(row, widths, padding, header: false);
                }
            }
            _y += 3 * Mm;
        }

        // Each column as wide as its widest cell when the page allows; otherwise all narrowed in proportion (cells
        // then wrap), never below two characters.
        private double[] ColumnWidths(CertificateTable table, double padding)
        {
            var minimum = _gfx.MeasureString("国国", _table).Width + 2 * padding;
            var natural = Enumerable.Range(0, table.Header.Count)
                .Select(c => table.Rows.Select(r => r[c]).Prepend(table.Header[c])
                    .Max(text => _gfx.MeasureString(text, _table).Width) + 2 * padding)
                .Select(w => Math.Max(w, minimum))
                .ToArray();
            var scale = Width / natural.Sum();
            return [.. natural.Select(w => w * scale)];
        }

        /// <summary>Draws one row; <c>false</c> when it did not fit and a new page was begun instead.</summary>
        private bool DrawRow(IReadOnlyList<string> cells, double[] widths, double padding, bool header)
        {
            var lines = cells.Select((text, c) => Wrap(text, _table, widths[c] - 2 * padding)).ToList();
            var height = lines.Max(l => l.Count) * LineHeight(_table) + 2 * padding;
            if (_y + height > Bottom)
            {
                NewPage();
                if (!header)
                    return false;
            }
            var x = Margin;
            for (var c = 0; c < cells.Count; c++)
            {
                var cell = new XRect(x, _y, widths[c], height);
                if (header)
                    _gfx.DrawRectangle(Rule, LabelFill, cell);
                else
                    _gfx.DrawRectangle(Rule, cell);
                DrawLines(lines[c], _table, x + padding, _y + padding);
                x += widths[c];
            }
            _y += height;
            return true;
        }

        private void EnsureRoom(double height)
        {
            if (_y + height > Bottom)
                NewPage();
        }

        // The attestation and the date across the page; below them the QR code on the left, and on its right the
        // municipality with the mayor and the seal, then the note on checking the seal: together at the foot of the
        // last page.
        private void DrawClosing()
        {
            var (png, modules) = SealQrCode.Render(_payload);
            var qrSide = Math.Clamp(modules * QrModuleMm, 30, 60) * Mm;
            var attestation = Wrap(_content.Attestation, _body, Width);
            var height = (attestation.Count + 1) * LineHeight(_body) + 3 * Mm + qrSide;
            if (_y + 4 * Mm + height > Bottom)
                NewPage();
            _y = Bottom - height;

            DrawLines(attestation, _body, Margin, _y);
            _y += attestation.Count * LineHeight(_body);
            _gfx.DrawString($"{_content.JapaneseIssueDate}（{TextFormat.EnglishDate(_content.IssueDate)}）", _body, XBrushes.Black,
                Margin + 5 * Mm, _y, XStringFormats.TopLeft);
            _y += LineHeight(_body) + 3 * Mm;

            using (var stream = new MemoryStream(png))
            using (var image = XImage.FromStream(stream))
            {
                // Modules stay sharp squares when a viewer enlarges the page.
                image.Interpolate = false;
                _gfx.DrawImage(image, Margin, _y, qrSide, qrSide);
            }

            // The municipality and the mayor right-aligned before the seal, which overlaps the end of the mayor's line
            // as a stamped seal does.
            var seal = 20 * Mm;
            var right = Margin + Width;
            var top = _y + (seal - 2 * LineHeight(_body)) / 2;
            _gfx.DrawString(_content.Municipality.Name, _body, XBrushes.Black,
                new XRect(Margin + qrSide, top, Width - qrSide - seal - 3 * Mm, LineHeight(_body)), XStringFormats.TopRight);
            if (_content.Mayor is { } mayor)
            {
                _gfx.DrawString(mayor, _body, XBrushes.Black,
                    new XRect(Margin + qrSide, top + LineHeight(_body), Width - qrSide - seal + 4 * Mm, LineHeight(_body)), XStringFormats.TopRight);
            }
            DrawSeal(new XRect(right - seal, _y, seal, seal));

            var noteX = Margin + qrSide + 4 * Mm;
            var noteWidth = right - noteX;
            var note = Wrap(
                $"この証明書の真正性は、左のQRコードを読み取り、{_content.Municipality.Name}の封印用証明書（地方公共団体組織認証基盤）で確認できます。" +
                "QRコードには封印された証明書の内容が記録されていますので、印字された内容と照合してください。", _small, noteWidth);
            note.AddRange(Wrap(
                "To verify, scan the QR code on the left: it holds the sealed content of this certificate, checked offline " +
                "against the municipality's sealing certificate. Compare it with the printed text.", _small, noteWidth));
            note.Add("");
            note.Add($"発行番号 / Issue number　{_content.IssueNumber}");
            note.Add($"封印形式 / Seal format　{SealPayload.Prefix.TrimEnd(':')}");
            DrawLines(note, _small, noteX, _y + qrSide - note.Count * LineHeight(_small));
        }

        // A square official seal (公印) in red: 郡山市長之印 from the mayor's line (its first word), or the municipality's
        // name, written in columns from the right as a seal is cut.
        private void DrawSeal(XRect box)
        {
            var owner = _content.Mayor?.Split(['\u3000', ' '], 2, StringSplitOptions.RemoveEmptyEntries)[0] ?? _content.Municipality.Name;
            var characters = TextElements(owner + "之印");
            var columns = (int)Math.Ceiling(Math.Sqrt(characters.Count));
            var rows = (int)Math.Ceiling(characters.Count / (double)columns);
            _gfx.DrawRectangle(new XPen(SealRed, 2), box);
            var inner = box;
            inner.Inflate(-2.2, -2.2);
            _gfx.DrawRectangle(new XPen(SealRed, 0.6), inner);
            var cellWidth = inner.Width / columns;
            var cellHeight = inner.Height / rows;
            var font = Font(Math.Min(cellWidth, cellHeight) * 0.82);
            var brush = new XSolidBrush(SealRed);
            for (var i = 0; i < characters.Count; i++)
            {
                var column = i / rows;
                var row = i % rows;
                var cell = new XRect(inner.Right - (column + 1) * cellWidth, inner.Top + row * cellHeight, cellWidth, cellHeight);
                _gfx.DrawString(characters[i], font, brush, cell, XStringFormats.Center);
            }
        }

        private void NumberPages()
        {
            if (_pages.Count == 1)
                return;
            for (var i = 0; i < _pages.Count; i++)
            {
                using var gfx = XGraphics.FromPdfPage(_pages[i], XGraphicsPdfPageOptions.Append);
                var text = string.Create(CultureInfo.InvariantCulture, $"{i + 1} / {_pages.Count}");
                gfx.DrawString(text, _small, XBrushes.Black,
                    new XRect(Margin, _pages[i].Height.Point - Margin + 2 * Mm, _pages[i].Width.Point - 2 * Margin, LineHeight(_small)),
                    XStringFormats.TopCenter);
            }
        }

        private void DrawLines(IEnumerable<string> lines, XFont font, double x, double y)
        {
            foreach (var line in lines)
            {
                _gfx.DrawString(line, font, XBrushes.Black, x, y, XStringFormats.TopLeft);
                y += LineHeight(font);
            }
        }

        /// <summary>The text broken into lines no wider than <paramref name="width"/>, at any character (Japanese text has
        /// no spaces), keeping <see cref="NoLineStart"/> off the start of a line. Empty text is one empty line.</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            var line = new System.Text.StringBuilder();
            foreach (var element in TextElements(text))
            {
                var candidate = line + element;
                var forbiddenStart = element.Length == 1 && NoLineStart.Contains(element[0], StringComparison.Ordinal);
                if (line.Length > 0 && !forbiddenStart && _gfx.MeasureString(candidate, font).Width > width)
                {
                    // English breaks between words: the word begun goes to the next line whole.
                    var space = char.IsAsciiLetterOrDigit(element[0]) ? line.ToString().LastIndexOf(' ') : -1;
                    var carried = space > 0 ? line.ToString(space + 1, line.Length - space - 1) : "";
                    lines.Add(space > 0 ? line.ToString(0, space) : line.ToString());
                    line.Clear().Append(carried);
                }
                line.Append(element);
            }
            lines.Add(line.ToString());
            return lines;
        }

        private static List<string> TextElements(string text)
        {
            var elements = new List<string>();
            var enumerator = StringInfo.GetTextElementEnumerator(text);
            while (enumerator.MoveNext())
                elements.Add(enumerator.GetTextElement());
            return elements;
        }

        private XFont Font(double size) => new(_family, size, XFontStyleEx.Regular, _options);

        private static double LineHeight(XFont font) => font.Size * 1.45;
    }
}
