using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Registry.FamilyRegisters;

/// <summary>
/// A family register (戸籍) kept by the municipality of its domicile (本籍): the domicile, the head of the register
/// (筆頭者), and its members with their events; with each member, the attachment (戸籍の附票), the addresses they lived
/// at while in it. What the family-register certificates (U2.3 ⑤ ⑥) show.
/// </summary>
/// <remarks>
/// Members are never deleted: one who leaves (除籍: marriage, death, a register of their own) stays, marked removed,
/// as the register shows them crossed out. <see cref="MembersInRegister"/> are those who remain; U2.6 ④ refuses the
/// individual certificate of someone who is alone among them. The aggregate changes only through its methods.
/// </remarks>
public sealed class FamilyRegister
{
    /// <summary>The most characters of the domicile.</summary>
    public const int DomicileMaxLength = 200;

    /// <summary>The most characters of a name in the register.</summary>
    public const int NameMaxLength = 121;

    private readonly List<FamilyRegisterMember> _members = [];

    /// <summary>For EF Core.</summary>
    private FamilyRegister()
    {
        Domicile = null!;
        HeadName = null!;
    }

    /// <exception cref="ArgumentException">An empty or too long domicile or head's name.</exception>
    public FamilyRegister(Guid id, LocalGovernmentCode municipality, string domicile, string headName, DateOnly madeOn)
    {
        Id = id;
        Municipality = municipality;
        Domicile = Text(domicile, DomicileMaxLength, nameof(domicile));
        HeadName = Text(headName, NameMaxLength, nameof(headName));
        MadeOn = madeOn;
    }

    public Guid Id { get; private set; }

    /// <summary>The municipality that keeps the register: the one of the domicile.</summary>
    public LocalGovernmentCode Municipality { get; private set; }

    /// <summary>The domicile (本籍), in full from the prefecture on.</summary>
    public string Domicile { get; private set; }

    /// <summary>The name of the head of the register (筆頭者), which with the domicile names the register.</summary>
    public string HeadName { get; private set; }

    /// <summary>The day the register was made (編製日).</summary>
    public DateOnly MadeOn { get; private set; }

    /// <summary>Every member ever entered, in the order of entry (<see cref="FamilyRegisterMember.Line"/>), removed ones included.</summary>
    public IReadOnlyList<FamilyRegisterMember> Members => [.. _members.OrderBy(m => m.Line)];

    /// <summary>The members still in the register (not removed, 除籍).</summary>
    public IReadOnlyList<FamilyRegisterMember> MembersInRegister => [.. Members.Where(m => !m.IsRemoved)];

    /// <summary>The member of that id, or null.</summary>
    public FamilyRegisterMember? Member(Guid memberId) => _members.FirstOrDefault(m => m.Id == memberId);

    /// <summary>The member in the register who is <paramref name="residentId"/>'s entry, or null.</summary>
    public FamilyRegisterMember? MemberFor(Guid residentId) => _members.FirstOrDefault(m => m.ResidentId == residentId && !m.IsRemoved);

    /// <summary>
    /// U2.6 ④: whether <paramref name="member"/> is alone in the register (nobody else remains in it), so that their
    /// individual certificate (個人事項証明書) is not issued at the kiosk.
    /// </summary>
    public bool IsAloneInRegister(FamilyRegisterMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return !member.IsRemoved && _members.All(m => m == member || m.IsRemoved);
    }

    /// <summary>Enters a member (by birth, marriage, adoption …), on the register's last line.</summary>
    /// <exception cref="RuleViolationException">The resident is in this register already (<see cref="RuleIds.State"/>).</exception>
    public FamilyRegisterMember AddMember(FamilyRegisterMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.ResidentId is { } resident && MemberFor(resident) is not null)
        {
            throw new RuleViolationException(RuleIds.State, new LocalizedText(
                "この住民は、すでにこの戸籍に記載されています。", "This resident is in this family register already."));
        }
        if (_members.Any(m => m.Id == member.Id))
            throw new ArgumentException("A member is entered once.", nameof(member));
        member.EnterOnLine(_members.Count == 0 ? 1 : _members.Max(m => m.Line) + 1);
        _members.Add(member);
        return member;
    }

    internal static string Text(string? value, int maxLength, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        var kept = RecordText.Normalize(value);
        if (kept.Length > maxLength)
            throw new ArgumentException($"At most {maxLength} characters.", name);
        return kept;
    }

    internal static string? OptionalText(string? value, int maxLength, string name) =>
        string.IsNullOrWhiteSpace(value) ? null : Text(value, maxLength, name);

    public override string ToString() => $"FamilyRegister ({_members.Count} members)";
}
