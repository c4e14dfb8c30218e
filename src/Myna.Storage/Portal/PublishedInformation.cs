using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Portal;

/// <summary>
/// An item of わたしの情報 that a public body published about a holder (table <c>portal_information_items</c>): the
/// holder by their reference (the resident's registry id, never the My Number), what it is (category and key), the
/// body and the date it is as of, its title and facts in both languages. One row per holder, category and key: a
/// later publication under the same key replaces the row (the audit trail keeps every publication); another key adds
/// a row (another fiscal year, another vaccination).
/// </summary>
public sealed class PublishedInformation
{
    /// <summary>The longest category stored.</summary>
    public const int MaxCategoryLength = 32;

    /// <summary>The longest key stored.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The longest title, or body name, in one language.</summary>
    public const int MaxTextLength = 200;

    /// <summary>The longest facts as JSON.</summary>
    public const int MaxFieldsLength = 8000;

    /// <summary>The longest publisher stored (an audit actor).</summary>
    public const int MaxPublishedByLength = 64;

    public Guid Id { get; init; }

    /// <summary>The holder (the resident's registry id); an account's <see cref="HolderAccount.HolderReference"/>.</summary>
    public Guid HolderReference { get; init; }

    /// <summary><c>tax</c>, <c>pension</c>, <c>vaccination</c> …</summary>
    public string Category { get; init; } = "";

    /// <summary>Which item of the category (<c>income-2025</c>, <c>covid-19-3</c>): the same key again replaces it.</summary>
    public string Key { get; init; } = "";

    public DateOnly AsOf { get; set; }

    public string TitleJapanese { get; set; } = "";

    public string TitleEnglish { get; set; } = "";

    /// <summary>The body that holds the information, in Japanese (郡山市 市民税課).</summary>
    public string SourceJapanese { get; set; } = "";

    public string SourceEnglish { get; set; } = "";

    /// <summary>The facts: a JSON array of <c>{"ja","en","value"}</c>.</summary>
    public string Fields { get; set; } = "[]";

    /// <summary>Who published it, as the audit trail names them (<c>staff:tax</c>, <c>system</c>).</summary>
    public string PublishedBy { get; set; } = "";

    /// <summary>When, by the system's clock.</summary>
    public DateTimeOffset PublishedAt { get; set; }
}

internal sealed class PublishedInformationConfiguration : IEntityTypeConfiguration<PublishedInformation>
{
    public void Configure(EntityTypeBuilder<PublishedInformation> builder)
    {
        builder.ToTable("portal_information_items");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Category).HasMaxLength(PublishedInformation.MaxCategoryLength);
        builder.Property(i => i.Key).HasMaxLength(PublishedInformation.MaxKeyLength);
        builder.Property(i => i.TitleJapanese).HasMaxLength(PublishedInformation.MaxTextLength);
        builder.Property(i => i.TitleEnglish).HasMaxLength(PublishedInformation.MaxTextLength);
        builder.Property(i => i.SourceJapanese).HasMaxLength(PublishedInformation.MaxTextLength);
        builder.Property(i => i.SourceEnglish).HasMaxLength(PublishedInformation.MaxTextLength);
        builder.Property(i => i.Fields).HasMaxLength(PublishedInformation.MaxFieldsLength);
        builder.Property(i => i.PublishedBy).HasMaxLength(PublishedInformation.MaxPublishedByLength);
        builder.HasIndex(i => new { i.HolderReference, i.Category, i.Key }).IsUnique();
    }
}

/// <summary>
/// A notice the holder has read (table <c>portal_notice_reads</c>). Notices themselves are computed from the registry
/// and the published information on the day they are due; only their being read is stored, by the notice's id.
/// </summary>
public sealed class NoticeRead
{
    public Guid AccountId { get; init; }

    /// <summary>The notice's id (derived from what it is about, so the same notice keeps it).</summary>
    public Guid NoticeId { get; init; }

    /// <summary>When the holder marked it read (real time).</summary>
    public DateTimeOffset ReadAt { get; init; }
}

internal sealed class NoticeReadConfiguration : IEntityTypeConfiguration<NoticeRead>
{
    public void Configure(EntityTypeBuilder<NoticeRead> builder)
    {
        builder.ToTable("portal_notice_reads");
        builder.HasKey(r => new { r.AccountId, r.NoticeId });
        builder.HasOne<HolderAccount>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
