namespace Myna.ConvenienceIssuance.Machines;

/// <summary>A machine's printer: prints a PDF, or reports that it failed (paper jam, no toner).</summary>
public interface IPrinter
{
    /// <summary>Prints <paramref name="pdf"/>; false when the printer failed and nothing usable came out.</summary>
    Task<bool> PrintAsync(byte[] pdf, CancellationToken cancellationToken = default);
}
