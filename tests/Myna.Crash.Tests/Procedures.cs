namespace Myna.Crash.Tests;

/// <summary>Where a procedure stands after a crash and the recovery: not at all, wholly, or partly (a failure).</summary>
public enum Outcome
{
    NotDone,
    Done,
    Inconsistent,
}

/// <summary>What the registry and the chip say about one subject's procedure, with the evidence.</summary>
public sealed record Probe(Outcome Outcome, string Detail);

/// <summary>How the window answers the same procedure once it is done.</summary>
public enum RetryAnswer
{
    /// <summary>Refused (4xx): the application is delivered, the suspension lifted, the certificate loaded…</summary>
    Refused,

    /// <summary>200 with "Nothing changed.": the record already has the new address or name (M1).</summary>
    NothingChanged,

    /// <summary>Done again: a PIN can be reset twice (P3); only the state after it is checked.</summary>
    Repeatable,
}

/// <summary>The resident (and card, application) a round works on, with what was true before the procedure.</summary>
public sealed class Subject
{
    public required int Index { get; init; }

    public required Guid Resident { get; init; }

    /// <summary>The card the procedure works on; for a reissue the card being replaced.</summary>
    public Guid Card { get; init; }

    /// <summary>The application a delivery delivers.</summary>
    public Guid Application { get; init; }

    public string? SignatureBefore { get; init; }

    public string? AuthenticationBefore { get; init; }

    /// <summary>A name change without a new signature password (the revocation-only path of M1).</summary>
    public bool WithoutNewSignature { get; init; }

    public override string ToString() =>
        $"resident {Resident}" + (Card == Guid.Empty ? "" : $", card {Card}") + (Application == Guid.Empty ? "" : $", application {Application}");
}

/// <summary>
/// A window procedure as the harness crashes it: how to prepare a subject, send the procedure, tell from the
/// registry and the chip whether it happened (all or nothing), and what a retry must answer.
/// </summary>
public abstract class Procedure
{
    /// <summary>A short name, for messages and directories.</summary>
    public abstract string Name { get; }

    /// <summary>The guidebook rules the procedure carries out (docs/rules.md).</summary>
    public abstract string Rules { get; }

    /// <summary>Its named crash points, in order.</summary>
    public virtual IReadOnlyList<string> Points => CrashPoints.All;

    /// <summary>The points the quick version kills it at (together the quick procedures cover every point).</summary>
    public abstract IReadOnlyList<string> QuickPoints { get; }

    public abstract RetryAnswer Retry { get; }

    /// <summary>The points this run kills it at.</summary>
    public IReadOnlyList<string> PlannedPoints => CrashSettings.IsLong ? Points : QuickPoints;

    /// <summary>Sets up a subject on a server without a crash point.</summary>
    public abstract Task<Subject> PrepareAsync(WindowApi api, int index);

    /// <summary>Sends the procedure.</summary>
    public abstract Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default);

    /// <summary>Whether the subject's procedure is in the registry and on the chip, neither, or partly.</summary>
    public abstract Probe Probe(Subject subject, CheckResult check);

    /// <summary>After the retries: what is there more than once (a second card, a second good certificate…), or null.</summary>
    public virtual string? CountProblem(Subject subject, CheckResult check) => null;

    public override string ToString() => $"{Name} ({Rules})";

    protected static Probe Judge(bool notDone, bool done, string detail) =>
        new(notDone ? Outcome.NotDone : done ? Outcome.Done : Outcome.Inconsistent, detail);

    protected static bool Good(CheckResult check, string hierarchy, string? serial) =>
        serial is not null && check.Db.Certificate(hierarchy, serial) is not null && !check.Db.IsRevoked(hierarchy, serial);

    protected static bool Revoked(CheckResult check, string hierarchy, string? serial) =>
        serial is not null && check.Db.IsRevoked(hierarchy, serial);

    /// <summary>The good certificates of a hierarchy linked to a card.</summary>
    protected static int GoodLinked(CheckResult check, Guid card, string hierarchy) =>
        check.Db.Certificates.Count(c => c.CardId == card && c.Hierarchy == hierarchy && !check.Db.IsRevoked(c.Hierarchy, c.Serial));

    protected static string Describe(CardRow? card, ChipView? chip) =>
        card is null
            ? "no card row"
            : $"card {card.State}, registry sig {card.SignatureSerial ?? "none"} auth {card.AuthenticationSerial ?? "none"}; " +
              (chip is null ? "no chip file" : $"chip sig {chip.SignatureSerial ?? "none"} auth {chip.AuthenticationSerial ?? "none"}");

    protected static async Task<Subject> WithCardAsync(WindowApi api, int index, bool withSignature = true)
    {
        var (resident, card, signature, authentication) = await api.ResidentWithCardAsync(withSignature);
        return new Subject { Index = index, Resident = resident, Card = card, SignatureBefore = signature, AuthenticationBefore = authentication };
    }
}

