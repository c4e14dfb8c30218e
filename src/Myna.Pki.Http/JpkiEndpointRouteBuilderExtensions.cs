namespace Myna.Pki.Http;

/// <summary>
/// Maps the JPKI authorities' public HTTP services onto a host: <see cref="MapJpkiOcsp(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string)"/>
/// here, CRL publishing (<c>MapJpkiCrl</c>) in its own file of this partial class.
/// </summary>
public static partial class JpkiEndpointRouteBuilderExtensions
{
}
