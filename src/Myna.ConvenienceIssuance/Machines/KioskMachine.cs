using System.Security.Cryptography;
using Myna.Kiosk;
using Myna.Primitives;
using Myna.Reader;

namespace Myna.ConvenienceIssuance.Machines;

/// <summary>
/// A store's multi-copy machine (マルチコピー機): the holder's side of convenience-store issuance. It takes the holder
/// through U2.4's steps in their order, drives the card through the reader library (the PIN and the signature happen on
/// the card), talks to the issuance centre, and prints only documents bound to its own open session.
/// </summary>
public sealed class KioskMachine(IKioskCentre centre, MachineCredentials credentials, IPrinter printer)
{
    public Guid Id => credentials.MachineId;

    /// <summary>
    /// ① The service menu: a new transaction. A paid transaction that did not finish printing (a printer failure, a
    /// restart) is printed first and its answer is the refusal <see cref="KioskRefusals.PrintPending"/> only if that fails.
    /// </summary>
    public async Task<KioskAnswer<MachineTransaction>> StartAsync(CancellationToken cancellationToken = default)
    {
        var opened = await centre.OpenAsync(credentials, cancellationToken);
        if (opened.Refusal is { } refusal)
            return refusal;
        return KioskAnswer<MachineTransaction>.Of(new MachineTransaction(centre, credentials, printer, opened.Value!));
    }

    /// <summary>Prints what a paid transaction of this machine left unprinted (after a restart); the number of copies printed.</summary>
    public async Task<KioskAnswer<int>> ResumeAsync(CancellationToken cancellationToken = default)
    {
        var unfinished = await centre.UnfinishedAsync(credentials, cancellationToken);
        if (unfinished.Refusal is { } refusal)
            return refusal;
        if (unfinished.Value is not { } sessionId)
            return KioskAnswer<int>.Of(0);
        // The challenge of a session that survived a restart is not in this machine's memory any more; the centre's binding
        // still names this machine and session, and the bytes must still match the document hash.
        return await MachineTransaction.PrintAllAsync(centre, credentials, printer, sessionId, challengeHash: null, cancellationToken);
    }
}

/// <summary>One holder's transaction at a machine, step by step (U2.4).</summary>
public sealed class MachineTransaction
{
    private readonly IKioskCentre _centre;
    private readonly MachineCredentials _credentials;
    private readonly IPrinter _printer;
    private readonly SessionOpened _session;
    private readonly KioskSteps _steps = new();
    private MynaCardClient? _card;
    private Guid? _paymentId;

    internal MachineTransaction(IKioskCentre centre, MachineCredentials credentials, IPrinter printer, SessionOpened session)
    {
        _centre = centre;
        _credentials = credentials;
        _printer = printer;
        _session = session;
        _steps.Complete(KioskStep.ServiceMenu);
    }

    public Guid SessionId => _session.SessionId;

    /// <summary>The step the transaction is at.</summary>
    public KioskStep Step => _steps.Current;

    /// <summary>The municipalities offered after the card's answer verified.</summary>
    public IReadOnlyList<MunicipalityChoice> Municipalities { get; private set; } = [];

    /// <summary>The fee agreed with the municipality, once a certificate is chosen.</summary>
    public Quote? Quote { get; private set; }

    /// <summary>
    /// ② The holder sets the card: the machine reads the user-authentication certificate (no PIN needed), so a card
    /// without one is turned away before its PIN is touched. At the PIN step (after a wrong PIN) the card may be set
    /// again: a machine that reaches the card anew for each try (the kiosk page, which holds no chip open between two
    /// requests) sets it before each PIN.
    /// </summary>
    public async Task<KioskAnswer<bool>> SetCardAsync(MynaCardClient card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (_steps.Current == KioskStep.Pin)
            _steps.Back(KioskStep.CardSet);
        _steps.Expect(KioskStep.CardSet);
        try
        {
            card.ReadAuthenticationCertificate().Dispose();
        }
        catch (CardCommandException)
        {
            return await EndAsync(KioskRefusals.NoCertificate, cancellationToken);
        }
        _card = card;
        _steps.Complete(KioskStep.CardSet);
        return KioskAnswer<bool>.Of(true);
    }

