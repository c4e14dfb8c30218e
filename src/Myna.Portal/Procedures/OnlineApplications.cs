using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Myna.Pki.Verification;
using Myna.Primitives;
using Myna.Primitives.Text;
using Myna.Registry.FamilyRegisters;
using Myna.Registry.Municipalities;
using Myna.Registry.Residents;
using Myna.Storage;
using Myna.Storage.Audit;
using Myna.Storage.Kiosk;
using Myna.Storage.Portal;

namespace Myna.Portal.Procedures;

/// <summary>An application, or why it was not taken.</summary>
public sealed record ApplicationOutcome(OnlineApplication? Application, ApplicationRefusal? Refusal)
{
    public static implicit operator ApplicationOutcome(ApplicationRefusal refusal) => new(null, refusal);

    public static implicit operator ApplicationOutcome(OnlineApplication application) => new(application, null);
}

/// <summary>An application as the municipality reviews it: with its signature verified again now.</summary>
/// <param name="Application">The application.</param>
/// <param name="Verification">The signature's verification now (null when there is none): valid at signing, and whether revoked since.</param>
public sealed record ApplicationReview(OnlineApplication Application, VerificationResult? Verification);

/// <summary>
/// Online applications (ぴったりサービス, U3.2): the holder fills a procedure's form; an application that needs a
/// signature is signed as CMS with the signature certificate and verified like any relying party verifies it (the
/// signer's four details read from the certificate, who must be the applicant); the municipality's staff see it with
/// the verification (again, as of now) and decide; the holder sees its state. The registration for health-insurance use
/// (U3.7, U1.1) is one of these procedures, made good by the login alone.
/// </summary>
public sealed class OnlineApplications(IDbContextFactory<MynaDbContext> contexts, JpkiVerifier verifier, PortalClocks clocks)
{
    private static readonly JsonWriterOptions CanonicalJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Fills in procedure <paramref name="procedureId"/> for the holder; checks every field before anything is kept.</summary>
    public async Task<ApplicationOutcome> CreateAsync(
        Guid accountId, Guid holderReference, string? procedureId, string? municipality, IReadOnlyDictionary<string, string?> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (ProcedureCatalogue.Find(procedureId) is not { } procedure)
            return ApplicationRefusal.UnknownProcedure;
        if (municipality is null || !procedure.IsOfferedBy(municipality))
            return ApplicationRefusal.NotOffered;
        await using var db = contexts.CreateDbContext();
        var resident = await db.Set<Resident>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == holderReference, cancellationToken);
        if (resident is null)
            return ApplicationRefusal.NotYourMunicipality;
        if (procedure.Id == ProcedureCatalogue.KioskUseRegistration)
        {
            // U2.5: to the municipality of 本籍, by a holder registered elsewhere.
            if (resident.Municipality.JisCode == municipality)
                return ApplicationRefusal.UseRegistrationNotNeeded;
            var domicile = LocalGovernmentCode.Parse(municipality).Value;
            if (!await db.Set<FamilyRegister>().AnyAsync(r => r.Municipality == domicile
                    && r.Members.Any(m => m.ResidentId == holderReference && !m.IsRemoved), cancellationToken))
                return ApplicationRefusal.NotYourDomicile;
        }
        else if (resident.Municipality.JisCode != municipality)
            return ApplicationRefusal.NotYourMunicipality;
        if (Check(procedure, fields) is { } refusal)
            return refusal;