/// <summary>All procedures the harness crashes.</summary>
public static class Procedures
{
    public static readonly Procedure Delivery = new DeliveryProcedure();
    public static readonly Procedure Reissue = new ReissueProcedure();
    public static readonly Procedure AddressChange = new AddressChangeProcedure();
    public static readonly Procedure NameChange = new NameChangeProcedure();
    public static readonly Procedure Lift = new LiftProcedure();
    public static readonly Procedure LoadCertificates = new LoadCertificatesProcedure();
    public static readonly Procedure PinReset = new PinResetProcedure();
    public static readonly Procedure Suspension = new SuspensionProcedure();
    public static readonly Procedure Return = new ReturnProcedure();

    public static readonly IReadOnlyList<Procedure> All =
        [Delivery, Reissue, AddressChange, NameChange, Lift, LoadCertificates, PinReset, Suspension, Return];

    /// <summary>Those with a named-point test in this run (suspension and return only in the long version).</summary>
    public static IEnumerable<Procedure> WithNamedRounds => All.Where(p => p.PlannedPoints.Count > 0);
}

/// <summary>D4, L3: delivery of a first card after the application.</summary>
internal sealed class DeliveryProcedure : Procedure
{
    public override string Name => "delivery";

    public override string Rules => "D4, L3";

    public override IReadOnlyList<string> QuickPoints => [CrashPoints.CertificatesIssued];

    public override RetryAnswer Retry => RetryAnswer.Refused;

    public override async Task<Subject> PrepareAsync(WindowApi api, int index)
    {
        var resident = await api.RegisterAsync();
        return new Subject { Index = index, Resident = resident, Application = await api.ApplyAsync(resident) };
    }

    public override Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default) =>
        api.DeliverAsync(subject.Application, withSignature: true, cancellationToken);

    public override Probe Probe(Subject subject, CheckResult check)
    {
        var application = check.Db.Applications[subject.Application];
        var cards = check.Db.CardsOf(subject.Resident).ToList();
        var card = cards.Count == 1 ? cards[0] : null;
        var chip = card is null ? null : check.Chip(card.Id);
        return Judge(
            application.Status == "Received" && cards.Count == 0,
            application.Status == "Delivered" && card is not null && application.CardId == card.Id && card.State == "Active" && chip is not null
                && card.SignatureSerial is not null && card.AuthenticationSerial is not null,
            $"application {application.Status} (card {application.CardId?.ToString() ?? "none"}), resident has {cards.Count} card(s); {Describe(card, chip)}");
    }

    public override string? CountProblem(Subject subject, CheckResult check)
    {
        var cards = check.Db.CardsOf(subject.Resident).Count();
        return cards == 1 ? null : $"the resident has {cards} cards after the delivery and its retries (one expected)";
    }
}

/// <summary>L3: a paid reissue after loss; the old card is replaced and its certificates revoked in the same transaction.</summary>
internal sealed class ReissueProcedure : Procedure
{
    public override string Name => "reissue";

