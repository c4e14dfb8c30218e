using Myna.Primitives.Text;
using Myna.Registry.Municipalities;
using Myna.Registry.Rules;

namespace Myna.Registry.Seals;

/// <summary>
/// A seal registration (印鑑登録): the seal a resident registered with their municipality, what its impression looks
/// like, and the seal registration card (印鑑登録証) that asks for its certificate (印鑑登録証明書, U2.3 ③).
/// </summary>
/// <remarks>
/// <para>A resident has at most one live registration (the window checks it, and a unique index on the live ones keeps
/// it); an abolished one stays, with its day and reason, as the municipality keeps it. A registration changes only
/// by <see cref="Abolish"/>.</para>
/// <para>The sandbox keeps no images: <see cref="Impression"/> describes the impression in words (丸印、直径15mm、「番号」).
/// Neither number is ever written into a log or an audit entry.</para>
/// </remarks>
public sealed class SealRegistration
{
    /// <summary>The most characters of <see cref="Impression"/>.</summary>
    public const int ImpressionMaxLength = 200;

    /// <summary>For EF Core.</summary>
    private SealRegistration()
    {
        RegistrationNumber = null!;
        CardNumber = null!;
        Impression = null!;
    }

    /// <summary>A new, live registration.</summary>
    /// <exception cref="ArgumentException">A number that is not <see cref="SealNumbers"/>' format, or no impression.</exception>
    public SealRegistration(
        Guid id, Guid residentId, LocalGovernmentCode municipality, string registrationNumber, string cardNumber, DateOnly registeredOn, string impression)
    {
        if (!SealNumbers.IsRegistrationNumber(registrationNumber))
            throw new ArgumentException("A seal registration number has 8 digits.", nameof(registrationNumber));
        if (!SealNumbers.IsCardNumber(cardNumber))
            throw new ArgumentException("A seal registration card number has 6 to 10 digits.", nameof(cardNumber));
        ArgumentException.ThrowIfNullOrWhiteSpace(impression);
        impression = RecordText.Normalize(impression);
        if (impression.Length > ImpressionMaxLength)
            throw new ArgumentException($"An impression is described in at most {ImpressionMaxLength} characters.", nameof(impression));
        Id = id;
        ResidentId = residentId;
        Municipality = municipality;
        RegistrationNumber = registrationNumber;
        CardNumber = cardNumber;
        RegisteredOn = registeredOn;
        Impression = impression;
        State = SealRegistrationState.Registered;
    }

    public Guid Id { get; private set; }

    public Guid ResidentId { get; private set; }

    /// <summary>The municipality that keeps the registration (the resident's, when registered).</summary>
    public LocalGovernmentCode Municipality { get; private set; }

    /// <summary>The registration number (印鑑登録番号), 8 digits, that the certificate prints.</summary>
    public string RegistrationNumber { get; private set; }

    /// <summary>The number of the seal registration card (印鑑登録証) handed over at registration (U2.10).</summary>
    public string CardNumber { get; private set; }

    public DateOnly RegisteredOn { get; private set; }

    /// <summary>The seal's impression (印影) in words: shape, size and the characters it shows.</summary>
    public string Impression { get; private set; }

    public SealRegistrationState State { get; private set; }

    /// <summary>The day the registration was abolished (廃止), or null while it is live.</summary>
    public DateOnly? AbolishedOn { get; private set; }

    /// <summary>Why it was abolished, or null while it is live.</summary>
    public SealAbolitionReason? AbolitionReason { get; private set; }

    /// <summary>Whether the registration is in force (a certificate can be issued for it).</summary>
    public bool IsLive => State == SealRegistrationState.Registered;

    /// <summary>Ends the registration on <paramref name="on"/> for <paramref name="reason"/>; its card no longer serves.</summary>
    /// <exception cref="RuleViolationException">It was abolished already (<see cref="RuleIds.State"/>).</exception>
    /// <exception cref="ArgumentException"><paramref name="on"/> lies before the registration, or an unknown reason.</exception>
    public void Abolish(DateOnly on, SealAbolitionReason reason)
    {
        if (!Enum.IsDefined(reason))
            throw new ArgumentException("Unknown reason.", nameof(reason));
        if (!IsLive)
            throw new RuleViolationException(RuleIds.State, new LocalizedText("この印鑑登録は、すでに廃止されています。", "This seal registration was abolished already."));
        if (on < RegisteredOn)
            throw new ArgumentException("A registration is not abolished before it was made.", nameof(on));
        State = SealRegistrationState.Abolished;
        AbolishedOn = on;
        AbolitionReason = reason;
    }

    public override string ToString() => $"SealRegistration {State}";
}

/// <summary>Where a seal registration stands.</summary>
public enum SealRegistrationState
{
    /// <summary>In force.</summary>
    Registered,

    /// <summary>Ended (廃止) on <see cref="SealRegistration.AbolishedOn"/>.</summary>
    Abolished,
}

/// <summary>Why a seal registration was abolished (廃止の理由).</summary>
public enum SealAbolitionReason
{
    /// <summary>The holder asked for it (廃止申請).</summary>
    AtRequest,

    /// <summary>The seal registration card was lost (登録証の亡失).</summary>
    CardLost,

    /// <summary>The holder moved out of the municipality (転出).</summary>
    MovedOut,

    /// <summary>The name changed so that the seal no longer shows it (氏名の変更).</summary>
    NameChanged,

    /// <summary>The holder died (死亡).</summary>
    Deceased,
}

/// <summary>The formats of a seal registration's numbers.</summary>
public static class SealNumbers
{
    /// <summary>8 ASCII digits.</summary>
    public static bool IsRegistrationNumber(string? text) => text is { Length: 8 } && text.All(char.IsAsciiDigit);

    /// <summary>6 to 10 ASCII digits, as printed on the card (never 12: no card number can be mistaken for a My Number).</summary>
    public static bool IsCardNumber(string? text) => text is { Length: >= 6 and <= 10 } && text.All(char.IsAsciiDigit);
}
