namespace Myna.Kiosk;

/// <summary>The steps of the multi-copy machine, in their order (U2.4).</summary>
public enum KioskStep
{
    /// <summary>① The service menu: 行政サービス → 証明書交付サービス.</summary>
    ServiceMenu,

    /// <summary>② The holder sets the card.</summary>
    CardSet,

    /// <summary>③ The user-authentication PIN (4 digits).</summary>
    Pin,

    /// <summary>④ The municipality.</summary>
    Municipality,

    /// <summary>⑤ The certificate and the number of copies.</summary>
    Certificate,

    /// <summary>⑥ The payment.</summary>
    Payment,

    /// <summary>⑦ The certificate prints.</summary>
    Printing,

    /// <summary>The transaction is over (printed, refused or cancelled); the card is given back.</summary>
    Finished,
}

/// <summary>
/// Where a machine's transaction stands among U2.4's steps: each step is taken only after the one before it, so a machine
/// never asks for a PIN before a card is set, nor prints before a payment. The PIN step may repeat after a wrong PIN.
/// </summary>
public sealed class KioskSteps
{
    /// <summary>The step the machine is at.</summary>
    public KioskStep Current { get; private set; } = KioskStep.ServiceMenu;

    /// <summary>Moves from <paramref name="from"/> to the next step.</summary>
    /// <exception cref="InvalidOperationException">The machine is not at <paramref name="from"/>: the steps are out of order (U2.4).</exception>
    public void Complete(KioskStep from)
    {
        Expect(from);
        Current = from + 1;
    }

    /// <summary>Throws unless the machine is at <paramref name="step"/>.</summary>
    /// <exception cref="InvalidOperationException">The machine is at another step (U2.4).</exception>
    public void Expect(KioskStep step)
    {
        if (Current != step)
            throw new InvalidOperationException($"The machine is at {Current}, not at {step} (U2.4: menu, card, PIN, municipality, certificate, payment, printing).");
    }

    /// <summary>Goes back to an earlier step (the holder chooses another certificate before paying).</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is not before the current one.</exception>
    public void Back(KioskStep step)
    {
        if (step >= Current || Current == KioskStep.Finished)
            throw new ArgumentException($"The machine at {Current} cannot go back to {step}.", nameof(step));
        Current = step;
    }

    /// <summary>Ends the transaction, from any step.</summary>
    public void Finish() => Current = KioskStep.Finished;
}
