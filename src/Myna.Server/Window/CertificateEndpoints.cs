using Microsoft.AspNetCore.Http.HttpResults;
using Myna.Pki;
using Myna.Server.Staff;
using Myna.Window;

namespace Myna.Server.Window;

/// <summary>Every certificate the authorities issued to a card, found by holder or by serial.</summary>
internal static class CertificateEndpoints
{
    public static IEndpointRouteBuilder MapCertificates(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/residents/{id:guid}/certificates", OfResidentAsync).WithTags("Certificates")
            .RequireAuthorization(StaffPolicies.WindowStaff).WithName("CertificatesOfResident")
            .WithSummary("Every certificate issued to the resident's cards, oldest first, with its status now.");
        endpoints.MapGet("/api/certificates/{hierarchy}/{serial}", BySerialAsync).WithTags("Certificates")
            .RequireAuthorization(StaffPolicies.WindowStaff).WithName("CertificateBySerial")
            .WithSummary("One certificate by hierarchy (Signature, UserAuthentication) and serial (hex).");
        endpoints.MapGet("/api/certificates/{hierarchy}/{serial}/der", DerAsync).WithTags("Certificates")
            .RequireAuthorization(StaffPolicies.WindowStaff).WithName("CertificateDer")
            .WithSummary("The certificate itself (application/pkix-cert).");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<CertificateEntryView>>> OfResidentAsync(Guid id, MunicipalWindow window, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<CertificateEntryView>>([.. (await window.CertificatesOfResidentAsync(id, cancellationToken)).Select(CertificateEntryView.Of)]);

    private static async Task<Results<Ok<CertificateEntryView>, NotFound>> BySerialAsync(
        JpkiHierarchy hierarchy, string serial, MunicipalWindow window, CancellationToken cancellationToken) =>
        await window.CertificateAsync(hierarchy, serial, cancellationToken) is { } entry ? TypedResults.Ok(CertificateEntryView.Of(entry)) : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound>> DerAsync(
        JpkiHierarchy hierarchy, string serial, MunicipalWindow window, CancellationToken cancellationToken) =>
        await window.CertificateAsync(hierarchy, serial, cancellationToken) is { Der: { } der }
            ? TypedResults.File(der, "application/pkix-cert", $"{serial}.cer")
            : TypedResults.NotFound();
}
