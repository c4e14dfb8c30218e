using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Rules;

namespace Myna.Registry.FamilyRegisters;

/// <summary>
/// A person entered in a <see cref="FamilyRegister"/>: name, birth, parents, relationship (続柄), the events of their
/// entry (身分事項: 出生, 婚姻 …) as dated lines, whether they were removed (除籍), and the attachment (戸籍の附票):
/// the addresses they lived at.
/// </summary>
/// <remarks>Part of its register's aggregate: changed through the register's unit of work only.</remarks>
public sealed class FamilyRegisterMember
{
    /// <summary>The most characters of a relationship (続柄), an event's kind, or a reason.</summary>
    public const int WordMaxLength = 20;

    /// <summary>The most characters of an event's details.</summary>
    public const int DetailsMaxLength = 200;

    /// <summary>The most characters of an address in the attachment.</summary>
    public const int AddressMaxLength = 200;

    private readonly List<FamilyRegisterEvent> _events = [];
    private readonly List<AttachmentAddress> _addresses = [];

    /// <summary>For EF Core.</summary>
    private FamilyRegisterMember()
    {
        Name = null!;
        Relationship = null!;
    }

    /// <exception cref="ArgumentException">An empty or too long name or relationship, a text too long.</exception>
    public FamilyRegisterMember(
        Guid id, string name, string? kana, DateOnly birthDate, Sex sex, string? fatherName, string? motherName, string relationship,
        Guid? residentId = null)
    {
        if (!Enum.IsDefined(sex))
            throw new ArgumentException("Unknown sex.", nameof(sex));
        Id = id;
        Name = FamilyRegister.Text(name, FamilyRegister.NameMaxLength, nameof(name));
        Kana = FamilyRegister.OptionalText(kana, FamilyRegister.NameMaxLength, nameof(kana));
        BirthDate = birthDate;
        Sex = sex;
        FatherName = FamilyRegister.OptionalText(fatherName, FamilyRegister.NameMaxLength, nameof(fatherName));
        MotherName = FamilyRegister.OptionalText(motherName, FamilyRegister.NameMaxLength, nameof(motherName));
        Relationship = FamilyRegister.Text(relationship, WordMaxLength, nameof(relationship));
        ResidentId = residentId;
    }

    public Guid Id { get; private set; }

    /// <summary>The member's place in the register, from 1 in the order of entry (0 until entered).</summary>
    public int Line { get; private set; }

    /// <summary>The name as the register writes it (family and given name, separated by an ideographic space).</summary>
    public string Name { get; private set; }

    /// <summary>The reading in katakana (振り仮名), or null where the register has none.</summary>
    public string? Kana { get; private set; }

    public DateOnly BirthDate { get; private set; }

    public Sex Sex { get; private set; }

    public string? FatherName { get; private set; }

    public string? MotherName { get; private set; }

    /// <summary>The relationship as the register writes it (続柄: 長男, 二女, 妻 …).</summary>
    public string Relationship { get; private set; }

    /// <summary>The resident record of this person, when there is one in the registry.</summary>
    public Guid? ResidentId { get; private set; }

    /// <summary>Whether the member left the register (除籍).</summary>
    public bool IsRemoved { get; private set; }

    /// <summary>The day of the removal, or null.</summary>
    public DateOnly? RemovedOn { get; private set; }

    /// <summary>Why, as the register writes it (婚姻, 死亡, 分籍 …), or null.</summary>
    public string? RemovalReason { get; private set; }

    /// <summary>The events of the entry (身分事項), oldest first (by day, then in the order entered).</summary>
    public IReadOnlyList<FamilyRegisterEvent> Events => [.. _events.OrderBy(e => e.On).ThenBy(e => e.Line)];

    /// <summary>The attachment (戸籍の附票): the addresses while in the register, oldest first; the last may be current.</summary>
    public IReadOnlyList<AttachmentAddress> Addresses => [.. _addresses.OrderBy(a => a.From)];

    /// <summary>The current address of the attachment (no end day), or null.</summary>
    public AttachmentAddress? CurrentAddress => _addresses.FirstOrDefault(a => a.Until is null);

    internal void EnterOnLine(int line)
    {
        if (Line != 0)
            throw new InvalidOperationException("A member is entered in one register once.");
        Line = line;
    }

