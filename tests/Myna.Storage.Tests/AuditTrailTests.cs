using Microsoft.Extensions.Time.Testing;
using Myna.Primitives;
using Myna.Storage.Audit;

namespace Myna.Storage.Tests;

public abstract class AuditTrailTests(StorageFixture storage)
{
    private static readonly DateTimeOffset Morning = new(2025, 10, 27, 9, 0, 0, JapanClock.Offset);

    private static AuditSubject NewResident() => new("resident", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Entries_ReadBack_InInstantOrder_NotWriteOrder()
    {
        var subject = NewResident();
        var later = new AuditTrail(storage.Contexts, new FakeTimeProvider(Morning.AddHours(1)));
        var earlier = new AuditTrail(storage.Contexts, new FakeTimeProvider(Morning));
        await later.RecordAsync(AuditActor.Staff("sato"), "card.issued", subject, "card handed over at the window");
        await earlier.RecordAsync(AuditActor.CallCentre, "card.suspended", subject, "reported lost by telephone");
        await earlier.RecordAsync(AuditActor.System, "certificate.revoked", subject, "both certificates, keyCompromise");

        var entries = await new AuditTrail(Restart.Reopen(storage.Contexts), TimeProvider.System).ReadAsync(subject);

        Assert.Equal(["card.suspended", "certificate.revoked", "card.issued"], entries.Select(e => e.Action));
        Assert.Equal(["call-centre", "system", "sato"], entries.Select(e => e.Actor));
        Assert.Equal([Morning, Morning, Morning.AddHours(1)], entries.Select(e => e.Instant));
        Assert.All(entries, e => Assert.Equal(TimeSpan.Zero, e.Instant.Offset));
        Assert.Equal("reported lost by telephone", entries[0].Details);
        Assert.Equal(subject, new AuditSubject(entries[0].SubjectKind, entries[0].SubjectId));
    }

    [Fact]
    public async Task ReadByRange_IncludesFrom_ExcludesUntil()
    {
        var subject = NewResident();
        var clock = new FakeTimeProvider(Morning.AddDays(1));
        var trail = new AuditTrail(storage.Contexts, clock);
        await trail.RecordAsync(AuditActor.System, "first", subject, "");
        clock.Advance(TimeSpan.FromMinutes(1));
        await trail.RecordAsync(AuditActor.System, "second", subject, "");

        var read = await trail.ReadAsync(Morning.AddDays(1), Morning.AddDays(1).AddMinutes(1));

        Assert.Equal(["first"], read.Where(e => e.SubjectId == subject.Id).Select(e => e.Action));
    }

    [Fact]
    public async Task ParallelWriters_EachGetTheirOwnContext_AndAllEntriesLand()
    {
        var subject = NewResident();
        var trail = new AuditTrail(storage.Contexts, new FakeTimeProvider(Morning.AddDays(2)));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => trail.RecordAsync(AuditActor.Staff($"clerk{i}"), "resident.viewed", subject, $"view {i}"))));

        var entries = await trail.ReadAsync(subject);
        Assert.Equal(16, entries.Count);
        Assert.Equal(16, entries.Select(e => e.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("My Number 123456789018 confirmed")]
    [InlineData("mynumber=123456789018")]
    [InlineData("number on the card: 1234 5678 9018")]
    [InlineData("1234-5678-9018")]
    [InlineData("マイナンバー１２３４５６７８９０１８")]
    [InlineData("digits 12345678901834 in a longer run")]
    [InlineData("pin: 1234")]
    [InlineData("PIN=1234")]
    [InlineData("{\"authPin\":\"1234\"}")]
    [InlineData("sign_pin = ABC123")]
    [InlineData("PinCode: 0000")]
    [InlineData("暗証番号：1234")]
    public async Task Details_LookingLikeMyNumberOrPin_AreRefused_AndNothingIsWritten(string details)
    {
        var subject = NewResident();
        var trail = new AuditTrail(storage.Contexts, new FakeTimeProvider(Morning));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            trail.RecordAsync(AuditActor.Staff("sato"), "resident.updated", subject, details));

        Assert.Equal("details", refused.ParamName);
        Assert.DoesNotContain(details, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await trail.ReadAsync(subject));
    }

    [Theory]
    [InlineData("PIN reset at the window after identity check")]
    [InlineData("暗証番号の再設定")]
    [InlineData("issued 2025-10-27 10:00:00+09:00, card 2 of 3")]
    [InlineData("pinned note; spinning wheel")]
    [InlineData("phone 024-123-4567")]
    public async Task OrdinaryDetails_AreKept(string details)
    {
        var subject = NewResident();
        var trail = new AuditTrail(storage.Contexts, new FakeTimeProvider(Morning));

        await trail.RecordAsync(AuditActor.Staff("sato"), "resident.updated", subject, details);

        Assert.Equal(details, Assert.Single(await trail.ReadAsync(subject)).Details);
    }

    [Fact]
    public async Task SubjectId_ThatIsAMyNumber_IsRefused_ButAHexSerialWithManyDigitsIsKept()
    {
        var trail = new AuditTrail(storage.Contexts, new FakeTimeProvider(Morning));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            trail.RecordAsync(AuditActor.System, "resident.viewed", new AuditSubject("resident", "123456789018"), ""));

        var serial = new AuditSubject("certificate", "5A0123456789012345" + Guid.NewGuid().ToString("N").ToUpperInvariant());
        await trail.RecordAsync(AuditActor.System, "certificate.revoked", serial, "keyCompromise (L1)");
        Assert.Single(await trail.ReadAsync(serial));
    }

    [Fact]
    public async Task Actor_IsRequired_AndStaffCannotPoseAsSystem()
    {
        var trail = new AuditTrail(storage.Contexts, new FakeTimeProvider(Morning));
        await Assert.ThrowsAsync<ArgumentException>(() => trail.RecordAsync(default, "x", NewResident(), ""));
        Assert.Throws<ArgumentException>(() => AuditActor.Staff("system"));
        Assert.Throws<ArgumentException>(() => AuditActor.Staff("call-centre"));
        Assert.Throws<ArgumentException>(() => AuditActor.Staff("bad\nname"));
    }
}

public sealed class SqliteAuditTrailTests(SqliteStorage storage) : AuditTrailTests(storage), IClassFixture<SqliteStorage>;

public sealed class PostgreSqlAuditTrailTests(PostgreSqlStorage storage) : AuditTrailTests(storage), IClassFixture<PostgreSqlStorage>;
