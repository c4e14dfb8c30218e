using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Revocation;
using static Myna.Pki.Tests.TestPki;
using Myna.Testing.Pki;

namespace Myna.Pki.Tests.Revocation;

public sealed class CrlPublisherTests : IDisposable
{
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    private const string CrlNumberOid = "2.5.29.20";
    private const string AkiOid = "2.5.29.35";
    private readonly TestJpki _pki = new(now: IssueInstant);
    private readonly CrlPublisher _auth;
    private readonly CrlPublisher _sign;

    public CrlPublisherTests()
    {
        _auth = new CrlPublisher(_pki.Authorities.Authentication, _pki.Registry, _pki.Clock);
        _sign = new CrlPublisher(_pki.Authorities.Signature, _pki.Registry, _pki.Clock);
    }

    public void Dispose()
    {
        _auth.Dispose();
        _sign.Dispose();
        _pki.Dispose();
    }

    private DateTimeOffset Now => _pki.Clock.GetUtcNow();

    [Fact]
    public void FirstCrl_IsAnEmptySignedV2CrlWithNumberOneAndAki()
    {
        var crl = DecodedCrl.Decode(_auth.CurrentCrl);
        var ca = _pki.Authorities.Authentication.Certificate;

        Assert.Equal(1, crl.Version); // v2 (RFC 5280 §5.1.2.1)
        Assert.Equal(Sha256WithRsa, crl.SignatureAlgorithm);
        Assert.Equal(ca.SubjectName.RawData, crl.Issuer.ToArray());
        Assert.Equal(IssueInstant, crl.ThisUpdate);
        Assert.Equal(IssueInstant.AddHours(24), crl.NextUpdate);
        Assert.Empty(crl.Entries);
        Assert.Equal(BigInteger.One, crl.CrlNumber);
        Assert.Equal(BigInteger.One, _auth.CurrentNumber);
        var ski = ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray();
        Assert.Equal(ski, crl.AuthorityKeyIdentifier);
        // Exactly AKI and CRL number; no issuingDistributionPoint: one full CRL for the hierarchy.
        Assert.Equal([CrlNumberOid, AkiOid], crl.ExtensionOids.Order(StringComparer.Ordinal));
        Assert.True(crl.IsSignedBy(ca));
        Assert.False(crl.IsSignedBy(_pki.Authorities.Signature.Certificate));
    }

    [Fact]
    public void FrameworkLoader_ReadsTheCrlNumber()
    {
        CertificateRevocationListBuilder.Load(_auth.CurrentCrl, out var number);
        Assert.Equal(BigInteger.One, number);
    }

    [Fact]
    public void Revocation_ReissuesAtOnce_WithTheNextNumberAndTheEntry_L1()
    {
        var auth = _pki.IssueAuthentication();
        _pki.FakeClock.Advance(TimeSpan.FromMinutes(5));

        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardLost, Now);