    public override string Rules => "L3";

    public override IReadOnlyList<string> QuickPoints => [CrashPoints.Committed];

    public override RetryAnswer Retry => RetryAnswer.Refused;

    public override async Task<Subject> PrepareAsync(WindowApi api, int index)
    {
        var subject = await WithCardAsync(api, index);
        return new Subject
        {
            Index = index, Resident = subject.Resident, Card = subject.Card, SignatureBefore = subject.SignatureBefore,
            AuthenticationBefore = subject.AuthenticationBefore,
            Application = await api.ApplyAsync(subject.Resident, occasion: "ReissueAfterLossOrDamage"),
        };
    }

    public override Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default) =>
        api.DeliverAsync(subject.Application, withSignature: true, cancellationToken);

    public override Probe Probe(Subject subject, CheckResult check)
    {
        var db = check.Db;
        var application = db.Applications[subject.Application];
        var old = db.Cards[subject.Card];
        var newCards = db.CardsOf(subject.Resident).Where(c => c.Id != old.Id).ToList();
        var fresh = newCards.Count == 1 ? newCards[0] : null;
        var fees = db.Fees.Count(f => f.ResidentId == subject.Resident && f.AmountYen > 0);
        var oldRevoked = Revoked(check, Hierarchies.Signature, subject.SignatureBefore) && Revoked(check, Hierarchies.UserAuthentication, subject.AuthenticationBefore);
        var oldGood = Good(check, Hierarchies.Signature, subject.SignatureBefore) && Good(check, Hierarchies.UserAuthentication, subject.AuthenticationBefore);
        return Judge(
            application.Status == "Received" && newCards.Count == 0 && old.State == "Active" && oldGood && fees == 0
                && old.SignatureSerial == subject.SignatureBefore && old.AuthenticationSerial == subject.AuthenticationBefore,
            application.Status == "Delivered" && fresh is not null && application.CardId == fresh.Id && fresh.State == "Active"
                && check.Chip(fresh.Id) is not null && old.State == "Replaced" && old.ReplacedBy == fresh.Id && oldRevoked && fees == 1,
            $"application {application.Status}; old card {old.State} (certificates {(oldRevoked ? "revoked" : oldGood ? "good" : "partly revoked")}), " +
            $"{newCards.Count} new card(s), {fees} reissue fee(s); new: {Describe(fresh, fresh is null ? null : check.Chip(fresh.Id))}");
    }

    public override string? CountProblem(Subject subject, CheckResult check)
    {
        var cards = check.Db.CardsOf(subject.Resident).Count();
        var fees = check.Db.Fees.Count(f => f.ResidentId == subject.Resident && f.AmountYen > 0);
        return cards == 2 && fees == 1 ? null : $"after the reissue and its retries the resident has {cards} cards (2 expected) and {fees} reissue fees (1 expected)";
    }
}

/// <summary>M1 (and M3 for names): a change of written details rewrites the chip; the old signature certificate is revoked, a new one issued.</summary>
internal abstract class DetailsChangeProcedure : Procedure
{
    public override RetryAnswer Retry => RetryAnswer.NothingChanged;

    public override Task<Subject> PrepareAsync(WindowApi api, int index) => WithCardAsync(api, index);

    /// <summary>Whether the resident row and the chip's face show the old details (false), the new ones (true), or neither (null).</summary>
    protected abstract (bool? Registry, bool? Chip, string Detail) Changed(Subject subject, ResidentRow resident, ChipView? chip);

