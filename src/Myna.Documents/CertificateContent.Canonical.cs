using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Myna.Documents;

public sealed partial class CertificateContent
{
    /// <summary>The largest canonical form a verifier reads back: a payload that inflates to more is refused unread.</summary>
    public const int MaxCanonicalBytes = 32 * 1024;

    /// <summary>
    /// The canonical form: the bytes the seal signs and the seal payload carries. UTF-8 JSON without whitespace, every
    /// object's members in ascending ordinal order of their names, optional members left out (never <c>null</c>), and
    /// strings with only <c>"</c> and <c>\</c> escaped (as <c>\"</c> and <c>\\</c>); every other character is itself.
    /// </summary>
    /// <remarks>
    /// The same content always gives the same bytes (docs/documents.md §2 gives the grammar). Strings are already NFC
    /// and free of control characters (the constructors saw to it), so nothing else needs escaping.
    /// </remarks>
    public byte[] ToCanonicalBytes()
    {
        var json = new StringBuilder(1024);
        json.Append('{');
        Member(json, "attestation", Attestation).Append(',');
        Name(json, "body").Append('[');
        for (var i = 0; i < Body.Count; i++)
        {
            if (i > 0)
                json.Append(',');
            WriteItem(json, Body[i]);
        }
        json.Append("],");
        Member(json, "issueDate", IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',');
        Member(json, "issueNumber", IssueNumber).Append(',');
        Member(json, "kind", CertificateKinds.Word(Kind)).Append(',');
        if (Mayor is not null)
            Member(json, "mayor", Mayor).Append(',');
        Name(json, "municipality").Append('{');
        Member(json, "code", Municipality.Code).Append(',');
        Member(json, "name", Municipality.Name).Append("}}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static void WriteItem(StringBuilder json, CertificateItem item)
    {
        json.Append('{');
        switch (item)
        {
            case CertificateField field:
                Member(json, "label", field.Label).Append(',');
                Member(json, "type", "field").Append(',');
                Member(json, "value", field.Value);
                break;
            case CertificateTable table:
                if (table.Caption is not null)
                    Member(json, "caption", table.Caption).Append(',');
                Name(json, "header");
                Array(json, table.Header).Append(',');
                Name(json, "rows").Append('[');
                for (var r = 0; r < table.Rows.Count; r++)
                {
                    if (r > 0)
                        json.Append(',');
                    Array(json, table.Rows[r]);
                }
                json.Append("],");
                Member(json, "type", "table");
                break;
            default:
                throw new InvalidOperationException($"Unknown certificate item {item.GetType().Name}.");
        }
        json.Append('}');
    }

    private static StringBuilder Member(StringBuilder json, string name, string value) => String(Name(json, name), value);

    private static StringBuilder Name(StringBuilder json, string name) => String(json, name).Append(':');

    private static StringBuilder Array(StringBuilder json, IReadOnlyList<string> values)
    {
        json.Append('[');
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
                json.Append(',');
            String(json, values[i]);
        }
        return json.Append(']');
    }

    private static StringBuilder String(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
                json.Append('\\');
            json.Append(c);
        }
        return json.Append('"');
    }

    /// <summary>
    /// Reads a canonical form back. Anything that is not exactly the canonical form of some content is refused: other
    /// member order, whitespace, escapes, unknown members, text not in NFC.
    /// </summary>
    /// <exception cref="DocumentFormatException">The bytes are not a canonical form; the message says why.</exception>
    internal static CertificateContent FromCanonicalBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxCanonicalBytes)
            throw new DocumentFormatException($"The content is larger than {MaxCanonicalBytes} bytes.");
        CertificateContent content;
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            content = Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new DocumentFormatException("The content is not a certificate: " + e.Message, e);
        }
        // Parsing forgives what the canonical form does not allow; writing it again shows every such difference.
        if (!content.ToCanonicalBytes().AsSpan().SequenceEqual(bytes))
            throw new DocumentFormatException("The content is not in canonical form.");
        return content;
    }

    private static CertificateContent Read(JsonElement root)
    {
        var kindWord = root.GetProperty("kind").GetString()!;
        if (!CertificateKinds.TryParseWord(kindWord, out var kind))
            throw new FormatException($"Unknown certificate kind '{kindWord}'.");
        var municipality = root.GetProperty("municipality");
        var date = DateOnly.ParseExact(root.GetProperty("issueDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new CertificateContent(
            kind,
            new IssuingMunicipality(Text(municipality, "code"), Text(municipality, "name")),
            Text(root, "issueNumber"),
            date,
            root.GetProperty("body").EnumerateArray().Select(ReadItem).ToList(),
            root.TryGetProperty("mayor", out var mayor) ? mayor.GetString() : null,
            Text(root, "attestation"));
    }

    private static CertificateItem ReadItem(JsonElement item) => Text(item, "type") switch
    {
        "field" => new CertificateField(Text(item, "label"), Text(item, "value")),
        "table" => new CertificateTable(
            item.TryGetProperty("caption", out var caption) ? caption.GetString() : null,
            Strings(item.GetProperty("header")),
            item.GetProperty("rows").EnumerateArray().Select(Strings).ToList()),
        var other => throw new FormatException($"Unknown body item type '{other}'."),
    };

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");

    private static List<string> Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("A null string.")).ToList();
}
