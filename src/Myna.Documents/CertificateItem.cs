namespace Myna.Documents;

/// <summary>One part of a certificate's body: a <see cref="CertificateField"/> or a <see cref="CertificateTable"/>.</summary>
/// <remarks>Closed: these two are the only kinds, since the canonical form and the page know exactly these.</remarks>
public abstract class CertificateItem
{
    private protected CertificateItem()
    {
    }
}

/// <summary>A labelled value: 氏名 — 番号　花子, 住所 — 福島県郡山市朝日一丁目２３番７号.</summary>
public sealed class CertificateField : CertificateItem
{
    /// <param name="label">What the value is; not empty.</param>
    /// <param name="value">The value; may be empty (a 備考 with nothing to say).</param>
    /// <exception cref="ArgumentException">A control character, or an empty label.</exception>
    public CertificateField(string label, string value)
    {
        Label = CertificateText.Normalize(label, nameof(label), allowEmpty: false);
        Value = CertificateText.Normalize(value, nameof(value));
    }

    public string Label { get; }

    public string Value { get; }
}

/// <summary>
/// A table: a header row and rows of the same width, e.g. the household's members, the addresses of a 附票, the
/// amounts of a tax certificate.
/// </summary>
public sealed class CertificateTable : CertificateItem
{
    /// <param name="caption">A line above the table (世帯員, 住所の履歴); <c>null</c> for none.</param>
    /// <param name="header">The column names; at least one.</param>
    /// <param name="rows">The rows, each as wide as the header; cells may be empty. None is allowed.</param>
    /// <exception cref="ArgumentException">No column, a row of another width, an empty caption or header cell, or a control character.</exception>
    public CertificateTable(string? caption, IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        Caption = caption is null ? null : CertificateText.Normalize(caption, nameof(caption), allowEmpty: false);
        Header = [.. header.Select(h => CertificateText.Normalize(h, nameof(header), allowEmpty: false))];
        if (Header.Count == 0)
            throw new ArgumentException("A table has at least one column.", nameof(header));
        var width = Header.Count;
        Rows = [.. rows.Select((row, i) =>
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            string[] cells = [.. row.Select(c => CertificateText.Normalize(c, nameof(rows)))];
            return cells.Length == width
                ? (IReadOnlyList<string>)cells
                : throw new ArgumentException($"Row {i + 1} has {cells.Length} cells; the header has {width}.", nameof(rows));
        })];
    }

    public string? Caption { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }
}
