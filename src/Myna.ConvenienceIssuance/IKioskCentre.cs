namespace Myna.ConvenienceIssuance;

/// <summary>
/// The issuance centre as a store's machine reaches it: in process (<see cref="Centre.IssuanceCentre"/>) or over HTTP.
/// Every call carries the machine's credentials; the centre answers only for the machine's own sessions.
/// </summary>
public interface IKioskCentre
{
    Task<KioskAnswer<SessionOpened>> OpenAsync(MachineCredentials credentials, CancellationToken cancellationToken = default);

    Task<KioskAnswer<Guid?>> UnfinishedAsync(MachineCredentials credentials, CancellationToken cancellationToken = default);

    Task<KioskAnswer<Authenticated>> AuthenticateAsync(
        MachineCredentials credentials, Guid sessionId, ReadOnlyMemory<byte> certificate, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken = default);

    Task<KioskAnswer<Quote>> OrderAsync(MachineCredentials credentials, Guid sessionId, CertificateOrder order, CancellationToken cancellationToken = default);

    Task<KioskAnswer<PaymentReceipt>> PayAsync(MachineCredentials credentials, Guid sessionId, Guid paymentId, int amountYen, CancellationToken cancellationToken = default);

    Task<KioskAnswer<PrintJob?>> NextPrintAsync(MachineCredentials credentials, Guid sessionId, CancellationToken cancellationToken = default);

    Task<KioskAnswer<bool>> ReportPrintAsync(MachineCredentials credentials, Guid sessionId, Guid jobId, bool printed, CancellationToken cancellationToken = default);

    Task<KioskAnswer<bool>> CancelAsync(MachineCredentials credentials, Guid sessionId, KioskRefusal? reason = null, CancellationToken cancellationToken = default);
}
