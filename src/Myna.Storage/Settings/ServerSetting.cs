using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Myna.Storage.Settings;

/// <summary>
/// One setting of the running installation that must survive a restart (table <c>server_settings</c>),
/// such as the sandbox clock's offset from real time.
/// </summary>
public sealed class ServerSetting
{
    /// <summary>The longest key.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The longest value.</summary>
    public const int MaxValueLength = 1000;

    /// <summary>The setting's name, e.g. <c>sandbox-clock.offset</c>.</summary>
    public string Key { get; init; } = "";

    /// <summary>Its value as invariant-culture text.</summary>
    public string Value { get; set; } = "";
}

internal sealed class ServerSettingConfiguration : IEntityTypeConfiguration<ServerSetting>
{
    public void Configure(EntityTypeBuilder<ServerSetting> builder)
    {
        builder.ToTable("server_settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(ServerSetting.MaxKeyLength);
        builder.Property(s => s.Value).HasMaxLength(ServerSetting.MaxValueLength);
    }
}