        var now = clocks.Civil.GetUtcNow();
        var id = Guid.NewGuid();
        var application = new OnlineApplication
        {
            Id = id,
            AccountId = accountId,
            HolderReference = holderReference,
            ProcedureId = procedure.Id,
            Municipality = municipality,
            Content = Canonical(id, procedure, municipality, now, fields),
            CreatedAt = now,
            State = procedure.Signing == ProcedureSigning.LoginOnly ? OnlineApplicationState.Completed : OnlineApplicationState.AwaitingSignature,
        };
        if (procedure.Id == ProcedureCatalogue.InsuranceUseRegistration)
        {
            if (await db.Set<InsuranceUseRegistration>().AnyAsync(r => r.HolderReference == holderReference, cancellationToken))
                return ApplicationRefusal.AlreadyRegistered;
            db.Add(new InsuranceUseRegistration { HolderReference = holderReference, AccountId = accountId, RegisteredAt = now });
        }
        db.Add(application);
        db.Add(Audit(accountId, application.State == OnlineApplicationState.Completed ? PortalAudit.ApplicationCompleted : PortalAudit.ApplicationCreated,
            application, new($"「{procedure.Title.Japanese}」を申請しました。", $"Applied for \"{procedure.Title.English}\".")));
        await db.SaveChangesAsync(cancellationToken);
        return application;
    }

    /// <summary>
    /// Takes the holder's detached CMS signature over the application's content: verified (signature, chain to the
    /// signature authority, validity and status at signing), made by the applicant (the certificate's name and date of
    /// birth are theirs); then the application is submitted to the municipality.
    /// </summary>
    public async Task<ApplicationOutcome> SignAsync(Guid accountId, Guid applicationId, ReadOnlyMemory<byte> signedData, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var application = await db.Set<OnlineApplication>().SingleOrDefaultAsync(a => a.Id == applicationId && a.AccountId == accountId, cancellationToken);
        if (application is null)
            return new ApplicationOutcome(null, null);
        if (application.State != OnlineApplicationState.AwaitingSignature)
            return ApplicationRefusal.NotAwaitingSignature;
        if (signedData.IsEmpty || signedData.Length > OnlineApplication.MaxSignedDataLength)
            return ApplicationRefusal.Of(new VerificationFailure(VerificationFailureCode.MalformedInput, ""));
        var verification = await verifier.VerifyDetachedDocumentAsync(signedData, Encoding.UTF8.GetBytes(application.Content), cancellationToken);
        if (verification.Failure is { } failure)
            return ApplicationRefusal.Of(failure);
        if (verification.Signer is not { } signer || verification.Certificate?.SerialNumber is not { } serial
            || !await IsApplicantAsync(db, serial, application.HolderReference, cancellationToken))
            return ApplicationRefusal.SignerIsNotApplicant;

        application.SignedData = signedData.ToArray();
        application.SignedAt = verification.SigningTime ?? verification.TimeOfUse;
        application.SignerCertificateSerial = verification.Certificate?.SerialNumber;
        application.SignerName = signer.Name;
        application.State = OnlineApplicationState.Submitted;
        application.Version++;
        db.Add(Audit(accountId, PortalAudit.ApplicationSubmitted, application,
            new("申請に署名して提出しました。", "Signed and submitted the application.")));
        await db.SaveChangesAsync(cancellationToken);
        return application;
    }

    /// <summary>The holder's applications, newest first.</summary>
    public async Task<IReadOnlyList<OnlineApplication>> OfAccountAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<OnlineApplication>().AsNoTracking().Where(a => a.AccountId == accountId).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(a => a.CreatedAt)];
    }

    /// <summary>One of the holder's applications, or null.</summary>
    public async Task<OnlineApplication?> OfAccountAsync(Guid accountId, Guid applicationId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<OnlineApplication>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == applicationId && a.AccountId == accountId, cancellationToken);
    }

    /// <summary>The applications the municipality has to look at (submitted or decided), oldest first; drafts are the holders' own.</summary>
    public async Task<IReadOnlyList<OnlineApplication>> ForMunicipalityAsync(string? municipality, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<OnlineApplication>().AsNoTracking()
            .Where(a => a.State != OnlineApplicationState.AwaitingSignature && (municipality == null || a.Municipality == municipality))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(a => a.CreatedAt)];
    }

    /// <summary>An application for the municipality's review, its signature verified again now; null if none (or a holder's draft).</summary>
    public async Task<ApplicationReview?> ReviewAsync(Guid applicationId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var application = await db.Set<OnlineApplication>().AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == applicationId && a.State != OnlineApplicationState.AwaitingSignature, cancellationToken);
        if (application is null)
            return null;
        var verification = application.SignedData is { } signature
            ? await verifier.VerifyDetachedDocumentAsync(signature, Encoding.UTF8.GetBytes(application.Content), cancellationToken)
            : null;
        return new ApplicationReview(application, verification);
    }

    /// <summary>The municipality accepts or returns a submitted application, with a note to the applicant.</summary>
    public async Task<ApplicationOutcome> DecideAsync(Guid applicationId, bool accept, string? note, AuditActor staff, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var application = await db.Set<OnlineApplication>().SingleOrDefaultAsync(
            a => a.Id == applicationId && a.State != OnlineApplicationState.AwaitingSignature, cancellationToken);
        if (application is null)
            return new ApplicationOutcome(null, null);
        if (application.State != OnlineApplicationState.Submitted)
            return ApplicationRefusal.AlreadyDecided;
        application.State = accept ? OnlineApplicationState.Accepted : OnlineApplicationState.Rejected;
        if (accept && application.ProcedureId == ProcedureCatalogue.KioskUseRegistration)
        {
            // The municipality's kiosk service issues the family-register certificates to the holder from now on (U2.5).
            var code = LocalGovernmentCode.Parse(application.Municipality).Value.Value;
            if (!await db.Set<KioskUseRegistration>().AnyAsync(r => r.HolderReference == application.HolderReference && r.Municipality == code, cancellationToken))
                db.Add(new KioskUseRegistration { HolderReference = application.HolderReference, Municipality = code, RegisteredAt = clocks.Civil.GetUtcNow(), ApplicationId = application.Id });
        }
        application.DecidedBy = staff.Name;
        application.DecidedAt = clocks.Civil.GetUtcNow();
        application.DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        application.Version++;
        db.Add(AuditTrail.NewEntry(clocks.Civil, staff, accept ? PortalAudit.ApplicationAccepted : PortalAudit.ApplicationRejected,
            new AuditSubject(PortalAudit.ApplicationSubject, application.Id.ToString("N")),
            accept ? new LocalizedText("オンライン申請を受理しました。", "Accepted an online application.")
                : new LocalizedText("オンライン申請を返戻しました。", "Returned an online application.")));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApplicationRefusal.AlreadyDecided;
        }
        return application;
    }

    /// <summary>Whether the holder registered the card for health-insurance use.</summary>
    public async Task<bool> IsRegisteredForInsuranceAsync(Guid holderReference, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<InsuranceUseRegistration>().AnyAsync(r => r.HolderReference == holderReference, cancellationToken);
    }

    /// <summary>The first field at fault, or null when the form is complete and well formed.</summary>
    private static ApplicationRefusal? Check(OnlineProcedure procedure, IReadOnlyDictionary<string, string?> fields)
    {
        foreach (var name in fields.Keys)
        {
            if (procedure.Fields.All(f => f.Name != name))
                return ApplicationRefusal.UnknownField(name);
        }
        foreach (var field in procedure.Fields)
        {
            var value = fields.GetValueOrDefault(field.Name)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (field.Required)
                    return ApplicationRefusal.Missing(field);
                continue;
            }
            var why = field.Type switch
            {
                FieldType.Text when value.Length > field.MaxLength || value.Any(char.IsControl) =>
                    new LocalizedText($"{field.MaxLength} 文字以内で入力してください。", $"at most {field.MaxLength} characters."),
                FieldType.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || !CivilDates.Contains(date) =>
                    new LocalizedText("日付を yyyy-MM-dd の形で入力してください。", "a date as yyyy-MM-dd."),
                FieldType.Number when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 9999 =>
                    new LocalizedText("0 から 9999 までの数字で入力してください。", "a whole number from 0 to 9999."),
                FieldType.Choice when field.Choices?.Any(c => c.Value == value) != true =>
                    new LocalizedText("選択肢から選んでください。", "one of the choices."),
                _ => (LocalizedText?)null,
            };
            if (why is { } reason)
                return ApplicationRefusal.Invalid(field, reason);
        }
        return null;
    }

    /// <summary>The application's content as signed: canonical JSON (fixed member order, the form's field order, UTF-8).</summary>
    private static string Canonical(Guid id, OnlineProcedure procedure, string municipality, DateTimeOffset createdAt, IReadOnlyDictionary<string, string?> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, CanonicalJson))
        {
            json.WriteStartObject();
            json.WriteNumber("v", 1);
            json.WriteString("application", id.ToString("N"));
            json.WriteString("procedure", procedure.Id);
            json.WriteString("municipality", municipality);
            json.WriteString("createdAt", createdAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("fields");
            foreach (var field in procedure.Fields)
            {
                if (fields.GetValueOrDefault(field.Name)?.Trim() is { Length: > 0 } value)
                    json.WriteString(field.Name, field.Type == FieldType.Text ? RecordText.Normalize(value) : value);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Whether the signature certificate was issued to the applicant, by the authority's record of whom it issued it
    /// to: two people can share a name, a date of birth and even an address, never a certificate.
    /// </summary>
    private static Task<bool> IsApplicantAsync(MynaDbContext db, string serial, Guid holderReference, CancellationToken cancellationToken)
    {
        var normalised = serial.ToUpperInvariant();
        return db.IssuedCertificates.AnyAsync(
            c => c.Hierarchy == Pki.JpkiHierarchy.Signature && c.SerialNumber == normalised && c.ResidentId == holderReference, cancellationToken);
    }

    // Under the application, whose id is the subject: a record's details never hold long digit strings (the audit trail
    // refuses what could be a My Number, and a hex id can look like one).
    private AuditEntry Audit(Guid accountId, string action, OnlineApplication application, LocalizedText details) =>
        AuditTrail.NewEntry(clocks.Civil, AuditActor.Holder(accountId), action,
            new AuditSubject(PortalAudit.ApplicationSubject, application.Id.ToString("N")), details);
}
