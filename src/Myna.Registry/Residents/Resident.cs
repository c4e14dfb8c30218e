using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Registry.Residents;

/// <summary>
/// A resident record (住民票) and the My Number assigned to its holder: the person the window serves.
/// </summary>
/// <remarks>
/// The record changes only through its methods, which say what changed; the window procedures turn a change
/// into an endorsement on the card and new certificates (M1). <see cref="ToString"/> never shows the My Number.
/// </remarks>
public sealed class Resident
{
    /// <summary>For EF Core.</summary>
    private Resident()
    {
        Name = null!;
        Address = null!;
    }

    public Resident(
        Guid id, LocalGovernmentCode municipality, ResidentRecordCode recordCode, MyNumber myNumber, PersonName name,
        DateOnly birthDate, Sex sex, string address, DateOnly registeredOn)
    {
        if (myNumber.IsDefault)
            throw new ArgumentException("A resident has a My Number.", nameof(myNumber));
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (registeredOn < birthDate)
            throw new ArgumentException("A record is not made before its holder is born.", nameof(registeredOn));
        Id = id;
        Municipality = municipality;
        RecordCode = recordCode;
        MyNumber = myNumber;
        Name = name;
        BirthDate = birthDate;
        Sex = sex;
        Address = RecordText.Normalize(address);
        RegisteredOn = registeredOn;
        AddressSince = registeredOn;
        Status = ResidentStatus.Registered;
    }

    public Guid Id { get; private set; }

    /// <summary>The municipality that keeps the record (住民票のある市区町村).</summary>
    public LocalGovernmentCode Municipality { get; private set; }

    /// <summary>The resident record code (住民票コード).</summary>
    public ResidentRecordCode RecordCode { get; private set; }

    /// <summary>The individual number; never shown in a list, a log or a URL.</summary>
    public MyNumber MyNumber { get; private set; }

    public PersonName Name { get; private set; }

    public DateOnly BirthDate { get; private set; }

    public Sex Sex { get; private set; }

    /// <summary>The registered address (住所), in full.</summary>
    public string Address { get; private set; }

    /// <summary>
    /// The address before <see cref="Address"/> (前住所): the old address of the last move within the municipality or
    /// of the move-in, or the one recorded by the window for a record made before it was kept; null when not known.
    /// </summary>
    public string? PreviousAddress { get; private set; }

    /// <summary>
    /// The day the holder began living at <see cref="Address"/> (住所を定めた日): the moving day of the last move, or
    /// the day the record was made; null only for a record older than this column.
    /// </summary>
    public DateOnly? AddressSince { get; private set; }

    /// <summary>Q7: where the holder actually lives (居所) when, for DV or stalking, the record cannot move; cards go there.</summary>
    public string? Residence { get; private set; }

    /// <summary>The family-register domicile (本籍) of a Japanese national; null for foreign residents.</summary>
    public string? Domicile { get; private set; }

    /// <summary>The nationality of a foreign resident (外国人住民), or null for a Japanese national.</summary>
    public string? Nationality { get; private set; }

    /// <summary>V3: a foreign resident's status of residence category, or null.</summary>
    public ResidenceCategory? ResidenceCategory { get; private set; }

    /// <summary>V3: the date that goes with <see cref="ResidenceCategory"/> (end of the period of stay …), or null.</summary>
    public DateOnly? ResidenceDate { get; private set; }

    /// <summary>V3: the foreign residence that caps the card's expiry, or null for a Japanese national.</summary>
    public ForeignResidence? ForeignResidence =>
        ResidenceCategory is { } category ? Rules.ForeignResidence.Of(category, ResidenceDate) : null;

    /// <summary>The head of the household (世帯主) and the relationship to them (続柄).</summary>
    public string? HouseholdHead { get; private set; }

    /// <summary>The relationship to the head of the household (続柄), e.g. 本人, 妻, 子.</summary>
    public string? RelationshipToHead { get; private set; }

    /// <summary>An adult ward (成年被後見人): no signature certificate, and the legal representative decides the authentication one (P4).</summary>
    public bool IsAdultWard { get; private set; }

    /// <summary>Under a support measure (DV等支援措置): issuance restricted on request (U2.6 ②), 居所 possible (Q7).</summary>
    public bool HasSupportMeasure { get; private set; }

    /// <summary>The day the record was first made (birth or first registration in Japan); D3 turns on it.</summary>
    public DateOnly RegisteredOn { get; private set; }

    /// <summary>The last day the four basic details (name, address, birth date, sex) changed, or null (D2).</summary>
    public DateOnly? DetailsChangedOn { get; private set; }

    public ResidentStatus Status { get; private set; }

    /// <summary>The four details that the card face and the signature certificate carry (E1).</summary>
    public BasicFourInformation FourDetails => new(Name.OnCard, Address, BirthDate, Sex);

    /// <summary>Records the family-register domicile (本籍), or clears it.</summary>
    public void SetDomicile(string? domicile) =>
        Domicile = string.IsNullOrWhiteSpace(domicile) || Nationality is not null ? null : RecordText.Normalize(domicile);