    /// <summary>
    /// ③ The user-authentication PIN: the card verifies it and signs the session's challenge; the centre verifies the
    /// answer. A wrong PIN counts on the card and the holder may try again; a blocked PIN ends the transaction (P3).
    /// </summary>
    public async Task<KioskAnswer<IReadOnlyList<MunicipalityChoice>>> EnterPinAsync(Pin pin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pin);
        _steps.Expect(KioskStep.Pin);
        var signing = ChallengeSigner.Sign(_card!, pin, _session.Challenge);
        if (signing.Signed is not { } signed)
        {
            if (signing.Pin.Outcome == PinVerificationOutcome.Blocked)
                return await EndAsync(KioskRefusals.PinBlocked, cancellationToken);
            return KioskRefusals.WrongPin(signing.Pin.TriesLeft);
        }
        var answer = await _centre.AuthenticateAsync(_credentials, _session.SessionId, signed.Certificate, signed.Signature, cancellationToken);
        if (answer.Refusal is { } refusal)
        {
            _steps.Finish();
            return refusal;
        }
        Municipalities = answer.Value!.Municipalities;
        _steps.Complete(KioskStep.Pin);
        return KioskAnswer<IReadOnlyList<MunicipalityChoice>>.Of(Municipalities);
    }

    /// <summary>
    /// ④⑤ The municipality, the certificate and the copies: the municipality decides. A refusal names its rule and
    /// leaves the holder free to choose again.
    /// </summary>
    public async Task<KioskAnswer<Quote>> ChooseAsync(CertificateOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (_steps.Current == KioskStep.Payment)
            _steps.Back(KioskStep.Municipality);
        _steps.Expect(KioskStep.Municipality);
        var quote = await _centre.OrderAsync(_credentials, _session.SessionId, order, cancellationToken);
        if (quote.Refusal is { } refusal)
        {
            if (refusal.Code is "session-expired" or "session-unknown")
                _steps.Finish();
            return refusal;
        }
        Quote = quote.Value;
        _steps.Complete(KioskStep.Municipality);
        _steps.Complete(KioskStep.Certificate);
        return quote;
    }

    /// <summary>
    /// ⑥ The payment of <paramref name="amountYen"/>. The payment's id is drawn once per transaction, so sending it again
    /// after a lost answer charges nothing more.
    /// </summary>
    public async Task<KioskAnswer<PaymentReceipt>> PayAsync(int amountYen, CancellationToken cancellationToken = default)
    {
        _steps.Expect(KioskStep.Payment);
        _paymentId ??= Guid.NewGuid();
        var receipt = await _centre.PayAsync(_credentials, _session.SessionId, _paymentId.Value, amountYen, cancellationToken);
        if (receipt.Succeeded)
            _steps.Complete(KioskStep.Payment);
        return receipt;
    }

    /// <summary>⑦ Prints every copy; a failed print is printed again, never charged again. The number of copies printed.</summary>
    /// <exception cref="PrintBindingException">The centre sent a job not bound to this session (nothing of it is printed).</exception>
    public async Task<KioskAnswer<int>> PrintAsync(CancellationToken cancellationToken = default)
    {
        _steps.Expect(KioskStep.Printing);
        var printed = await PrintAllAsync(_centre, _credentials, _printer, _session.SessionId, SHA256.HashData(_session.Challenge), cancellationToken);
        if (printed.Succeeded)
            _steps.Finish();
        return printed;
    }

    /// <summary>The holder cancels (before paying; after it, U2.8: the documents print).</summary>
    public async Task<KioskAnswer<bool>> CancelAsync(CancellationToken cancellationToken = default)
    {
        var cancelled = await _centre.CancelAsync(_credentials, _session.SessionId, null, cancellationToken);
        if (cancelled.Succeeded)
            _steps.Finish();
        return cancelled;
    }

    /// <summary>How many times a failed print is tried again before the machine gives up (the job stays paid and pending).</summary>
    public const int PrintAttempts = 3;

    internal static async Task<KioskAnswer<int>> PrintAllAsync(
        IKioskCentre centre, MachineCredentials credentials, IPrinter printer, Guid sessionId, byte[]? challengeHash, CancellationToken cancellationToken)
    {
        var printed = 0;
        var failures = 0;
        while (true)
        {
            var next = await centre.NextPrintAsync(credentials, sessionId, cancellationToken);
            if (next.Refusal is { } refusal)
                return refusal;
            if (next.Value is not { } job)
                return KioskAnswer<int>.Of(printed);
            CheckBinding(job, credentials.MachineId, sessionId, challengeHash);
            var ok = await printer.PrintAsync(job.Pdf, cancellationToken);
            var reported = await centre.ReportPrintAsync(credentials, sessionId, job.JobId, ok, cancellationToken);
            if (reported.Refusal is { } notReported)
                return notReported;
            if (ok)
                printed++;
            else if (++failures >= PrintAttempts)
                return KioskRefusals.PrinterFailed;
        }
    }

    private static void CheckBinding(PrintJob job, Guid machineId, Guid sessionId, byte[]? challengeHash)
    {
        var binding = job.Binding;
        if (binding.MachineId != machineId || binding.SessionId != sessionId)
            throw new PrintBindingException($"Print job {job.IssueNumber} is bound to another machine or session.");
        if (challengeHash is not null && !CryptographicOperations.FixedTimeEquals(binding.ChallengeHash, challengeHash))
            throw new PrintBindingException($"Print job {job.IssueNumber} is bound to another card's answer.");
        if (!CryptographicOperations.FixedTimeEquals(binding.DocumentHash, SHA256.HashData(job.Pdf)))
            throw new PrintBindingException($"Print job {job.IssueNumber}'s bytes are not the document it is bound to.");
    }

    private async Task<KioskRefusal> EndAsync(KioskRefusal reason, CancellationToken cancellationToken)
    {
        await _centre.CancelAsync(_credentials, _session.SessionId, reason, cancellationToken);
        _steps.Finish();
        return reason;
    }
}