    /// <summary>Adds an event of the entry (出生, 婚姻 …), kept in date order.</summary>
    /// <exception cref="ArgumentException">An empty kind, a text too long, or a day before the birth.</exception>
    public FamilyRegisterEvent AddEvent(DateOnly on, string kind, string? details)
    {
        if (on < BirthDate)
            throw new ArgumentException("No event of a person comes before their birth.", nameof(on));
        var added = new FamilyRegisterEvent(
            _events.Count == 0 ? 1 : _events.Max(e => e.Line) + 1, on,
            FamilyRegister.Text(kind, WordMaxLength, nameof(kind)),
            FamilyRegister.OptionalText(details, DetailsMaxLength, nameof(details)));
        _events.Add(added);
        return added;
    }

    /// <summary>
    /// Adds an address to the attachment: from <paramref name="from"/> until <paramref name="until"/> (the last day,
    /// included), or current when null. A current address that began before <paramref name="from"/> ends the day
    /// before it (a move); other periods must not overlap.
    /// </summary>
    /// <exception cref="RuleViolationException">The period overlaps one already recorded (<see cref="RuleIds.State"/>).</exception>
    /// <exception cref="ArgumentException">An empty address, <paramref name="until"/> before <paramref name="from"/>, or a day before the birth.</exception>
    public AttachmentAddress AddAddress(string address, DateOnly from, DateOnly? until)
    {
        var kept = FamilyRegister.Text(address, AddressMaxLength, nameof(address));
        if (until < from)
            throw new ArgumentException("An address's last day is not before its first.", nameof(until));
        if (from < BirthDate)
            throw new ArgumentException("Nobody lives at an address before they are born.", nameof(from));
        var current = CurrentAddress;
        var closesCurrent = until is null && current is not null && current.From < from;
        var others = closesCurrent ? _addresses.Where(a => a != current) : _addresses;
        if (others.Any(a => a.From <= (until ?? DateOnly.MaxValue) && from <= (a.Until ?? DateOnly.MaxValue)))
        {
            throw new RuleViolationException(RuleIds.State, new LocalizedText(
                "この期間は、附票に記録されている住所の期間と重なります。",
                "The period overlaps an address already in the attachment."));
        }
        var line = _addresses.Count == 0 ? 1 : _addresses.Max(a => a.Line) + 1;
        if (closesCurrent)
            current!.End(from.AddDays(-1));
        var added = new AttachmentAddress(line, kept, from, until);
        _addresses.Add(added);
        return added;
    }

    /// <summary>Removes the member from the register (除籍) on <paramref name="on"/>; their current address in the attachment ends that day.</summary>
    /// <exception cref="RuleViolationException">Removed already (<see cref="RuleIds.State"/>).</exception>
    /// <exception cref="ArgumentException">An empty or too long reason, or a day before the birth.</exception>
    public void Remove(DateOnly on, string reason)
    {
        if (IsRemoved)
            throw new RuleViolationException(RuleIds.State, new LocalizedText("この方は、すでに除籍されています。", "This member was removed from the register already."));
        if (on < BirthDate)
            throw new ArgumentException("Nobody leaves a register before they are born.", nameof(on));
        RemovalReason = FamilyRegister.Text(reason, WordMaxLength, nameof(reason));
        IsRemoved = true;
        RemovedOn = on;
        if (CurrentAddress is { } current && current.From <= on)
            current.End(on);
    }

    public override string ToString() => $"FamilyRegisterMember {Relationship}";
}

/// <summary>An event of a member's entry (身分事項), as a dated line: 出生, 婚姻, 養子縁組 … with its details.</summary>
/// <param name="Line">The line's number in the member's entry, from 1.</param>
/// <param name="On">The day of the event.</param>
/// <param name="Kind">The event (出生, 婚姻 …).</param>
/// <param name="Details">What the register writes with it (【出生地】福島県郡山市 …), or null.</param>
public sealed record FamilyRegisterEvent(int Line, DateOnly On, string Kind, string? Details);

/// <summary>An address of the attachment (戸籍の附票): where the member lived, from a day until a day (included), or still.</summary>
/// <remarks>Part of its member; only a move or a removal ends it (<see cref="FamilyRegisterMember"/>).</remarks>
public sealed class AttachmentAddress
{
    /// <summary>For EF Core.</summary>
    private AttachmentAddress()
    {
        Address = null!;
    }

    internal AttachmentAddress(int line, string address, DateOnly from, DateOnly? until)
    {
        Line = line;
        Address = address;
        From = from;
        Until = until;
    }

    /// <summary>The line's number, from 1, in the order the lines were recorded.</summary>
    public int Line { get; private set; }

    /// <summary>The address, from the prefecture on.</summary>
    public string Address { get; private set; }

    /// <summary>The first day at the address (住所を定めた日).</summary>
    public DateOnly From { get; private set; }

    /// <summary>The last day at it, included; null while it is the current address.</summary>
    public DateOnly? Until { get; private set; }

    internal void End(DateOnly on) => Until = on;
}
