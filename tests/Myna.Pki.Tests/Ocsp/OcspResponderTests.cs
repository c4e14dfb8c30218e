using System.Runtime.InteropServices;
using CsCheck;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Myna.Pki.Ocsp;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using static Myna.Pki.Tests.Ocsp.OcspTestKit;
using static Myna.Pki.Tests.TestPki;
using static Myna.Testing.Pki.TestHolder;

namespace Myna.Pki.Tests.Ocsp;

/// <summary>The responder's answers (RFC 6960), read back with BouncyCastle.</summary>
public sealed class OcspResponderTests : IDisposable
{
    private readonly FakeTimeProvider _clock = ClockAt(IssueInstant);
    private readonly JpkiAuthorities _authorities;
    private readonly FakeStatusSource _statuses;
    private readonly OcspResponder _responder;
    private readonly X509Certificate2 _auth;
    private readonly X509Certificate2 _sign;

    public OcspResponderTests()
    {
        _authorities = NewAuthorities(_clock);
        _statuses = new FakeStatusSource(_authorities.Log);
        _responder = new OcspResponder(_authorities, _statuses, _clock);
        _auth = _authorities.Authentication.IssueAuthenticationCertificate(
            CardPublicKey, Hanako.BirthDate, Koriyama, new DateOnly(2035, 1, 2));
        _sign = _authorities.Signature.IssueSignatureCertificate(
            CardPublicKey, new SignatureCertificateSubject(Hanako, Koriyama), new DateOnly(2035, 1, 2));
    }

    public void Dispose()
    {
        _responder.Dispose();
        _auth.Dispose();
        _sign.Dispose();
        _authorities.Dispose();
    }

    private X509Certificate2 AuthCa => _authorities.Authentication.Certificate;