    public override Probe Probe(Subject subject, CheckResult check)
    {
        var db = check.Db;
        var card = db.Cards[subject.Card];
        var chip = check.Chip(card.Id);
        var (registry, onChip, detail) = Changed(subject, db.Residents[subject.Resident], chip);
        var endorsements = db.Endorsements.GetValueOrDefault(card.Id);
        var oldRevoked = Revoked(check, Hierarchies.Signature, subject.SignatureBefore);
        var newSignatureOk = subject.WithoutNewSignature
            ? card.SignatureSerial is null && chip is { SignatureSerial: null, SignatureUnreadable: false }
            : card.SignatureSerial is { } serial && serial != subject.SignatureBefore && Good(check, Hierarchies.Signature, serial)
                && chip?.SignatureSerial == serial && chip.SignaturePin == "changed";
        return Judge(
            registry == false && onChip == false && endorsements == 0 && card.SignatureSerial == subject.SignatureBefore
                && Good(check, Hierarchies.Signature, subject.SignatureBefore) && chip?.SignatureSerial == subject.SignatureBefore,
            registry == true && onChip == true && endorsements == 1 && oldRevoked && newSignatureOk,
            $"{detail}; {endorsements} endorsement(s); old signature certificate {(oldRevoked ? "revoked" : "not revoked")}; {Describe(card, chip)}");
    }

    public override string? CountProblem(Subject subject, CheckResult check)
    {
        var endorsements = check.Db.Endorsements.GetValueOrDefault(subject.Card);
        var good = GoodLinked(check, subject.Card, Hierarchies.Signature);
        var wanted = subject.WithoutNewSignature ? 0 : 1;
        return endorsements == 1 && good == wanted
            ? null
            : $"after the change and its retries the card has {endorsements} endorsements (1 expected) and {good} good signature certificates ({wanted} expected)";
    }
}

/// <summary>M1: a move within the municipality, with a new signature password.</summary>
internal sealed class AddressChangeProcedure : DetailsChangeProcedure
{
    public override string Name => "address-change";

    public override string Rules => "M1";

    public override IReadOnlyList<string> QuickPoints => [CrashPoints.ChipStaged];

    public override Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default) =>
        api.ChangeAddressAsync(subject.Resident, WindowApi.NewAddress(subject.Index), newSignature: true, cancellationToken);

    protected override (bool? Registry, bool? Chip, string Detail) Changed(Subject subject, ResidentRow resident, ChipView? chip)
    {
        var target = WindowApi.NewAddress(subject.Index);
        bool? Is(string? address) => address == target ? true : address == WindowApi.Address ? false : null;
        return (Is(resident.Address), Is(chip?.Face?.Address), $"registry address '{resident.Address}', chip '{chip?.Face?.Address ?? "unreadable"}'");
    }
}

/// <summary>M1, M3: a change of name; with a new signature password, or (in every other random round) without one.</summary>
internal sealed class NameChangeProcedure : DetailsChangeProcedure
{
    public const string NewFamilyName = "改名";

    public override string Name => "name-change";

    public override string Rules => "M1, M3";

    public override IReadOnlyList<string> QuickPoints => [CrashPoints.Placed];

    public override async Task<Subject> PrepareAsync(WindowApi api, int index)
    {
        var subject = await WithCardAsync(api, index);
        // Named points need the certificate path (every point exists); random rounds alternate to cover the revocation-only path.
        return new Subject
        {
            Index = index, Resident = subject.Resident, Card = subject.Card, SignatureBefore = subject.SignatureBefore,
            AuthenticationBefore = subject.AuthenticationBefore, WithoutNewSignature = index >= RandomRounds.FirstIndex && index % 2 == 1,
        };
    }

    public override Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default) =>
        api.ChangeNameAsync(subject.Resident, NewFamilyName, newSignature: !subject.WithoutNewSignature, cancellationToken);

    protected override (bool? Registry, bool? Chip, string Detail) Changed(Subject subject, ResidentRow resident, ChipView? chip)
    {
        var name = chip?.Face?.Name;
        bool? OnChip() => name == $"{NewFamilyName}\u3000花子" ? true : name == "番号\u3000花子" ? false : null;
        bool? InRegistry() => resident.FamilyName == NewFamilyName ? true : resident.FamilyName == "番号" ? false : null;
        return (InRegistry(), OnChip(), $"registry family name '{resident.FamilyName}', chip name '{name ?? "unreadable"}'");
    }
}

