using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Myna.Insurance;
using Myna.Issuance;
using Myna.OnlineEligibility.Checks;
using Myna.OnlineEligibility.Receipts;
using Myna.OnlineEligibility.Terminals;
using Myna.Pki.Ocsp;
using Myna.Pki.Revocation;
using Myna.Pki.Verification;
using Myna.Primitives;
using Myna.Primitives.Hosting;
using Myna.Reader;
using Myna.Registry.Applications;
using Myna.Registry.Cards;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Certificates;
using Myna.Storage.Eligibility;
using Myna.Storage.Portal;
using Myna.Testing;
using Myna.Window;
using Myna.Window.Procedures;

namespace Myna.OnlineEligibility.Tests;

/// <summary>
/// The online eligibility service on a temporary data directory: a window (residents and their cards), the authorities'
/// OCSP responder that the service asks, a clinic with a reception terminal. The clock starts on Monday 2026-04-06 at 10:00
/// in Japan.
/// </summary>
public sealed class EligibilityHarness(Func<MynaHome, StorageOptions>? storage = null) : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 4, 6, 10, 0, 0, JapanClock.Offset);

    public static readonly AuditActor Staff = AuditActor.Staff("sato");

    public static readonly Pin AuthenticationPin = Pin.Parse(PinKind.UserAuthentication, "1111").Value;

    private readonly string _root = TestDirectories.Create("myna-eligibility-");
    private ECDsa _receiptKey = null!;
    private TestWindow? _window;

    public FakeTimeProvider Clock { get; } = new(Start);

    public MynaDbContextFactory Contexts { get; private set; } = null!;

    public IssuingSystem Issuing { get; private set; } = null!;

    public MunicipalWindow Window { get; private set; } = null!;

    public OcspResponder Ocsp { get; private set; } = null!;

    public EligibilityService Service { get; private set; } = null!;

    public ReceiptSigner Receipts { get; private set; } = null!;

    public RegisteredTerminal Terminal { get; private set; } = null!;

    public Institutions Institutions { get; private set; } = null!;

    public Insurer Kyokai { get; } = new(Guid.NewGuid(), InsurerNumber.Parse("01070010").Value, "全国健康保険協会福島支部", InsuranceScheme.KyokaiKenpo);

    public async Task InitializeAsync()
    {
        _window = await TestWindow.OpenAsync(_root, Clock, storage);
        (Contexts, Issuing, Window) = (_window.Contexts, _window.Issuing, _window.Window);
        var certificates = _window.Certificates;
        await using (var db = Contexts.CreateDbContext())
        {
            db.AddRange(Municipality.Koriyama(), Kyokai);
            await db.SaveChangesAsync();
        }
        Ocsp = new OcspResponder(Issuing.Authorities, certificates, Clock);
        var verifier = JpkiVerifier.OverOcspInProcess(Issuing.Authorities.Signature.Certificate, Issuing.Authorities.Authentication.Certificate,
            Ocsp, Clock, TimeSpan.FromMinutes(1));
        _receiptKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Receipts = new ReceiptSigner(_receiptKey);
        Institutions = new Institutions(Contexts, Clock);
        _patients = new PatientReferences(RandomNumberGenerator.GetBytes(32));
        _verifier = verifier;
        Service = new EligibilityService(Contexts, Institutions, verifier, Receipts, _patients, new CheckChallenges(_checksSecret), Clock);
        Terminal = (await Institutions.AddAsync("0711234567", "あさひ内科クリニック", InstitutionKind.Clinic, 1))[0];
    }

    private readonly byte[] _checksSecret = RandomNumberGenerator.GetBytes(32);
    private PatientReferences _patients = null!;
    private JpkiVerifier _verifier = null!;

    /// <summary>The service as another server process on the same database runs it: the same secrets, a group commit of its own.</summary>
    public EligibilityService AnotherProcess() =>
        new(Contexts, new Institutions(Contexts, Clock), _verifier, Receipts, _patients, new CheckChallenges(_checksSecret), Clock);

    public Task DisposeAsync()
    {
        _receiptKey.Dispose();
        Ocsp.Dispose();
        _window?.Dispose();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A resident of Koriyama born on <paramref name="birthDate"/> with a delivered card.</summary>
    public async Task<(Resident Resident, CardRecord Card)> PatientAsync(DateOnly birthDate, string givenName = "花子")
    {
        var resident = (await Window.RegisterResidentAsync(new ResidentRegistration(
            "072036", "番号", givenName, "バンゴウ", "ハナコ", birthDate, Sex.Female, "福島県郡山市朝日一丁目２３番７号", birthDate), Staff)).Value;
        var application = (await Window.ApplyForCardAsync(new CardApplicationForm(resident.Id), Staff)).Value;
        var card = (await Window.DeliverCardAsync(application.Id, new DeliveryPins("ABC123", "1111", "2222", "3333"), Staff)).Value;
        return (resident, card);
    }

    /// <summary>The holder's registration of the card for insurance use, as the portal records it (U1.1).</summary>
    public async Task RegisterForInsuranceUseAsync(Guid holder)
    {
        await using var db = Contexts.CreateDbContext();
        var account = new HolderAccount { Id = Guid.NewGuid(), HolderReference = holder, CreatedAt = Clock.GetUtcNow(), LastLoginAt = Clock.GetUtcNow() };
        db.AddRange(account, new InsuranceUseRegistration { HolderReference = holder, AccountId = account.Id, RegisteredAt = Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>Enrols the holder with 協会けんぽ from <paramref name="from"/>, until <paramref name="until"/> when given.</summary>
    public async Task<Enrolment> EnrolAsync(Guid holder, DateOnly from, DateOnly? until = null)
    {
        await using var db = Contexts.CreateDbContext();
        var enrolment = Enrolment.Enrol(Guid.NewGuid(), Kyokai, holder, EnrolmentCard.Create("1234", "56", "01")!, EnrolmentRole.Insured, null, from, IncomeClass.General, []);
        if (until is { } day)
            enrolment.End(day);
        db.Add(enrolment);
        await db.SaveChangesAsync();
        return enrolment;
    }

    /// <summary>The terminal's side with the PIN: the card signs the check's challenge.</summary>
    public CardAnswer WithPin(Guid cardId, byte[] challenge, Consent consent)
    {
        using var chip = Issuing.OpenCard(Window.CardPath(cardId));
        var signed = ChallengeSigner.Sign(new MynaCardClient(new EmulatorTransport(chip)), AuthenticationPin, challenge).Signed!;
        return new CardAnswer(signed.Certificate, signed.Signature, IdentityCheck.Pin, consent);
    }

    /// <summary>The terminal's side after a face check: the certificate alone (read without a PIN).</summary>
    public CardAnswer WithFaceCheck(Guid cardId, Consent consent)
    {
        using var chip = Issuing.OpenCard(Window.CardPath(cardId));
        using var certificate = new MynaCardClient(new EmulatorTransport(chip)).ReadAuthenticationCertificate();
        return new CardAnswer(certificate.RawData, null, IdentityCheck.Face, consent);
    }
}