    [Fact]
    public void Respond_IssuedCertificate_IsGoodWithTimesAndSignedByDelegatedResponder()
    {
        var basic = Basic(_responder.Respond(Request(AuthCa, _auth.SerialNumber)));

        var single = Assert.Single(basic.Responses);
        Assert.Null(single.GetCertStatus()); // BouncyCastle: null = good
        Assert.Equal(_auth.SerialNumber, single.GetCertID().SerialNumber.ToString(16).ToUpperInvariant().PadLeft(_auth.SerialNumber.Length, '0'));
        Assert.Equal(IssueInstant.UtcDateTime, single.ThisUpdate);
        Assert.Equal(IssueInstant.UtcDateTime.AddHours(1), single.NextUpdate);
        Assert.Equal(IssueInstant.UtcDateTime, basic.ProducedAt);
        Assert.Null(basic.ResponseExtensions); // no nonce asked, none given

        var responder = Assert.Single(basic.GetCerts());
        Assert.True(basic.Verify(responder.GetPublicKey()));
        responder.Verify(Bc(AuthCa).GetPublicKey()); // throws unless the CA signed it
        Assert.Equal(Bc(AuthCa).SubjectDN, responder.IssuerDN);
        Assert.Contains(KeyPurposeID.id_kp_OCSPSigning.Id, responder.GetExtendedKeyUsage().Select(o => o.Id));
        Assert.NotNull(responder.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNocheck));
        Assert.True(responder.NotAfter <= IssueInstant.UtcDateTime.AddDays(7));
        Assert.Equal(new RespID(responder.GetPublicKey()), basic.ResponderId); // byKey
        Assert.Equal(_responder.ResponderCertificate(JpkiHierarchy.UserAuthentication).RawData, responder.GetEncoded());
    }

    [Fact]
    public void Respond_SignatureHierarchy_IsSignedBySignatureResponder()
    {
        var basic = Basic(_responder.Respond(Request(_authorities.Signature.Certificate, _sign.SerialNumber, hash: Sha256)));

        Assert.Null(Assert.Single(basic.Responses).GetCertStatus());
        var responder = Assert.Single(basic.GetCerts());
        responder.Verify(Bc(_authorities.Signature.Certificate).GetPublicKey());
        Assert.True(basic.Verify(responder.GetPublicKey()));
    }

    [Theory]
    [InlineData(X509RevocationReason.KeyCompromise)]
    [InlineData(X509RevocationReason.CessationOfOperation)]
    [InlineData(X509RevocationReason.Unspecified)]
    public void Respond_RevokedCertificate_GivesTimeAndReason(X509RevocationReason reason)
    {
        var revokedAt = IssueInstant.AddMinutes(5);
        _clock.Advance(TimeSpan.FromMinutes(10));
        _statuses.Revoke(JpkiHierarchy.UserAuthentication, _auth.SerialNumber, revokedAt, reason);

        var single = Assert.Single(Basic(_responder.Respond(Request(AuthCa, _auth.SerialNumber))).Responses);

        var revoked = Assert.IsType<RevokedStatus>(single.GetCertStatus());
        Assert.Equal(revokedAt.UtcDateTime, revoked.RevocationTime);
        Assert.True(revoked.HasRevocationReason);
        Assert.Equal((int)reason, revoked.RevocationReason);
    }

    [Fact]
    public void Respond_SerialNeverIssued_IsUnknown()
    {
        var single = Assert.Single(Basic(_responder.Respond(Request(AuthCa, "4123456789ABCDEF0123456789ABCDEF"))).Responses);
        Assert.IsType<UnknownStatus>(single.GetCertStatus());
    }

    [Fact]
    public void Respond_CertIdHashes_AreEchoedForSha1AndSha256()
    {
        foreach (var hash in new[] { Sha1, Sha256 })
        {
            var id = CertId(AuthCa, _auth.SerialNumber, hash);
            var single = Assert.Single(Basic(_responder.Respond(Request([id]))).Responses);
            Assert.Equal(id, single.GetCertID());
            Assert.Null(single.GetCertStatus());
        }
    }

    [Fact]
    public void Respond_WithNonce_WhenEchoing_EchoesItAndSignsEachTime()
    {
        var nonce1 = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var nonce2 = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();
        using var echoing = new OcspResponder(_authorities, _statuses, _clock, new OcspResponderOptions { Nonces = OcspNonceHandling.Echo });

        var first = Basic(echoing.Respond(Request(AuthCa, _auth.SerialNumber, nonce1)));
        var second = Basic(echoing.Respond(Request(AuthCa, _auth.SerialNumber, nonce2)));

        Assert.Equal(new DerOctetString(nonce1).GetEncoded(), NonceOf(first));
        Assert.Equal(new DerOctetString(nonce2).GetEncoded(), NonceOf(second));
        Assert.True(first.Verify(first.GetCerts()[0].GetPublicKey()));
        Assert.True(second.Verify(second.GetCerts()[0].GetPublicKey()));
    }

    [Fact]
    public void Respond_WithNonce_ByDefault_IsThePreSignedAnswerWithoutTheNonce_Rfc5019()
    {
        var plain = _responder.RespondShared(Request(AuthCa, _auth.SerialNumber), out var validity);
        var withNonce = _responder.RespondShared(Request(AuthCa, _auth.SerialNumber, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()), out var nonceValidity);
        var otherNonce = _responder.RespondShared(Request(AuthCa, _auth.SerialNumber, Enumerable.Range(7, 16).Select(i => (byte)i).ToArray()), out _);

        Assert.Equal(OcspNonceHandling.PreSigned, _responder.Nonces);
        // The very same signed bytes: no RSA signature for either nonce.
        Assert.True(withNonce.Span.SequenceEqual(plain.Span));
        Assert.True(otherNonce.Span.SequenceEqual(plain.Span));
        var basic = Basic(withNonce.ToArray());
        Assert.Null(basic.ResponseExtensions?.GetExtension(OcspObjectIdentifiers.PkixOcspNonce));
        Assert.True(basic.Verify(basic.GetCerts()[0].GetPublicKey()));
        // The dates an HTTP cache keys on are the answer's own.
        var single = Assert.Single(basic.Responses);
        Assert.Equal(new DateTimeOffset(single.ThisUpdate, TimeSpan.Zero), validity!.Value.ThisUpdate);
        Assert.Equal(new DateTimeOffset(single.NextUpdate!.Value, TimeSpan.Zero), validity.Value.NextUpdate);
        Assert.Equal(validity, nonceValidity);
    }

    [Fact]
    public void RespondShared_SeveralCertificates_HasNoSharedValidity()
    {
        var ids = new[] { CertId(AuthCa, _auth.SerialNumber), CertId(AuthCa, "4123456789ABCDEF0123456789ABCDEF", Sha256) };
        _responder.RespondShared(Request(ids), out var validity);
        Assert.Null(validity);
    }

    private static byte[] NonceOf(BasicOcspResp basic) =>
        basic.ResponseExtensions.GetExtension(OcspObjectIdentifiers.PkixOcspNonce).Value.GetOctets();

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Respond_NonceOfZeroOrMoreThan32Octets_IsMalformed_Rfc8954(int length)
    {
        var response = _responder.Respond(Request(AuthCa, _auth.SerialNumber, new byte[length]));
        Assert.Equal(OcspRespStatus.MalformedRequest, Status(response));
    }

    [Fact]
    public void Respond_SeveralCertificatesOfOneIssuer_AnswersEach()
    {
        _statuses.Revoke(JpkiHierarchy.UserAuthentication, _auth.SerialNumber, IssueInstant, X509RevocationReason.Superseded);
        var ids = new[] { CertId(AuthCa, _auth.SerialNumber), CertId(AuthCa, "4123456789ABCDEF0123456789ABCDEF", Sha256) };

        var responses = Basic(_responder.Respond(Request(ids))).Responses;

        Assert.Equal(2, responses.Length);
        Assert.Equal(ids[0], responses[0].GetCertID());
        Assert.IsType<RevokedStatus>(responses[0].GetCertStatus());
        Assert.Equal(ids[1], responses[1].GetCertID());
        Assert.IsType<UnknownStatus>(responses[1].GetCertStatus());
    }

    [Fact]
    public void Respond_CertificatesOfBothHierarchies_IsUnauthorized()
    {
        // Each delegated responder speaks only for the CA that certified it (RFC 6960 §4.2.2.2).
        var ids = new[] { CertId(AuthCa, _auth.SerialNumber), CertId(_authorities.Signature.Certificate, _sign.SerialNumber) };
        Assert.Equal(OcspRespStatus.Unauthorized, Status(_responder.Respond(Request(ids))));
    }

    [Fact]
    public void Respond_UnknownIssuer_IsUnauthorized()
    {
        using var other = JpkiAuthorities.LoadOrCreate(
            new Keys.InMemoryCaKeyStore(), new JpkiAuthorityOptions { OrganizationName = "OTHER" }, ClockAt(IssueInstant));
        Assert.Equal(OcspRespStatus.Unauthorized, Status(_responder.Respond(Request(other.Authentication.Certificate, _auth.SerialNumber))));
        // Right name, wrong key: both hashes must match.
        var id = CertId(AuthCa, _auth.SerialNumber);
        var forged = new CertID(
            new AlgorithmIdentifier(new DerObjectIdentifier(id.HashAlgOid), DerNull.Instance),
            new DerOctetString(id.GetIssuerNameHash()), new DerOctetString(new byte[20]), new DerInteger(id.SerialNumber));
        Assert.Equal(OcspRespStatus.Unauthorized, Status(_responder.Respond(Request([new CertificateID(forged)]))));
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("one zero byte", "00")]
    [InlineData("empty sequence", "3000")]
    [InlineData("empty request list", "30043002" + "3000")]
    [InlineData("integer, not a sequence", "020100")]
    [InlineData("indefinite length (BER)", "3080" + "0000")]
    [InlineData("length beyond the data", "3082FFFF30")]
    public void Respond_NotAnOcspRequest_IsMalformed(string name, string hex)
    {
        _ = name;
        Assert.Equal(OcspRespStatus.MalformedRequest, Status(_responder.Respond(Convert.FromHexString(hex))));
    }

    [Fact]
    public void Respond_EveryTruncationOfAValidRequest_IsMalformed()
    {
        var request = Request(AuthCa, _auth.SerialNumber, nonce: new byte[16]);
        for (var length = 0; length < request.Length; length++)
            Assert.Equal(OcspRespStatus.MalformedRequest, Status(_responder.Respond(request.AsSpan(0, length))));
        Assert.Equal(OcspRespStatus.MalformedRequest, Status(_responder.Respond([.. request, 0x00])));
    }

    [Fact]
    public void Respond_RandomBytes_AreMalformedAndNeverThrow()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var response = _responder.Respond(bytes);
            return Status(response) == OcspRespStatus.MalformedRequest;
        }, iter: 2000);
    }

    [Fact]
    public void Respond_MutatedRequests_NeverThrowAndAlwaysDecode()
    {
        var request = Request(AuthCa, _auth.SerialNumber, nonce: new byte[16]);
        var allowed = new[] { OcspRespStatus.Successful, OcspRespStatus.MalformedRequest, OcspRespStatus.Unauthorized };
        Gen.Select(Gen.Int[0, request.Length - 1], Gen.Byte).Array[1, 4].Sample(edits =>
        {
            var mutated = (byte[])request.Clone();
            foreach (var (at, value) in edits)
                mutated[at] = value;
            var response = _responder.Respond(mutated);
            var status = Status(response);
            if (status == OcspRespStatus.Successful)
                Assert.True(Basic(response).Verify(Basic(response).GetCerts()[0].GetPublicKey()));
            return allowed.Contains(status);
        }, iter: 300);
    }

    [Fact]
    public void RespondShared_SameRequestWithoutNonce_IsServedFromCacheUntilItsStatusChanges()
    {
        var request = Request(AuthCa, _auth.SerialNumber);
        var first = _responder.RespondShared(request);
        _clock.Advance(TimeSpan.FromMinutes(20));
        var second = _responder.RespondShared(request);

        Assert.True(MemoryMarshal.TryGetArray(first, out var a));
        Assert.True(MemoryMarshal.TryGetArray(second, out var b));
        Assert.Same(a.Array, b.Array);
        var lookups = _statuses.Lookups;

        // Another certificate's revocation moves the revision; this answer still holds and is not re-signed.
        _statuses.Revoke(JpkiHierarchy.UserAuthentication, "4123456789ABCDEF0123456789ABCDEF", IssueInstant, X509RevocationReason.KeyCompromise);
        Assert.True(first.Span.SequenceEqual(_responder.RespondShared(request).Span));
        Assert.True(first.Span.SequenceEqual(_responder.RespondShared(request).Span));
        Assert.Equal(lookups + 1, _statuses.Lookups); // checked once after the revision moved, then cached again

        // Its own revocation: a new, revoked answer at once.
        _statuses.Revoke(JpkiHierarchy.UserAuthentication, _auth.SerialNumber, IssueInstant.AddMinutes(20), X509RevocationReason.KeyCompromise);
        var third = _responder.Respond(request);
        Assert.False(first.Span.SequenceEqual(third));
        var revoked = Assert.IsType<RevokedStatus>(Assert.Single(Basic(third).Responses).GetCertStatus());
        Assert.Equal(IssueInstant.AddMinutes(20).UtcDateTime, revoked.RevocationTime);
        Assert.Equal(third, _responder.Respond(request));
    }

    [Fact]
    public void RespondShared_AfterHalfTheValidity_IsSignedAfresh()
    {
        var request = Request(AuthCa, _auth.SerialNumber);
        var first = _responder.Respond(request);
        _clock.Advance(TimeSpan.FromMinutes(31));
        var second = Basic(_responder.Respond(request));

        Assert.NotEqual(first, second.GetEncoded());
        Assert.Equal(IssueInstant.AddMinutes(31).UtcDateTime, Assert.Single(second.Responses).ThisUpdate);
    }

    [Fact]
    public void Respond_NearResponderCertificateExpiry_RenewsIt()
    {
        var before = _responder.ResponderCertificate(JpkiHierarchy.UserAuthentication);
        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(90));

        var basic = Basic(_responder.Respond(Request(AuthCa, _auth.SerialNumber)));

        var responder = Assert.Single(basic.GetCerts());
        Assert.NotEqual(before.RawData, responder.GetEncoded());
        Assert.True(basic.Verify(responder.GetPublicKey()));
        Assert.True(responder.NotAfter > _clock.GetUtcNow().UtcDateTime.AddDays(6));
        Assert.True(Assert.Single(basic.Responses).NextUpdate <= responder.NotAfter);
    }

    [Fact]
    public void Respond_ClockMovedBack_RenewsTheResponder_AndReSignsAnAnswerFromTheFuture_Rfc6960_4_2_2_2()
    {
        // A sandbox's clock: authorities valid from 2000, a responder started "today", the clock then set years back.
        var today = IssueInstant;
        var clock = new MovableClock(today);
        using var authorities = NewAuthorities(clock, new JpkiAuthorityOptions
        {
            FixedAuthorityValidity = JpkiValidity.AuthorityValidityCovering(new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31)),
        });
        using var responder = new OcspResponder(authorities, new FakeStatusSource(authorities.Log), clock);
        var ca = authorities.Authentication.Certificate;
        var back = new DateTimeOffset(2019, 6, 3, 10, 0, 0, Myna.Primitives.JapanClock.Offset);
        clock.Now = back;
        using var card = authorities.Authentication.IssueAuthenticationCertificate(CardPublicKey, Hanako.BirthDate, Koriyama, new DateOnly(2029, 1, 2));
        var request = Request(ca, card.SerialNumber);

        AssertGoodAndDatedNow(responder.Respond(request), clock.Now);

        // Forward a year (the cached answer is re-signed then) and back a year less a day: the answer of 2020 is
        // not served in 2019, and the responder certificate of 2020 does not sign it.
        clock.Now = back.AddDays(366);
        AssertGoodAndDatedNow(responder.Respond(request), clock.Now);
        clock.Now = back.AddDays(1);
        var answer = responder.Respond(request);
        AssertGoodAndDatedNow(answer, clock.Now);
        // … and that fresh answer is the cached one from now on.
        Assert.Equal(answer, responder.Respond(request));

        static void AssertGoodAndDatedNow(byte[] response, DateTimeOffset now)
        {
            var basic = Basic(response);
            var single = Assert.Single(basic.Responses);
            Assert.Null(single.GetCertStatus()); // good
            Assert.Equal(now.UtcDateTime, single.ThisUpdate);
            Assert.Equal(now.UtcDateTime, basic.ProducedAt);
            var signer = Assert.Single(basic.GetCerts());
            Assert.True(basic.Verify(signer.GetPublicKey()));
            // RFC 6960 §4.2.2.2: the delegated responder's certificate is valid when it signs.
            Assert.True(signer.IsValid(now.UtcDateTime), $"responder valid {signer.NotBefore:O} – {signer.NotAfter:O}, answer at {now:O}");
        }
    }

    [Fact]
    public void PresignIssued_AnswersTheFirstSha1RequestWithoutALookupOrSignature()
    {
        Assert.Equal(_authorities.Log.All.Count, _responder.PresignIssued()); // CAs, responders, both card certificates
        var lookups = _statuses.Lookups;

        var first = _responder.RespondShared(Request(AuthCa, _auth.SerialNumber));
        var second = _responder.RespondShared(Request(_authorities.Signature.Certificate, _sign.SerialNumber));

        Assert.Equal(lookups, _statuses.Lookups);
        Assert.Null(Assert.Single(Basic(first.ToArray()).Responses).GetCertStatus());
        Assert.Equal(IssueInstant.UtcDateTime, Assert.Single(Basic(second.ToArray()).Responses).ThisUpdate);
    }

    [Fact]
    public void Revocation_ResignsTheCachedAnswerAtOnce()
    {
        var request = Request(AuthCa, _auth.SerialNumber);
        _responder.Respond(request);
        _clock.Advance(TimeSpan.FromMinutes(3));

        _statuses.Revoke(JpkiHierarchy.UserAuthentication, _auth.SerialNumber, _clock.GetUtcNow(), X509RevocationReason.AffiliationChanged);
        var lookups = _statuses.Lookups;
        var single = Assert.Single(Basic(_responder.Respond(request)).Responses);

        Assert.Equal(lookups, _statuses.Lookups); // served from the cache the event refreshed
        Assert.Equal((int)X509RevocationReason.AffiliationChanged, Assert.IsType<RevokedStatus>(single.GetCertStatus()).RevocationReason);
        Assert.Equal(IssueInstant.AddMinutes(3).UtcDateTime, single.ThisUpdate);
    }

    [Fact]
    public void Respond_SerialLongerThan32Octets_IsUnknownAndDoesNotThrow()
    {
        var serial = "41" + new string('A', 2 * 40);
        var single = Assert.Single(Basic(_responder.Respond(Request(AuthCa, serial))).Responses);
        Assert.IsType<UnknownStatus>(single.GetCertStatus());
    }

    [Fact]
    public void Respond_ConcurrentRequestsWithNonces_WhenEchoing_AreEachSignedCorrectly()
    {
        var results = new byte[64][];
        using var echoing = new OcspResponder(_authorities, _statuses, _clock, new OcspResponderOptions { Nonces = OcspNonceHandling.Echo });
        Parallel.For(0, results.Length, i =>
            results[i] = echoing.Respond(Request(AuthCa, _auth.SerialNumber, nonce: BitConverter.GetBytes((long)i).Concat(new byte[8]).ToArray())));

        for (var i = 0; i < results.Length; i++)
        {
            var basic = Basic(results[i]);
            Assert.True(basic.Verify(basic.GetCerts()[0].GetPublicKey()));
            Assert.Equal(new DerOctetString([.. BitConverter.GetBytes((long)i), .. new byte[8]]).GetEncoded(), NonceOf(basic));
        }
    }
}