/// <summary>L2: lifting a suspension issues both certificates anew for the PINs given.</summary>
internal sealed class LiftProcedure : Procedure
{
    public override string Name => "lift";

    public override string Rules => "L2";

    public override IReadOnlyList<string> QuickPoints => [CrashPoints.IntentWritten];

    public override RetryAnswer Retry => RetryAnswer.Refused;

    public override async Task<Subject> PrepareAsync(WindowApi api, int index)
    {
        var subject = await WithCardAsync(api, index);
        await WindowApi.ExpectAsync(await api.SuspendAsync(subject.Card), "suspend the card to be lifted");
        return subject;
    }

    public override Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default) =>
        api.LiftAsync(subject.Card, cancellationToken);

    public override Probe Probe(Subject subject, CheckResult check)
    {
        var card = check.Db.Cards[subject.Card];
        var chip = check.Chip(card.Id);
        return Judge(
            card.State == "Suspended" && card.SignatureSerial is null && card.AuthenticationSerial is null
                && chip is not null && chip.SignatureSerial == subject.SignatureBefore && chip.AuthenticationSerial == subject.AuthenticationBefore,
            card.State == "Active" && card.SignatureSerial != subject.SignatureBefore && card.AuthenticationSerial != subject.AuthenticationBefore
                && Good(check, Hierarchies.Signature, card.SignatureSerial) && Good(check, Hierarchies.UserAuthentication, card.AuthenticationSerial)
                && chip is not null && chip.SignatureSerial == card.SignatureSerial && chip.AuthenticationSerial == card.AuthenticationSerial
                && chip.SignaturePin == "lifted" && chip.AuthenticationPin == "lifted",
            $"{Describe(card, chip)}; chip PINs: {chip?.SignaturePin ?? "?"}/{chip?.AuthenticationPin ?? "?"}");
    }

    public override string? CountProblem(Subject subject, CheckResult check)
    {
        var signature = GoodLinked(check, subject.Card, Hierarchies.Signature);
        var authentication = GoodLinked(check, subject.Card, Hierarchies.UserAuthentication);
        return signature == 1 && authentication == 1
            ? null
            : $"after the lift and its retries the card has {signature} good signature and {authentication} good authentication certificates (1 each expected)";
    }
}

/// <summary>E5: a signature certificate not wanted at application is loaded later.</summary>
internal sealed class LoadCertificatesProcedure : Procedure
{
    public override string Name => "load-certificates";

    public override string Rules => "E5";

    public override IReadOnlyList<string> QuickPoints => [CrashPoints.ChipStaged];

    public override RetryAnswer Retry => RetryAnswer.Refused;

    public override Task<Subject> PrepareAsync(WindowApi api, int index) => WithCardAsync(api, index, withSignature: false);

    public override Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default) =>
        api.LoadSignatureAsync(subject.Card, cancellationToken);

    public override Probe Probe(Subject subject, CheckResult check)
    {
        var card = check.Db.Cards[subject.Card];
        var chip = check.Chip(card.Id);
        return Judge(
            card.SignatureSerial is null && chip is { SignatureSerial: null, SignatureUnreadable: false },
            card.SignatureSerial is { } serial && Good(check, Hierarchies.Signature, serial) && chip?.SignatureSerial == serial,
            Describe(card, chip));
    }

    public override string? CountProblem(Subject subject, CheckResult check)
    {
        var good = GoodLinked(check, subject.Card, Hierarchies.Signature);
        return good == 1 ? null : $"after the load and its retries the card has {good} good signature certificates (1 expected)";
    }
}

/// <summary>P3: a new user-authentication PIN; its audit entry and the chip's PIN go together.</summary>
internal sealed class PinResetProcedure : Procedure
{
    public override string Name => "pin-reset";

    public override string Rules => "P3";

