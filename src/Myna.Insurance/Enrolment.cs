using Myna.Primitives.Text;
using Myna.Registry;
using Myna.Registry.Rules;

namespace Myna.Insurance;

/// <summary>Whom an enrolment covers: the insured person (本人, 被保険者) or a dependant (家族, 被扶養者).</summary>
public enum EnrolmentRole
{
    /// <summary>本人: the insured person.</summary>
    Insured,

    /// <summary>家族: a dependant of an insured person, in an employee scheme.</summary>
    Dependant,
}

/// <summary>The roles in words.</summary>
public static class EnrolmentRoles
{
    /// <summary>本人 / insured person, 家族 / dependant.</summary>
    public static LocalizedText NameOf(EnrolmentRole role) => role switch
    {
        EnrolmentRole.Insured => new("本人", "insured person"),
        EnrolmentRole.Dependant => new("家族", "dependant"),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };
}

/// <summary>
/// An enrolment (資格): a person covered by an insurer from the day they joined (資格取得日) to the day they lost it
/// (資格喪失日), under the card's symbol, number and branch (記号・番号・枝番).
/// </summary>
/// <remarks>
/// <para><see cref="Until"/> is the day of loss and is not covered: the person is covered on every day from
/// <see cref="From"/> up to the day before <see cref="Until"/> (one who leaves a job on 15 May loses it on 16 May).</para>
/// <para>The holder is named by the resident's registry id (<see cref="HolderReference"/>), never by the My Number. One
/// person's enrolments with one insurer never overlap (<see cref="Enrol"/> refuses it); with different insurers they may
/// (a scheme change on the day, or two schemes at once), and the eligibility takes the one that started last.</para>
/// </remarks>
public sealed class Enrolment
{
    /// <summary>The most characters of <see cref="Symbol"/> and <see cref="Number"/>.</summary>
    public const int SymbolMaxLength = 20;

    /// <inheritdoc cref="SymbolMaxLength"/>
    public const int NumberMaxLength = 20;

    /// <summary>For EF Core.</summary>
    private Enrolment()
    {
        Symbol = null!;
        Number = null!;
        Branch = null!;
    }

    private Enrolment(Guid id, Insurer insurer, Guid holderReference, EnrolmentCard card, EnrolmentRole role, Guid? insuredReference,
        DateOnly from, IncomeClass income)
    {
        Id = id;
        InsurerId = insurer.Id;
        HolderReference = holderReference;
        Symbol = card.Symbol;
        Number = card.Number;
        Branch = card.Branch;
        Role = role;
        InsuredReference = insuredReference;
        From = from;
        IncomeClass = income;
    }

    public Guid Id { get; private set; }

    public Guid InsurerId { get; private set; }

    /// <summary>The covered person: the resident's registry id (never the My Number).</summary>
    public Guid HolderReference { get; private set; }

    /// <summary>記号; empty where the insurer uses none (national health insurance, late-stage care often do not).</summary>
    public string Symbol { get; private set; }

    /// <summary>番号.</summary>
    public string Number { get; private set; }

    /// <summary>枝番: two digits, one per person under the same symbol and number (00 the insured, 01 … the family).</summary>
    public string Branch { get; private set; }

    public EnrolmentRole Role { get; private set; }

    /// <summary>For a dependant, the insured person's registry id; null for the insured person.</summary>
    public Guid? InsuredReference { get; private set; }

    /// <summary>資格取得日: the first day covered.</summary>
    public DateOnly From { get; private set; }

    /// <summary>資格喪失日: the first day no longer covered; null while the enrolment lasts.</summary>
    public DateOnly? Until { get; private set; }

    /// <summary>The income class for the copayment and the ceilings (a dependant's is the insured person's).</summary>
    public IncomeClass IncomeClass { get; private set; }

    /// <summary>Whether <paramref name="day"/> is covered: on or after <see cref="From"/> and before <see cref="Until"/>.</summary>
    public bool Covers(DateOnly day) => day >= From && (Until is not { } until || day < until);

    /// <summary>Whether the two periods share a day.</summary>
    public bool Overlaps(DateOnly from, DateOnly? until) =>
        (until is not { } end || From < end) && (Until is not { } ownEnd || from < ownEnd);