        var crl = DecodedCrl.Decode(_auth.CurrentCrl);
        Assert.Equal(new BigInteger(2), crl.CrlNumber);
        Assert.Equal(IssueInstant.AddMinutes(5), crl.ThisUpdate);
        Assert.Equal(IssueInstant.AddMinutes(5).AddHours(24), crl.NextUpdate);
        var entry = Assert.Single(crl.Entries);
        Assert.Equal(new DecodedCrlEntry(auth.SerialNumber, IssueInstant.AddMinutes(5), X509RevocationReason.KeyCompromise), entry);
        Assert.True(crl.IsSignedBy(_pki.Authorities.Authentication.Certificate));
    }

    [Fact]
    public void Revocation_InTheOtherHierarchy_DoesNotReissue_E1()
    {
        var sign = _pki.IssueSignature();
        var before = _auth.CurrentCrl;

        _pki.Registry.Revoke(JpkiHierarchy.Signature, sign.SerialNumber, RevocationReasons.ForDetailsChanged, Now);

        Assert.Equal(before, _auth.CurrentCrl);
        Assert.Equal(BigInteger.One, _auth.CurrentNumber);
        var signCrl = DecodedCrl.Decode(_sign.CurrentCrl);
        Assert.Equal(new BigInteger(2), signCrl.CrlNumber);
        Assert.Equal(X509RevocationReason.AffiliationChanged, Assert.Single(signCrl.Entries).Reason);
    }

    [Fact]
    public void FullCrl_ListsEveryRevocationOldestFirst_WithItsReason_L1_M1_V5_V7()
    {
        var certificates = new[] { _pki.IssueSignature(), _pki.IssueSignature(), _pki.IssueSignature(), _pki.IssueSignature() };
        var reasons = new[]
        {
            RevocationReasons.ForCardLost, RevocationReasons.ForDetailsChanged,
            RevocationReasons.ForCardLapsed, RevocationReasons.ForReissue,
        };
        for (var i = 0; i < certificates.Length; i++)
        {
            _pki.FakeClock.Advance(TimeSpan.FromSeconds(10));
            _pki.Registry.Revoke(JpkiHierarchy.Signature, certificates[i].SerialNumber, reasons[i], Now);
        }

        var crl = DecodedCrl.Decode(_sign.CurrentCrl);

        Assert.Equal(new BigInteger(5), crl.CrlNumber);
        Assert.Equal(certificates.Select(c => c.SerialNumber), crl.Entries.Select(e => e.SerialNumber));
        Assert.Equal(reasons.Select(r => (X509RevocationReason?)r), crl.Entries.Select(e => e.Reason));
        Assert.Equal(Enumerable.Range(1, 4).Select(i => IssueInstant.AddSeconds(10 * i)), crl.Entries.Select(e => e.RevocationDate));
    }

    [Fact]
    public void AlreadyRevoked_DoesNotReissue()
    {
        var auth = _pki.IssueAuthentication();
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardLost, Now);
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardExpired, Now);
        Assert.Equal(new BigInteger(2), _auth.CurrentNumber);
        Assert.Equal(X509RevocationReason.KeyCompromise, Assert.Single(DecodedCrl.Decode(_auth.CurrentCrl).Entries).Reason);
    }

    [Fact]
    public void UnspecifiedReason_LeavesTheReasonCodeOut_Rfc5280_5_3_1()
    {
        var auth = _pki.IssueAuthentication();
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, X509RevocationReason.Unspecified, Now);
        var entry = Assert.Single(DecodedCrl.Decode(_auth.CurrentCrl).Entries);
        Assert.Null(entry.Reason);
    }

    [Fact]
    public void RefreshIfDue_BeforeTheMargin_KeepsTheCrl()
    {
        var before = _auth.CurrentCrl;
        _pki.FakeClock.Advance(TimeSpan.FromHours(23) - TimeSpan.FromSeconds(1));

        Assert.False(_auth.RefreshIfDue());

        Assert.Equal(before, _auth.CurrentCrl);
        Assert.Equal(IssueInstant.AddHours(24), _auth.NextUpdate);
    }

    [Fact]
    public void RefreshIfDue_WithinTheMargin_IssuesTheNextCrl()
    {
        var auth = _pki.IssueAuthentication();
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardExpired, Now);
        var published = 0;
        _auth.Published += (_, _) => published++;
        _pki.FakeClock.Advance(TimeSpan.FromHours(23));

        Assert.True(_auth.RefreshIfDue());
        Assert.False(_auth.RefreshIfDue());

        var crl = DecodedCrl.Decode(_auth.CurrentCrl);
        Assert.Equal(1, published);
        Assert.Equal(new BigInteger(3), crl.CrlNumber);
        Assert.Equal(IssueInstant.AddHours(23), crl.ThisUpdate);
        Assert.Equal(IssueInstant.AddHours(47), crl.NextUpdate);
        Assert.Equal(X509RevocationReason.CessationOfOperation, Assert.Single(crl.Entries).Reason);
    }

    [Fact]
    public void RefreshIfDue_ClockMovedBackBeforeThisUpdate_IssuesACrlDatedNow_Rfc5280_5_1_2_4()
    {
        // A sandbox's clock set years back: a CRL from the "future" would be refused by every relying party.
        var clock = new MovableClock(IssueInstant);
        var registry = new CertificateRegistry();
        using var authorities = JpkiAuthorities.LoadOrCreate(new TestCaKeyStore(), new JpkiAuthorityOptions
        {
            FixedAuthorityValidity = JpkiValidity.AuthorityValidityCovering(new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31)),
        }, clock, registry);
        using var publisher = new CrlPublisher(authorities.Authentication, registry, clock);
        Assert.False(publisher.RefreshIfDue());

        clock.Now = new DateTimeOffset(2019, 6, 3, 10, 0, 0, Myna.Primitives.JapanClock.Offset);
        Assert.True(publisher.RefreshIfDue());
        Assert.False(publisher.RefreshIfDue());

        var crl = DecodedCrl.Decode(publisher.CurrentCrl);
        Assert.Equal(clock.Now, crl.ThisUpdate);
        Assert.Equal(clock.Now.AddHours(24), crl.NextUpdate);
        Assert.Equal(new BigInteger(2), crl.CrlNumber);
    }

    [Fact]
    public void Options_FirstNumberValidityAndMargin_AreHonoured()
    {
        var options = new CrlPublisherOptions
        {
            FirstNumber = new BigInteger(1000), Validity = TimeSpan.FromHours(6), RefreshMargin = TimeSpan.FromMinutes(30),
        };
        using var publisher = new CrlPublisher(_pki.Authorities.Authentication, _pki.Registry, _pki.Clock, options);
        var crl = DecodedCrl.Decode(publisher.CurrentCrl);
        Assert.Equal(new BigInteger(1000), crl.CrlNumber);
        Assert.Equal(IssueInstant.AddHours(6), crl.NextUpdate);

        _pki.FakeClock.Advance(TimeSpan.FromHours(5.5));
        Assert.True(publisher.RefreshIfDue());
        Assert.Equal(new BigInteger(1001), publisher.CurrentNumber);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(1, -1)]
    public void Options_Invalid_Throw(int validityHours, int marginHours)
    {
        var options = new CrlPublisherOptions
        {
            Validity = TimeSpan.FromHours(validityHours), RefreshMargin = TimeSpan.FromHours(marginHours),
        };
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new CrlPublisher(_pki.Authorities.Authentication, _pki.Registry, _pki.Clock, options));
    }

    [Fact]
    public void CrlNumbers_NeverRepeat_UnderConcurrentRevocationsAndRefreshes()
    {
        var certificates = Enumerable.Range(0, 8).Select(_ => _pki.IssueAuthentication()).ToArray();
        Parallel.For(0, 16, i =>
        {
            if (i < certificates.Length)
                _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, certificates[i].SerialNumber, RevocationReasons.ForCardLost, Now);
            else
                _auth.Publish();
        });

        Assert.Equal(new BigInteger(17), _auth.CurrentNumber);
        Assert.Equal(8, DecodedCrl.Decode(_auth.CurrentCrl).Entries.Count);
    }

    [Fact]
    public void Current_HoldsTheDerPemNumberAndTimesOfOneCrl()
    {
        var current = _auth.Current;
        Assert.Equal(_auth.CurrentCrl, current.Der.ToArray());
        Assert.Equal(_auth.CurrentCrlPem, current.Pem);
        var decoded = DecodedCrl.Decode(current.Der.ToArray());
        Assert.Equal(decoded.CrlNumber, current.Number);
        Assert.Equal(decoded.ThisUpdate, current.ThisUpdate);
        Assert.Equal(decoded.NextUpdate, current.NextUpdate);
    }

    [Fact]
    public void Pem_IsTheDerWrapped()
    {
        var pem = _auth.CurrentCrlPem;
        Assert.StartsWith("-----BEGIN X509 CRL-----", pem, StringComparison.Ordinal);
        var parsed = System.Security.Cryptography.PemEncoding.Find(pem);
        Assert.Equal(_auth.CurrentCrl, Convert.FromBase64String(pem[parsed.Base64Data]));
    }

    [Fact]
    public void Dispose_StopsFollowingRevocations()
    {
        var auth = _pki.IssueAuthentication();
        _auth.Dispose();
        _pki.Registry.Revoke(JpkiHierarchy.UserAuthentication, auth.SerialNumber, RevocationReasons.ForCardLost, Now);
        Assert.Equal(BigInteger.One, _auth.CurrentNumber);
        Assert.Throws<ObjectDisposedException>(() => _auth.RefreshIfDue());
    }
}
