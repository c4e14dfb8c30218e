using System.Security.Cryptography.X509Certificates;

namespace Myna.Crash.Tests;

/// <summary>
/// One thing the checker found wrong. <see cref="Rule"/> is the invariant (a–e, docs/crash-safety.md);
/// <see cref="Key"/> names the thing it is about, so that a problem still there at the next check is recognised
/// as the same one.
/// </summary>
public sealed record Finding(string Rule, string Key, string Message)
{
    public override string ToString() => $"({Rule}) {Message}";
}

/// <summary>What one check read, and what it found.</summary>
public sealed class CheckResult
{
    public required RegistrySnapshot Db { get; init; }

    /// <summary>The chip of every card row whose file exists.</summary>
    public required IReadOnlyDictionary<Guid, ChipView> Chips { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    public ChipView? Chip(Guid cardId) => Chips.TryGetValue(cardId, out var chip) ? chip : null;
}

/// <summary>
/// The invariants that must hold after every restart, whatever instant the previous process died at
/// (docs/crash-safety.md):
/// (a) every card certificate that is not revoked is linked to an existing card row and a resident, OCSP answers
/// good for it, and revoked (and listed on the published CRL) for every revoked one;
/// (b) every card file has a card row, and every card row in a state with a chip has its file;
/// (c) no staged, <c>.card.new</c> or <c>.tmp</c> leftovers, and no <c>procedure_intents</c> row, once recovery ran;
/// (d) the registry agrees with each chip: the certificates it says are loaded are the chip's, and the card-face
/// text is the resident's name, address, birth date and sex;
/// (e) no good certificate exists that no card holds.
/// </summary>
public static class InvariantChecker
{
    /// <summary>Id-kp-OCSPSigning: the delegated responder certificates the server issues at each start.</summary>
    private const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    /// <summary>
    /// The responder certificates (seven days, RFC 6960 §4.2.2.2.1) are recorded without their DER, so a row with no
    /// request, no card and a validity this short is taken for one.
    /// </summary>
    private static readonly TimeSpan ResponderValidity = TimeSpan.FromDays(8);

    private static readonly TimeSpan RecoveryGrace = TimeSpan.FromSeconds(10);

