using Myna.Pki.Ocsp;
using Myna.Pki.Verification;
using Myna.Testing;

namespace Myna.Pki.Tests.Verification;

/// <summary>
/// The fuzzing corpus kept in the repository (fuzz/corpus, docs/fuzzing.md), replayed in every test run against the
/// verifier and the OCSP responder: every input is answered (a verdict, a malformed answer), never an exception. The
/// <c>regression-*</c> inputs are what the fuzzer once found thrown out of the verifier.
/// </summary>
public sealed class FuzzCorpusTests : IDisposable
{
    private readonly VerificationTestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    public static TheoryData<string> Inputs(string target) =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "fuzz", "corpus", target)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> CmsInputs => Inputs("cms");

    public static TheoryData<string> LoginInputs => Inputs("login");

    public static TheoryData<string> OcspInputs => Inputs("ocsp-request");

    private static byte[] Read(string target, string name) => File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "fuzz", "corpus", target, name));

    [Theory]
    [MemberData(nameof(CmsInputs))]
    public async Task SignedDocument_IsAVerdict(string name)
    {
        var input = Read("cms", name);
        var attached = await _pki.Verifier.VerifyDocumentAsync(input);
        var detached = await _pki.Verifier.VerifyDetachedDocumentAsync(input, "content"u8.ToArray());
        Assert.True(attached.IsValid || attached.Failure is not null);
        Assert.True(detached.IsValid || detached.Failure is not null);
        if (name.StartsWith("regression-", StringComparison.Ordinal))
            Assert.Equal(VerificationFailureCode.MalformedInput, attached.Failure?.Code);
    }

    [Theory]
    [MemberData(nameof(LoginInputs))]
    public async Task Login_IsAVerdict(string name)
    {
        // The fuzz target's form: the whole input as the certificate, or certificate, challenge and signature each
        // behind a 16-bit length.
        var input = Read("login", name);
        var result = await _pki.Verifier.VerifyLoginAsync("challenge"u8.ToArray(), new byte[256], input);
        Assert.NotNull(result.Failure);
        if (name.StartsWith("regression-", StringComparison.Ordinal))
            Assert.Equal(VerificationFailureCode.MalformedInput, result.Failure.Code);
    }

    [Theory]
    [MemberData(nameof(OcspInputs))]
    public void OcspRequest_IsAnswered(string name)
    {
        using var responder = new OcspResponder(_pki.Authorities, _pki.Registry, _pki.Clock);
        var answer = responder.Respond(Read("ocsp-request", name));
        Assert.Equal(0x30, answer[0]);
    }
}
