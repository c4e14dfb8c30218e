using System.Globalization;
using System.Text;

namespace Myna.Insurance.Records;

/// <summary>One payment for medical care as the deduction counts it: who was treated, where, what kind, how much, when.</summary>
/// <param name="Patient">医療を受けた人: the patient's name.</param>
/// <param name="PaidTo">病院・薬局などの支払先の名称: the institution paid.</param>
/// <param name="Category">医療費の区分.</param>
/// <param name="PaidYen">支払った医療費の額: what the patient paid at the counter (the copayment), not the total cost.</param>
/// <param name="CompensatedYen">左のうち生命保険や社会保険などで補填される金額: the part of it paid back (none known here: 0).</param>
/// <param name="PaidOn">支払年月日.</param>
public sealed record MedicalExpense(string Patient, string PaidTo, MedicalExpenseCategory Category, int PaidYen, int CompensatedYen, DateOnly PaidOn);

/// <summary>
/// A year's medical expenses in the columns of the tax agency's medical-expense form (医療費集計フォーム), the file the
/// holder gives to the tax return for the medical-expense deduction (医療費控除, U1.5): CSV, UTF-8 with a byte-order mark
/// (so that a spreadsheet reads the Japanese), one payment a row in order of payment, no total row (the form adds up).
/// </summary>
public static class MedicalExpenseForm
{
    /// <summary>The form's column headings, in its order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "医療を受けた人", "病院・薬局などの支払先の名称", "医療費の区分", "支払った医療費の額", "左のうち生命保険や社会保険などで補填される金額", "支払年月日",
    ];

    /// <summary>The payments of <paramref name="year"/> (by the day of payment, January to December) among <paramref name="expenses"/>.</summary>
    public static IReadOnlyList<MedicalExpense> OfYear(IEnumerable<MedicalExpense> expenses, int year) =>
        [.. expenses.Where(e => e.PaidOn.Year == year).OrderBy(e => e.PaidOn).ThenBy(e => e.PaidTo, StringComparer.Ordinal)];

    /// <summary>What the payments of a year add up to: paid, and paid back.</summary>
    public static (int PaidYen, int CompensatedYen) Sum(IEnumerable<MedicalExpense> expenses)
    {
        ArgumentNullException.ThrowIfNull(expenses);
        long paid = 0, compensated = 0;
        foreach (var e in expenses)
            (paid, compensated) = (paid + e.PaidYen, compensated + e.CompensatedYen);
        return (checked((int)paid), checked((int)compensated));
    }

    /// <summary>The CSV file (bytes, with the UTF-8 byte-order mark; lines end with CR LF as the spreadsheet writes them).</summary>
    public static byte[] Csv(IEnumerable<MedicalExpense> expenses)
    {
        ArgumentNullException.ThrowIfNull(expenses);
        var text = new StringBuilder();
        Line(text, Columns);
        foreach (var e in expenses)
        {
            Line(text,
            [
                e.Patient, e.PaidTo, MedicalExpenseCategories.NameOf(e.Category).Japanese,
                e.PaidYen.ToString(CultureInfo.InvariantCulture), e.CompensatedYen.ToString(CultureInfo.InvariantCulture),
                e.PaidOn.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture),
            ]);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Line(StringBuilder text, IEnumerable<string> cells)
    {
        text.AppendJoin(',', cells.Select(Cell));
        text.Append("\r\n");
    }

    // RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled. A cell a spreadsheet would take
    // for a formula (=, +, -, @ first) gets a leading apostrophe, so that a name can never run as one.
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