    /// <summary>
    /// A new enrolment of <paramref name="holderReference"/> with <paramref name="insurer"/> from <paramref name="from"/>,
    /// lasting until it is ended.
    /// </summary>
    /// <param name="id">The new enrolment's id.</param>
    /// <param name="insurer">The insurer.</param>
    /// <param name="holderReference">The covered resident's registry id.</param>
    /// <param name="card">Symbol, number and branch (<see cref="EnrolmentCard.Create"/> checks them).</param>
    /// <param name="role">本人 or 家族.</param>
    /// <param name="insuredReference">For a dependant, the insured person; null for the insured.</param>
    /// <param name="from">資格取得日.</param>
    /// <param name="income">The income class.</param>
    /// <param name="existing">The holder's enrolments with this insurer, which it must not overlap.</param>
    /// <exception cref="RuleViolationException">A dependant in a scheme without dependants, a dependant of nobody or of
    /// themselves, an insured person with an insured reference, or an overlap with <paramref name="existing"/> (<see cref="RuleIds.State"/>).</exception>
    public static Enrolment Enrol(Guid id, Insurer insurer, Guid holderReference, EnrolmentCard card, EnrolmentRole role, Guid? insuredReference,
        DateOnly from, IncomeClass income, IEnumerable<Enrolment> existing)
    {
        ArgumentNullException.ThrowIfNull(insurer);
        ArgumentNullException.ThrowIfNull(existing);
        if (!Enum.IsDefined(role))
            throw new ArgumentException("Unknown role.", nameof(role));
        if (!Enum.IsDefined(income))
            throw new ArgumentException("Unknown income class.", nameof(income));
        if (role == EnrolmentRole.Dependant && !InsuranceSchemes.HasDependants(insurer.Scheme))
        {
            var scheme = InsuranceSchemes.NameOf(insurer.Scheme);
            throw Refused($"{scheme.Japanese}には被扶養者（家族）の資格はありません。一人ひとりが被保険者として加入します。",
                $"{scheme.English} has no dependants: everyone is insured in their own right");
        }
        if (role == EnrolmentRole.Dependant && (insuredReference is null || insuredReference == holderReference))
            throw Refused("被扶養者（家族）の資格には、本人以外の被保険者を指定してください。", "a dependant's enrolment names the insured person, someone other than the dependant");
        if (role == EnrolmentRole.Insured && insuredReference is not null)
            throw Refused("被保険者（本人）の資格には、被保険者を別に指定しません。", "an insured person's enrolment names no other insured person");
        if (existing.FirstOrDefault(e => e.InsurerId == insurer.Id && e.HolderReference == holderReference && e.Overlaps(from, null)) is { } overlap)
        {
            throw Refused(
                $"この方は{TextFormat.JapaneseDate(overlap.From)}からこの保険者の資格があり、期間が重なります。先に資格喪失を記録してください。",
                $"this person is enrolled with this insurer from {TextFormat.EnglishDate(overlap.From)}, which overlaps; record the loss of that enrolment first");
        }
        return new Enrolment(id, insurer, holderReference, card, role, insuredReference, from, income);
    }

    /// <summary>Records the loss of the enrolment (資格喪失) on <paramref name="lossDay"/>, the first day no longer covered.</summary>
    /// <exception cref="RuleViolationException">It was ended already, or the loss would come on or before its first day (<see cref="RuleIds.State"/>).</exception>
    public void End(DateOnly lossDay)
    {
        if (Until is { } until)
        {
            throw Refused($"この資格は、すでに{TextFormat.JapaneseDate(until)}に喪失しています。",
                $"this enrolment was lost already on {TextFormat.EnglishDate(until)}");
        }
        if (lossDay <= From)
        {
            throw Refused($"資格喪失日は、資格取得日（{TextFormat.JapaneseDate(From)}）より後の日にしてください。",
                $"the day of loss comes after the first day of the enrolment ({TextFormat.EnglishDate(From)})");
        }
        Until = lossDay;
    }

    /// <summary>Records a new income class (the yearly reassessment in August, or a corrected income).</summary>
    public void Reclassify(IncomeClass income)
    {
        if (!Enum.IsDefined(income))
            throw new ArgumentException("Unknown income class.", nameof(income));
        IncomeClass = income;
    }

    private static RuleViolationException Refused(string japanese, string english) => new(RuleIds.State, new LocalizedText(japanese, english));

    public override string ToString() => $"Enrolment {Role} from {From:yyyy-MM-dd}";
}

/// <summary>What the card of an enrolment shows: 記号, 番号 and 枝番.</summary>
/// <param name="Symbol">記号; empty when the insurer uses none.</param>
/// <param name="Number">番号.</param>
/// <param name="Branch">枝番, two digits.</param>
public sealed record EnrolmentCard(string Symbol, string Number, string Branch)
{
    /// <summary>
    /// The symbol, number and branch as given, checked: the symbol at most <see cref="Enrolment.SymbolMaxLength"/>
    /// characters of letters (kanji too), digits and hyphens, may be empty; the number 1 to <see cref="Enrolment.NumberMaxLength"/> ASCII letters, digits and
    /// hyphens as the card prints them; the branch two digits. Null when one does not fit.
    /// </summary>
    public static EnrolmentCard? Create(string? symbol, string? number, string? branch)
    {
        symbol = symbol?.Trim() ?? "";
        number = number?.Trim() ?? "";
        branch = branch?.Trim() ?? "";
        if (symbol.Length > Enrolment.SymbolMaxLength || !symbol.All(c => char.IsLetterOrDigit(c) || c == '-'))
            return null;
        if (number.Length is 0 or > Enrolment.NumberMaxLength || !number.All(IsCardCharacter))
            return null;
        if (branch.Length != 2 || !branch.All(char.IsAsciiDigit))
            return null;
        return new EnrolmentCard(symbol, number, branch);
    }

    private static bool IsCardCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';
}