    /// <summary>Records a foreign resident's nationality and residence (V3, V4), or clears both for a Japanese national.</summary>
    public void SetForeignResidence(string? nationality, ForeignResidence? residence)
    {
        if (string.IsNullOrWhiteSpace(nationality) != (residence is null))
            throw new ArgumentException("A foreign resident has both a nationality and a residence status (V3).", nameof(residence));
        Nationality = nationality is null ? null : RecordText.Normalize(nationality);
        ResidenceCategory = residence?.Category;
        ResidenceDate = residence?.Date;
        if (residence is not null)
            Domicile = null; // 本籍 is for Japanese nationals only
    }

    /// <summary>Records the household (世帯) membership.</summary>
    public void SetHousehold(string? head, string? relationship)
    {
        HouseholdHead = string.IsNullOrWhiteSpace(head) ? null : RecordText.Normalize(head);
        RelationshipToHead = string.IsNullOrWhiteSpace(relationship) ? null : RecordText.Normalize(relationship);
    }

    /// <summary>Records or lifts an adult-ward (成年後見) ruling.</summary>
    public void SetAdultWard(bool isAdultWard) => IsAdultWard = isAdultWard;

    /// <summary>Q7: records a support measure and, optionally, the 居所 where the holder actually lives.</summary>
    public void SetSupportMeasure(bool active, string? residence)
    {
        HasSupportMeasure = active;
        Residence = active && !string.IsNullOrWhiteSpace(residence) ? RecordText.Normalize(residence) : null;
    }

    /// <summary>M1: a change of name (by marriage, adoption …). Returns whether anything changed.</summary>
    /// <exception cref="RuleViolationException">A former surname before 2019-11-05 (M3).</exception>
    public bool ChangeName(PersonName name, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.FormerSurname is not null && name.FormerSurname != Name.FormerSurname && on < PersonName.FormerSurnameRecordedFrom)
        {
            throw new RuleViolationException(RuleIds.M3, new LocalizedText(
                $"旧氏は{RuleText.JapaneseDate(PersonName.FormerSurnameRecordedFrom)}から記録できます。（{RuleIds.M3}）",
                $"A former surname can be recorded from {RuleText.Date(PersonName.FormerSurnameRecordedFrom)} ({RuleIds.M3})."));
        }
        if (name == Name)
            return false;
        var fourDetailsChange = name.OnCard != Name.OnCard;
        Name = name;
        if (fourDetailsChange)
            DetailsChangedOn = on;
        return true;
    }

    /// <summary>
    /// M1: a move within the municipality (転居), or the new address after a move-in: the old address becomes the
    /// previous one (前住所), and <paramref name="movedOn"/> (by default <paramref name="on"/>) the day the holder began
    /// living at the new one. Returns whether it changed.
    /// </summary>
    public bool ChangeAddress(string address, DateOnly on, DateOnly? movedOn = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        address = RecordText.Normalize(address);
        if (address == Address)
            return false;
        PreviousAddress = Address;
        Address = address;
        AddressSince = movedOn ?? on;
        DetailsChangedOn = on;
        return true;
    }

    /// <summary>
    /// Records the previous address (前住所) and the day the holder began living at the current address (住所を定めた日)
    /// as the window knows them from the papers, for a record made before they were kept (or to correct them).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="addressSince"/> lies before the birth date.</exception>
    public void SetPreviousAddress(string? previousAddress, DateOnly addressSince)
    {
        if (addressSince < BirthDate)
            throw new ArgumentException("Nobody lives at an address before they are born.", nameof(addressSince));
        PreviousAddress = string.IsNullOrWhiteSpace(previousAddress) ? null : RecordText.Normalize(previousAddress);
        AddressSince = addressSince;
    }

    /// <summary>V5: a move-out notice (転出届) was filed; the record stays here until the move-in elsewhere.</summary>
    public void NoteMovingOut()
    {
        if (Status != ResidentStatus.Registered)
            throw new RuleViolationException(RuleIds.V5, new LocalizedText("この方の転出届は、すでに受け付けています。", "A move-out notice was filed already for this resident."));
        Status = ResidentStatus.MovingOut;
    }

    /// <summary>
    /// V5: the move-in notice (転入届) at <paramref name="municipality"/> moves the record there; the address left becomes
    /// the previous one, and <paramref name="movedOn"/> (by default the notice's day) the day the new one began.
    /// </summary>
    public void MoveIn(LocalGovernmentCode municipality, string address, DateOnly on, DateOnly? movedOn = null)
    {
        if (Status != ResidentStatus.MovingOut)
            throw new RuleViolationException(RuleIds.V5, new LocalizedText("転入届の前に、転出届が必要です。", "A move-in notice needs a move-out notice first."));
        Municipality = municipality;
        ChangeAddress(address, on, movedOn);
        Status = ResidentStatus.Registered;
    }

    public override string ToString() => $"{Name.OnCard} ({RecordCode})";
}

/// <summary>Where a resident record stands.</summary>
public enum ResidentStatus
{
    /// <summary>Registered at <see cref="Resident.Municipality"/>.</summary>
    Registered,

    /// <summary>A move-out notice was filed; the move-in notice elsewhere is awaited (V5).</summary>
    MovingOut,
}
