using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Myna.Primitives.Text;

namespace Myna.Storage.History;

/// <summary>
/// One exchange of a holder's information (table <c>exchange_history</c>, やりとり履歴): who asked, who answered, what,
/// when and why. Written in the same unit of work as the exchange itself (a window clerk's reveal, the portal showing
/// the holder's information …); the portal's log then gives it its place in the Merkle tree
/// (<see cref="LeafIndex"/>), after which its <see cref="Content"/> never changes.
/// </summary>
/// <remarks>
/// <see cref="Content"/> is the leaf's data, exactly: canonical JSON (UTF-8, fixed member order) that the holder
/// downloads with its inclusion proof. It names the holder by their reference, never by the My Number.
/// </remarks>
public sealed class ExchangeRecord
{
    /// <summary>The longest <see cref="Content"/> stored.</summary>
    public const int MaxContentLength = 4000;

    /// <summary>The longest <see cref="FlagNote"/>.</summary>
    public const int MaxFlagNoteLength = 500;

    /// <summary>Order of writing; the log takes entries in this order.</summary>
    public long Id { get; set; }

    /// <summary>The holder whose information was exchanged (the registry's reference, not the My Number).</summary>
    public Guid HolderReference { get; init; }

    /// <summary>When the exchange took place.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>The leaf's data (see remarks).</summary>
    public string Content { get; init; } = "";

    /// <summary>Its index in the log's tree; null until the log has taken it.</summary>
    public long? LeafIndex { get; set; }

    /// <summary>When the holder flagged the entry as one they do not recognise; null if not.</summary>
    public DateTimeOffset? FlaggedAt { get; set; }

    /// <summary>What the holder wrote when flagging it.</summary>
    public string? FlagNote { get; set; }

    /// <summary>The exchange, as the leaf's data says it.</summary>
    public ExchangeContent Read() => ExchangeContent.Parse(Content);

    /// <summary>A new record of an exchange of <paramref name="holderReference"/>'s information.</summary>
    public static ExchangeRecord Of(Guid holderReference, DateTimeOffset occurredAt, ExchangeContent exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return new ExchangeRecord { HolderReference = holderReference, OccurredAt = occurredAt, Content = exchange.ToJson(holderReference, occurredAt) };
    }
}

/// <summary>What an exchange was, in the two languages.</summary>
/// <param name="Kind">For programs: <c>my-number-revealed</c>, <c>portal-viewed</c>, <c>information-provided</c> …</param>
/// <param name="Requester">Who asked for the information.</param>
/// <param name="Provider">Who gave it.</param>
/// <param name="Information">What was given.</param>
/// <param name="Purpose">Why: the procedure and its legal basis.</param>
public sealed record ExchangeContent(string Kind, LocalizedText Requester, LocalizedText Provider, LocalizedText Information, LocalizedText Purpose)
{
    /// <summary>The version of the content's form.</summary>
    public const int Version = 1;

    /// <summary>The canonical JSON of the leaf: fixed member order, no white space, UTF-8.</summary>
    public string ToJson(Guid holderReference, DateTimeOffset occurredAt)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteString("holder", holderReference.ToString("N"));
            json.WriteString("at", occurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("kind", Kind);
            Pair(json, "requester", Requester);
            Pair(json, "provider", Provider);
            Pair(json, "information", Information);
            Pair(json, "purpose", Purpose);
            json.WriteEndObject();
        }
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        return text.Length <= ExchangeRecord.MaxContentLength ? text
            : throw new ArgumentException($"An exchange's record is at most {ExchangeRecord.MaxContentLength} characters.");
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="JsonException">Not such a record.</exception>
    public static ExchangeContent Parse(string content)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        return new ExchangeContent(root.GetProperty("kind").GetString()!, Pair(root, "requester"), Pair(root, "provider"),
            Pair(root, "information"), Pair(root, "purpose"));
    }

    private static void Pair(Utf8JsonWriter json, string name, LocalizedText text)
    {
        json.WriteStartObject(name);
        json.WriteString("ja", text.Japanese);
        json.WriteString("en", text.English);
        json.WriteEndObject();
    }

    private static LocalizedText Pair(JsonElement root, string name) =>
        new(root.GetProperty(name).GetProperty("ja").GetString()!, root.GetProperty(name).GetProperty("en").GetString()!);
}

internal sealed class ExchangeRecordConfiguration : IEntityTypeConfiguration<ExchangeRecord>
{
    public void Configure(EntityTypeBuilder<ExchangeRecord> builder)
    {
        builder.ToTable("exchange_history");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Content).HasMaxLength(ExchangeRecord.MaxContentLength);
        builder.Property(e => e.FlagNote).HasMaxLength(ExchangeRecord.MaxFlagNoteLength);
        builder.HasIndex(e => new { e.HolderReference, e.Id });
        builder.HasIndex(e => e.LeafIndex).IsUnique();
        // The entries the log has yet to take (LeafIndex null), in order.
        builder.HasIndex(e => new { e.LeafIndex, e.Id });
        builder.HasIndex(e => e.FlaggedAt);
    }
}