    public override IReadOnlyList<string> Points => CrashPoints.WithoutCertificates;

    public override IReadOnlyList<string> QuickPoints => [CrashPoints.Committed];

    public override RetryAnswer Retry => RetryAnswer.Repeatable;

    public override Task<Subject> PrepareAsync(WindowApi api, int index) => WithCardAsync(api, index);

    public override Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default) =>
        api.ResetAuthenticationPinAsync(subject.Card, cancellationToken);

    public override Probe Probe(Subject subject, CheckResult check)
    {
        var card = check.Db.Cards[subject.Card];
        var chip = check.Chip(card.Id);
        var audited = check.Db.AuditCount("pin.reset", card.Id);
        var unchanged = card.AuthenticationSerial == subject.AuthenticationBefore && chip?.AuthenticationSerial == subject.AuthenticationBefore;
        return Judge(
            audited == 0 && chip?.AuthenticationPin == "delivery" && unchanged,
            audited >= 1 && chip?.AuthenticationPin == "reset" && unchanged,
            $"{audited} pin.reset audit entr{(audited == 1 ? "y" : "ies")}; the chip's authentication PIN is the {chip?.AuthenticationPin ?? "unknown"} one; {Describe(card, chip)}");
    }
}

/// <summary>L1: a suspension revokes both certificates in the procedure's transaction (no chip effect: only <c>committed</c>).</summary>
internal sealed class SuspensionProcedure : Procedure
{
    public override string Name => "suspension";

    public override string Rules => "L1";

    public override IReadOnlyList<string> Points => CrashPoints.CommitOnly;

    public override IReadOnlyList<string> QuickPoints => [];

    public override RetryAnswer Retry => RetryAnswer.Refused;

    public override Task<Subject> PrepareAsync(WindowApi api, int index) => WithCardAsync(api, index);

    public override Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default) =>
        api.SuspendAsync(subject.Card, cancellationToken);

    public override Probe Probe(Subject subject, CheckResult check) => EndedProbe(subject, check, "Suspended");

    internal static Probe EndedProbe(Subject subject, CheckResult check, string endState)
    {
        var card = check.Db.Cards[subject.Card];
        var chip = check.Chip(card.Id);
        var good = Good(check, Hierarchies.Signature, subject.SignatureBefore) && Good(check, Hierarchies.UserAuthentication, subject.AuthenticationBefore);
        var revoked = Revoked(check, Hierarchies.Signature, subject.SignatureBefore) && Revoked(check, Hierarchies.UserAuthentication, subject.AuthenticationBefore);
        return Judge(
            card.State == "Active" && good && card.SignatureSerial == subject.SignatureBefore && card.AuthenticationSerial == subject.AuthenticationBefore,
            card.State == endState && revoked && card.SignatureSerial is null && card.AuthenticationSerial is null,
            $"certificates {(good ? "good" : revoked ? "revoked" : "partly revoked")}; {Describe(card, chip)}");
    }
}

/// <summary>The return of a card (返納): it ends and its certificates are revoked (only <c>committed</c>).</summary>
internal sealed class ReturnProcedure : Procedure
{
    public override string Name => "return";

    public override string Rules => "V7";

    public override IReadOnlyList<string> Points => CrashPoints.CommitOnly;

    public override IReadOnlyList<string> QuickPoints => [];

    public override RetryAnswer Retry => RetryAnswer.Refused;

    public override Task<Subject> PrepareAsync(WindowApi api, int index) => WithCardAsync(api, index);

    public override Task<ApiAnswer> RunAsync(WindowApi api, Subject subject, CancellationToken cancellationToken = default) =>
        api.ReturnAsync(subject.Card, cancellationToken);

    public override Probe Probe(Subject subject, CheckResult check) => SuspensionProcedure.EndedProbe(subject, check, "Returned");
}

/// <summary>Subject numbering of the random rounds (after the named ones).</summary>
public static class RandomRounds
{
    public const int FirstIndex = 100;
}