    public static async Task<CheckResult> CheckAsync(ServerProcess server, ChipReader chips)
    {
        var data = server.DataDirectory;
        var findings = new List<Finding>();
        var db = await ReadAfterRecoveryAsync(data);
        var revocation = new RevocationClient(server.Anonymous, data);

        // (c) leftovers of a procedure that recovery should have completed or undone.
        foreach (var intent in db.Intents)
            findings.Add(new("c", $"intent:{intent.Id}", $"procedure_intents row {intent.Id} ({intent.Action}, {intent.Status}, card {intent.CardId?.ToString() ?? "none"}) is still there after recovery"));
        foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".staged", StringComparison.Ordinal) || name.EndsWith(".card.new", StringComparison.Ordinal)
                || name.EndsWith(".tmp", StringComparison.Ordinal))
                findings.Add(new("c", $"leftover:{Path.GetRelativePath(data, file)}", $"leftover file {Path.GetRelativePath(data, file)}"));
        }

        // (b) card files and card rows.
        var cardsDirectory = Path.Combine(data, "cards");
        var files = Directory.Exists(cardsDirectory)
            ? Directory.EnumerateFiles(cardsDirectory).Where(f => f.EndsWith(".card", StringComparison.Ordinal)).ToList()
            : [];
        var chipViews = new Dictionary<Guid, ChipView>();
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!Guid.TryParseExact(name, "N", out var cardId))
            {
                findings.Add(new("b", $"file:{name}", $"card file {Path.GetFileName(file)} is not named after a card id"));
                continue;
            }
            var chip = chips.Read(file);
            if (!db.Cards.ContainsKey(cardId))
            {
                var held = chip is null ? "" : string.Join(", ", chip.Certificates().Select(c =>
                    $"{c.Hierarchy} {c.Serial} ({(db.IsRevoked(c.Hierarchy, c.Serial) ? "revoked" : "not revoked")})"));
                findings.Add(new("b", $"orphan-file:{cardId}", $"card file {cardId:N}.card has no card row (orphan chip{(held.Length > 0 ? $" holding {held}" : "")})"));
            }
            else if (chip is not null)
            {
                chipViews[cardId] = chip;
            }
        }
        foreach (var card in db.Cards.Values.Where(c => c.HasChip && !chipViews.ContainsKey(c.Id)))
            findings.Add(new("b", $"missing-file:{card.Id}", $"card {card.Id} ({card.State}) has no card file"));

        // (d) the registry's view of each chip.
        foreach (var (cardId, chip) in chipViews)
        {
            var card = db.Cards[cardId];
            if (chip.Problem is { } problem)
                findings.Add(new("d", $"chip:{cardId}", $"card {cardId} ({card.State}): {problem}"));
            if (chip.SignatureUnreadable)
                findings.Add(new("d", $"chip-signature:{cardId}", $"card {cardId} ({card.State}): a signature certificate is on the chip, but none of the harness's passwords opens it"));
            if (card.State == "Active")
            {
                foreach (var hierarchy in Hierarchies.Both)
                {
                    var registry = card.SerialOf(hierarchy);
                    var onChip = chip.SerialOf(hierarchy);
                    if (hierarchy == Hierarchies.Signature && chip.SignatureUnreadable)
                        continue;
                    if (registry != onChip)
                        findings.Add(new("d", $"loaded:{cardId}:{hierarchy}:{registry}:{onChip}",
                            $"card {cardId}: the registry says {hierarchy} certificate {registry ?? "none"} is loaded, the chip holds {onChip ?? "none"}"));
                    if (registry is not null && db.Certificate(hierarchy, registry) is null)
                        findings.Add(new("d", $"unissued:{hierarchy}:{registry}", $"card {cardId}: loaded {hierarchy} certificate {registry} is not in issued_certificates"));
                    else if (registry is not null && db.IsRevoked(hierarchy, registry))
                        findings.Add(new("d", $"loaded-revoked:{hierarchy}:{registry}", $"card {cardId}: the registry lists revoked {hierarchy} certificate {registry} as loaded"));
                }
                if (db.Residents.TryGetValue(card.ResidentId, out var resident) && chip.Face is { } face)
                {
                    var differences = new List<string>();
                    if (face.Name != resident.NameOnCard)
                        differences.Add($"name '{resident.NameOnCard}' / chip '{face.Name}'");
                    if (face.Address != resident.Address)
                        differences.Add($"address '{resident.Address}' / chip '{face.Address}'");
                    if (face.BirthDate != resident.BirthDate)
                        differences.Add("birth date");
                    if (face.Sex.ToString() != resident.Sex)
                        differences.Add("sex");
                    if (differences.Count > 0)
                        findings.Add(new("d", $"face:{cardId}:{string.Join(";", differences)}", $"card {cardId}: card face and registry differ: {string.Join(", ", differences)}"));
                }
            }
        }

        // (a) every card certificate: linked when good; OCSP and the CRL agree with the revocations.
        var authorities = revocation.AuthoritySerials;
        var cardCertificates = db.Certificates.Where(c => !IsInfrastructure(c, authorities)).ToList();
        foreach (var hierarchy in Hierarchies.Both)
        {
            var ofHierarchy = cardCertificates.Where(c => c.Hierarchy == hierarchy).ToList();
            var answers = await revocation.StatusesAsync(hierarchy, [.. ofHierarchy.Select(c => c.Serial)]);
            var crl = await revocation.CrlSerialsAsync(hierarchy);
            if (crl is null)
                findings.Add(new("a", $"crl:{hierarchy}", $"the {hierarchy} CRL cannot be fetched"));
            foreach (var certificate in ofHierarchy)
            {
                var ocsp = answers[certificate.Serial];
                var listed = crl?.Contains(RevocationClient.Normalize(certificate.Serial));
                if (db.IsRevoked(hierarchy, certificate.Serial))
                {
                    if (ocsp != OcspAnswer.Revoked)
                        findings.Add(new("a", $"ocsp-revoked:{hierarchy}:{certificate.Serial}", $"OCSP answers {ocsp} for revoked {certificate}"));
                    if (listed == false)
                        findings.Add(new("a", $"crl-missing:{hierarchy}:{certificate.Serial}", $"the published CRL does not list revoked {certificate}"));
                    continue;
                }
                if (ocsp != OcspAnswer.Good)
                    findings.Add(new("a", $"ocsp-good:{hierarchy}:{certificate.Serial}", $"OCSP answers {ocsp} for {certificate}, which is not revoked"));
                if (listed == true)
                    findings.Add(new("a", $"crl-extra:{hierarchy}:{certificate.Serial}", $"the published CRL lists {certificate}, which is not revoked"));
                if (certificate.CardId is not { } linkedCard || !db.Cards.TryGetValue(linkedCard, out var card))
                {
                    findings.Add(new("a", $"orphan:{hierarchy}:{certificate.Serial}",
                        $"{certificate} is good (OCSP: {ocsp}) but linked to {(certificate.CardId is null ? "no card" : $"card {certificate.CardId}, which has no row")} (request {certificate.RequestId?.ToString() ?? "none"}, resident {certificate.ResidentId?.ToString() ?? "none"})"));
                }
                else if (certificate.ResidentId is null || certificate.ResidentId != card.ResidentId)
                {
                    findings.Add(new("a", $"holder:{hierarchy}:{certificate.Serial}",
                        $"{certificate} of card {card.Id} names resident {certificate.ResidentId?.ToString() ?? "none"}, the card's is {card.ResidentId}"));
                }

                // (e) a good certificate is held by a card: the registry lists it as loaded, and that card's chip has it.
                var holders = db.Cards.Values.Where(c => c.SerialOf(hierarchy) == certificate.Serial).ToList();
                var onChip = holders.Where(c => chipViews.TryGetValue(c.Id, out var chip) && chip.SerialOf(hierarchy) == certificate.Serial).ToList();
                if (holders.Count == 0 || onChip.Count == 0)
                {
                    var chipsWithIt = chipViews.Where(v => v.Value.SerialOf(hierarchy) == certificate.Serial).Select(v => v.Key.ToString()).ToList();
                    findings.Add(new("e", $"unheld:{hierarchy}:{certificate.Serial}",
                        $"{certificate} is good but no card holds it: registry lists it on {(holders.Count == 0 ? "no card" : string.Join(", ", holders.Select(h => h.Id)))}, " +
                        $"chips with it: {(chipsWithIt.Count == 0 ? "none" : string.Join(", ", chipsWithIt))}"));
                }
            }
        }

        // (d, e) a chip holding a certificate that the registry does not list as loaded: it must be revoked.
        foreach (var (cardId, chip) in chipViews)
        {
            var card = db.Cards[cardId];
            foreach (var (hierarchy, serial) in chip.Certificates())
            {
                if (card.SerialOf(hierarchy) == serial)
                    continue;
                if (db.Certificate(hierarchy, serial) is null)
                    findings.Add(new("d", $"chip-unissued:{cardId}:{hierarchy}:{serial}", $"card {cardId} ({card.State}): the chip holds {hierarchy} certificate {serial}, which is not in issued_certificates"));
                else if (!db.IsRevoked(hierarchy, serial))
                    findings.Add(new("e", $"chip-unlisted:{cardId}:{hierarchy}:{serial}", $"card {cardId} ({card.State}): the chip holds good {hierarchy} certificate {serial}, which the registry does not list as loaded"));
            }
        }

        return new CheckResult { Db = db, Chips = chipViews, Findings = findings };
    }

    /// <summary>
    /// The snapshot once the start's recovery pass is over: it runs before <c>/health</c> answers; should it run
    /// beside the first requests instead, the checker waits up to <see cref="RecoveryGrace"/> for the intents to go.
    /// </summary>
    private static async Task<RegistrySnapshot> ReadAfterRecoveryAsync(string dataDirectory)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var db = await RegistryDatabase.ReadAsync(dataDirectory);
            if (db.Intents.Count == 0 || waited.Elapsed > RecoveryGrace)
                return db;
            await Task.Delay(250);
        }
    }

    /// <summary>A CA certificate or an OCSP responder certificate, which belong to no card.</summary>
    private static bool IsInfrastructure(CertificateRow row, IReadOnlySet<string> authorities)
    {
        if (authorities.Contains(RevocationClient.Normalize(row.Serial)))
            return true;
        if (row.Der is { } der)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
            var isResponder = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
                .Any(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == OcspSigning));
            return isCa || isResponder;
        }
        return row.RequestId is null && row.CardId is null && row.Validity <= ResponderValidity;
    }
}
