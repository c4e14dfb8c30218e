using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Myna.Pki.Revocation;

namespace Myna.Pki.Ocsp;

/// <summary>
/// An OCSP responder (RFC 6960) for both JPKI hierarchies, answering through a delegated responder per
/// hierarchy (RFC 6960 §4.2.2.2): an RSA key generated in memory at construction (never stored, gone with the
/// process) and a short-lived certificate for it issued by that hierarchy's CA, with id-kp-OCSPSigning and
/// id-pkix-ocsp-nocheck.
/// </summary>
/// <remarks>
/// <para>
/// Hot path: a request for one certificate without a nonce — what RFC 5019 clients and OpenSSL with
/// <c>-no_nonce</c> send — and, under <see cref="OcspNonceHandling.PreSigned"/> (the default), with one, is answered
/// from a cache of signed DER keyed by (hierarchy, serial). A hit parses
/// the request over the input span, formats the serial into stack memory and looks it up through a span key:
/// no allocation and no RSA. An entry is re-signed when half its validity has passed, and is checked again
/// against <see cref="ICertificateStatusSource"/> when <see cref="ICertificateStatusSource.Revision"/> moves
/// (re-signed only if that certificate's status changed).
/// </para>
/// <para>
/// The clock may be moved backwards (a sandbox trying a rule on an earlier day): an answer signed "later" than now
/// is signed again, and a responder certificate whose notBefore is after now is replaced, so that no answer is
/// dated before the certificate that signs it or carries a thisUpdate in the future.
/// </para>
/// <para>
/// A request for several certificates, or with a nonce under <see cref="OcspNonceHandling.Echo"/>, is signed on the spot. Every CertID of one request must
/// name the same authority, since each delegated responder speaks only for its own CA.
/// </para>
/// <para>
/// <see cref="Respond"/> never throws: bytes that are not a DER OCSPRequest get malformedRequest, a CertID
/// matching neither CA by issuerNameHash and issuerKeyHash (SHA-1, SHA-256, SHA-384 or SHA-512) gets
/// unauthorized, and any failure past parsing gets internalError. Safe for concurrent use.
/// </para>
/// </remarks>
public sealed class OcspResponder : IDisposable
{
    /// <summary>How a responder of the server answers a nonce, as configured (<c>Myna:Ocsp:Nonces</c>).</summary>
    public OcspNonceHandling Nonces => _options.Nonces;

    private static readonly byte[] MalformedResponse = ErrorResponse(OcspResponseStatus.MalformedRequest);
    private static readonly byte[] InternalErrorResponse = ErrorResponse(OcspResponseStatus.InternalError);
    private static readonly byte[] UnauthorizedResponse = ErrorResponse(OcspResponseStatus.Unauthorized);

    private const int MaxCachedSerialLength = 32;
    private readonly ICertificateStatusSource _statuses;
    private readonly TimeProvider _clock;
    private readonly OcspResponderOptions _options;
    private readonly Issuer[] _issuers;
    private readonly IIssuedCertificateLog _log;

    /// <summary>
    /// Creates a responder for both authorities, generating a responder key for each and having each CA issue a
    /// responder certificate (recorded in the authorities' issued-certificate log).
    /// </summary>
    /// <param name="authorities">The two CAs. They must stay open as long as the responder (certificates are renewed).</param>
    /// <param name="statuses">Where statuses come from.</param>
    /// <param name="clock">The clock for producedAt, thisUpdate and nextUpdate.</param>
    /// <param name="options">Validity and cache settings; defaults when null.</param>
    public OcspResponder(
        JpkiAuthorities authorities, ICertificateStatusSource statuses, TimeProvider clock, OcspResponderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(clock);
        _options = options ?? new OcspResponderOptions();
        _options.Validate();
        _statuses = statuses;
        _clock = clock;
        _log = authorities.Log;
        _issuers = [new Issuer(authorities.Signature, _options), new Issuer(authorities.Authentication, _options)];
        try
        {
            foreach (var issuer in _issuers)
                issuer.Renew(_options);
            _statuses.CertificateRevoked += OnRevoked;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The current delegated responder certificate of a hierarchy (public part only).</summary>
    public X509Certificate2 ResponderCertificate(JpkiHierarchy hierarchy) =>
        IssuerOf(hierarchy).Identity!.Certificate;

    /// <summary>
    /// Answers one DER OCSPRequest with a DER OCSPResponse (a fresh array the caller may keep and change).
    /// Never throws.
    /// </summary>
    public byte[] Respond(ReadOnlySpan<byte> request) => RespondShared(request, out _).ToArray();

    /// <inheritdoc cref="RespondShared(ReadOnlySpan{byte}, out OcspAnswerValidity?)"/>
    public ReadOnlyMemory<byte> RespondShared(ReadOnlySpan<byte> request) => RespondShared(request, out _);

    /// <summary>
    /// As <see cref="Respond"/>, but a cached answer comes back as the cache's own buffer, without a copy: the
    /// form for an HTTP edge. The bytes stay valid (a later re-signing stores a new buffer).
    /// </summary>
    /// <param name="request">The DER OCSPRequest.</param>
    /// <param name="validity">For a pre-signed answer, the same for every client (no nonce in it): its thisUpdate and
    /// nextUpdate, for an HTTP cache (RFC 5019 §6.2); null for an answer made for this request alone or an error.</param>
    public ReadOnlyMemory<byte> RespondShared(ReadOnlySpan<byte> request, out OcspAnswerValidity? validity)
    {
        validity = null;
        OcspRequestView view;
        try
        {
            view = OcspRequestReader.Read(request, _options.MaxRequestsPerMessage);
        }
#pragma warning disable CA1031 // Any failure to read outside bytes is the client's: malformedRequest (RFC 6960 §2.3).
        catch (Exception)
        {
            return MalformedResponse;
        }
        try
        {
            return Answer(view, out validity);
        }
        catch (Exception)
        {
            return InternalErrorResponse;
        }
#pragma warning restore CA1031
    }

    private ReadOnlyMemory<byte> Answer(OcspRequestView view, out OcspAnswerValidity? validity)
    {
        validity = null;
        var issuer = Match(view.First);
        if (issuer is null)
            return UnauthorizedResponse;
        if (view.Count == 1 && (!view.HasNonce || _options.Nonces == OcspNonceHandling.PreSigned))
            return Cached(issuer, view.First, out validity);

        var list = view.RequestList;
        var singles = new (byte[] CertId, CertificateStatus Status)[view.Count];
        for (var i = 0; i < singles.Length; i++)
        {
            var certId = OcspRequestReader.ReadRequest(list, out var consumed);
            list = list[consumed..];
            if (!ReferenceEquals(Match(certId), issuer))
                return UnauthorizedResponse;
            singles[i] = (certId.Encoded.ToArray(), _statuses.GetStatus(issuer.Hierarchy, Convert.ToHexString(certId.Serial)));
        }
        return Sign(issuer, singles, view.HasNonce ? view.Nonce : default, view.HasNonce, out _);
    }

    private ReadOnlyMemory<byte> Cached(Issuer issuer, CertIdView certId, out OcspAnswerValidity? validity)
    {
        // The key includes the CertID's hash algorithm: the echoed CertID must be the one asked about.
        // RFC 5280 §4.1.2.2: serials are at most 20 octets; a longer one was never issued here (and must not
        // size a stack buffer).
        validity = null;
        if (certId.Serial.Length > MaxCachedSerialLength)
            return Sign(issuer, [(certId.Encoded.ToArray(), CertificateStatus.Unknown)], default, false, out _);
        Span<char> key = stackalloc char[(MaxCachedSerialLength * 2) + 1];
        key = key[..((certId.Serial.Length * 2) + 1)];
        Convert.TryToHexString(certId.Serial, key[1..], out _);
        key[0] = (char)('0' + (int)certId.Hash);

        var now = _clock.GetUtcNow().UtcTicks;
        var revision = _statuses.Revision;
        if (issuer.Lookup.TryGetValue(key, out var entry))
        {
            // Fresh: signed at or before now (not before a clock moved back) and not yet half way to nextUpdate.
            var fresh = now >= entry.ThisUpdateTicks && now < entry.RefreshAtTicks;
            if (fresh && entry.Revision == revision)
            {
                validity = Validity(entry);
                return entry.Der;
            }
            if (fresh)
            {
                // Something was revoked; if not this certificate, the signed answer still holds.
                var current = _statuses.GetStatus(issuer.Hierarchy, new string(key[1..]));
                if (current == entry.Status)
                {
                    issuer.Cache[new string(key)] = entry with { Revision = revision };
                    validity = Validity(entry);
                    return entry.Der;
                }
            }
        }

        var status = _statuses.GetStatus(issuer.Hierarchy, new string(key[1..]));
        var stored = Store(issuer, new string(key), certId.Encoded.ToArray(), status, revision, out var signed);
        validity = Validity(signed);
        return stored;
    }

    /// <summary>
    /// A cached answer's dates: nextUpdate is thisUpdate plus the validity, since a responder certificate covers at
    /// least twice that when it signs (<see cref="ResponderIdentity.Covers"/>).
    /// </summary>
    private OcspAnswerValidity Validity(CachedResponse entry)
    {
        var thisUpdate = new DateTimeOffset(entry.ThisUpdateTicks, TimeSpan.Zero);
        return new OcspAnswerValidity(thisUpdate, thisUpdate + _options.ResponseValidity);
    }

    /// <summary>Signs the answer for one CertID and keeps it under <paramref name="key"/> (hash digit + serial hex).</summary>
    private byte[] Store(Issuer issuer, string key, byte[] certId, CertificateStatus status, long revision) =>
        Store(issuer, key, certId, status, revision, out _);

    private byte[] Store(Issuer issuer, string key, byte[] certId, CertificateStatus status, long revision, out CachedResponse entry)
    {
        var der = Sign(issuer, [(certId, status)], default, false, out var thisUpdate);
        if (issuer.Cache.Count >= _options.MaxCachedResponsesPerHierarchy)
            issuer.Cache.Clear();
        entry = new CachedResponse(
            certId, der, revision, status, thisUpdate.UtcTicks, (thisUpdate + (_options.ResponseValidity / 2)).UtcTicks);
        issuer.Cache[key] = entry;
        return der;
    }

    /// <summary>
    /// Signs ahead of any request the answer to the SHA-1 CertID — what OpenSSL sends by default and RFC 5019
    /// §2.1.1 clients must send — of every certificate in the authorities' issued-certificate log, so that even
    /// the first request for each costs no RSA signature. One signature per certificate; call it at start.
    /// </summary>
    /// <returns>How many answers were signed.</returns>
    public int PresignIssued()
    {
        var revision = _statuses.Revision;
        var count = 0;
        foreach (var record in _log.All)
        {
            var issuer = IssuerOf(record.Hierarchy);
            // CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber } as OpenSSL writes it:
            // sha1 with NULL parameters, and the serial's minimal two's-complement contents.
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("1.3.14.3.2.26");
                    writer.WriteNull();
                }
                writer.WriteOctetString(issuer.NameHashes[(int)CertIdHash.Sha1]);
                writer.WriteOctetString(issuer.KeyHashes[(int)CertIdHash.Sha1]);
                writer.WriteInteger(Convert.FromHexString(record.SerialNumber));
            }
            var status = _statuses.GetStatus(record.Hierarchy, record.SerialNumber);
            Store(issuer, KeyOf(CertIdHash.Sha1, record.SerialNumber), writer.Encode(), status, revision);
            count++;
        }
        return count;
    }

    private static string KeyOf(CertIdHash hash, string serial) => (char)('0' + (int)hash) + serial;

    /// <summary>
    /// Re-signs the cached answers for a certificate the moment it is revoked, so that the next request for it
    /// is a cache hit again. If this fails, the moved revision makes the next request re-check and re-sign.
    /// </summary>
    private void OnRevoked(object? sender, RevokedCertificate revoked)
    {
        try
        {
            var issuer = IssuerOf(revoked.Hierarchy);
            var revision = _statuses.Revision;
            foreach (var hash in (ReadOnlySpan<CertIdHash>)[CertIdHash.Sha1, CertIdHash.Sha256, CertIdHash.Sha384, CertIdHash.Sha512])
            {
                var key = KeyOf(hash, revoked.SerialNumber);
                if (issuer.Cache.TryGetValue(key, out var entry))
                    Store(issuer, key, entry.CertId, _statuses.GetStatus(revoked.Hierarchy, revoked.SerialNumber), revision);
            }
        }
#pragma warning disable CA1031 // An event handler must not throw into the revocation registry.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    private Issuer? Match(CertIdView certId)
    {
        if (certId.Hash == CertIdHash.Unsupported)
            return null;
        foreach (var issuer in _issuers)
        {
            var index = (int)certId.Hash;
            if (certId.NameHash.SequenceEqual(issuer.NameHashes[index]) && certId.KeyHash.SequenceEqual(issuer.KeyHashes[index]))
                return issuer;
        }
        return null;
    }

    private Issuer IssuerOf(JpkiHierarchy hierarchy) =>
        _issuers.FirstOrDefault(i => i.Hierarchy == hierarchy) ?? throw new ArgumentOutOfRangeException(nameof(hierarchy));

    private byte[] Sign(
        Issuer issuer, (byte[] CertId, CertificateStatus Status)[] singles, ReadOnlySpan<byte> nonce, bool hasNonce,
        out DateTimeOffset thisUpdate)
    {
        var now = _clock.GetUtcNow();
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        thisUpdate = now;
        var identity = issuer.Identity!;
        // Renew the responder certificate while the old one still covers every response it signed, and when the
        // clock has been moved back before it (its answers would be dated before it was valid).
        if (!identity.Covers(now, _options))
            identity = issuer.Renew(_options, now);
        var nextUpdate = now + _options.ResponseValidity;
        if (nextUpdate > identity.NotAfter)
            nextUpdate = identity.NotAfter;

        var tbs = new AsnWriter(AsnEncodingRules.DER);
        // ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
        //   producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse, responseExtensions [1] EXPLICIT Extensions OPTIONAL }
        using (tbs.PushSequence())
        {
            // ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash } (explicit tags, RFC 6960 Appendix B.1)
            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
                tbs.WriteOctetString(identity.KeyHash);
            tbs.WriteGeneralizedTime(now, omitFractionalSeconds: true);
            using (tbs.PushSequence())
            {
                foreach (var (certId, status) in singles)
                    WriteSingleResponse(tbs, certId, status, now, nextUpdate);
            }
            if (hasNonce)
            {
                using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                using (tbs.PushSequence())
                using (tbs.PushSequence())
                {
                    // id-pkix-ocsp-nonce, echoed as the client sent it (RFC 6960 §4.4.1)
                    tbs.WriteObjectIdentifier("1.3.6.1.5.5.7.48.1.2");
                    tbs.WriteOctetString(nonce);
                }
            }
        }
        var tbsDer = tbs.Encode();
        var signature = identity.SignData(tbsDer);

        var basic = new AsnWriter(AsnEncodingRules.DER);
        // BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm AlgorithmIdentifier,
        //   signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
        using (basic.PushSequence())
        {
            basic.WriteEncodedValue(tbsDer);
            using (basic.PushSequence())
            {
                basic.WriteObjectIdentifier("1.2.840.113549.1.1.11"); // sha256WithRSAEncryption
                basic.WriteNull();
            }
            basic.WriteBitString(signature);
            using (basic.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (basic.PushSequence())
                basic.WriteEncodedValue(identity.CertificateDer);
        }

        var response = new AsnWriter(AsnEncodingRules.DER);
        // OCSPResponse ::= SEQUENCE { responseStatus OCSPResponseStatus, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
        using (response.PushSequence())
        {
            response.WriteEnumeratedValue(OcspResponseStatus.Successful);
            using (response.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (response.PushSequence())
            {
                // ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
                response.WriteObjectIdentifier("1.3.6.1.5.5.7.48.1.1"); // id-pkix-ocsp-basic
                response.WriteOctetString(basic.Encode());
            }
        }
        return response.Encode();
    }

    private static void WriteSingleResponse(
        AsnWriter writer, byte[] certId, CertificateStatus status, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        // SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
        //   nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL }
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(certId);
            // CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo }
            switch (status.Kind)
            {
                case CertificateStatusKind.Good:
                    writer.WriteNull(new Asn1Tag(TagClass.ContextSpecific, 0));
                    break;
                case CertificateStatusKind.Revoked:
                    // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                    {
                        writer.WriteGeneralizedTime(status.RevokedAt ?? thisUpdate, omitFractionalSeconds: true);
                        if (status.Reason is { } reason)
                        {
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                                writer.WriteEnumeratedValue(reason); // CRLReason values = X509RevocationReason (RFC 5280 §5.3.1)
                        }
                    }
                    break;
                default:
                    writer.WriteNull(new Asn1Tag(TagClass.ContextSpecific, 2));
                    break;
            }
            writer.WriteGeneralizedTime(thisUpdate, omitFractionalSeconds: true);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                writer.WriteGeneralizedTime(nextUpdate, omitFractionalSeconds: true);
        }
    }

    private static byte[] ErrorResponse(OcspResponseStatus status)
    {
        // An unsuccessful OCSPResponse carries no responseBytes (RFC 6960 §4.2.1).
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
            writer.WriteEnumeratedValue(status);
        return writer.Encode();
    }

    public void Dispose()
    {
        _statuses.CertificateRevoked -= OnRevoked;
        foreach (var issuer in _issuers)
            issuer?.Dispose();
    }

    private sealed record CachedResponse(
        byte[] CertId, byte[] Der, long Revision, CertificateStatus Status, long ThisUpdateTicks, long RefreshAtTicks);

    /// <summary>One CA as the responder sees it: the CertID hashes that name it, its responder and its cache.</summary>
    private sealed class Issuer : IDisposable
    {
        private readonly CertificateAuthority _authority;
        private readonly RSA _key;
        private readonly Lock _renewing = new();
        private readonly SignerPool _signers;

        public Issuer(CertificateAuthority authority, OcspResponderOptions options)
        {
            _authority = authority;
            Hierarchy = authority.Hierarchy;
            // issuerNameHash: hash of the issuer's DN; issuerKeyHash: hash of the subjectPublicKey BIT STRING
            // value, excluding tag, length and unused-bits octet (RFC 6960 §4.1.1).
            var name = authority.Certificate.SubjectName.RawData;
            var key = authority.Certificate.PublicKey.EncodedKeyValue.RawData;
            NameHashes = [SHA1.HashData(name), SHA256.HashData(name), SHA384.HashData(name), SHA512.HashData(name)];
            KeyHashes = [SHA1.HashData(key), SHA256.HashData(key), SHA384.HashData(key), SHA512.HashData(key)];
            Cache = new ConcurrentDictionary<string, CachedResponse>(StringComparer.Ordinal);
            Lookup = Cache.GetAlternateLookup<ReadOnlySpan<char>>();
            _key = RSA.Create(options.ResponderKeySizeInBits);
            _signers = new SignerPool(_key);
        }

        public JpkiHierarchy Hierarchy { get; }
        public byte[][] NameHashes { get; }
        public byte[][] KeyHashes { get; }
        public ConcurrentDictionary<string, CachedResponse> Cache { get; }
        public ConcurrentDictionary<string, CachedResponse>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }
        public volatile ResponderIdentity? Identity;

        public ResponderIdentity Renew(OcspResponderOptions options, DateTimeOffset? now = null)
        {
            lock (_renewing)
            {
                // Another thread may have renewed while this one waited.
                if (Identity is { } current && now is { } t && current.Covers(t, options))
                    return current;
                // Valid from the instant of the answer about to be signed, so that its producedAt is never before it.
                var certificate = _authority.IssueOcspResponderCertificate(_key, options.ResponderCertificateValidity, now);
                var identity = new ResponderIdentity(_signers, certificate);
                Identity = identity;
                return identity;
            }
        }

        public void Dispose()
        {
            _signers.Dispose();
            _key.Dispose();
        }
    }

    /// <summary>A responder key with its current certificate.</summary>
    private sealed class ResponderIdentity
    {
        private readonly SignerPool _signers;

        public ResponderIdentity(SignerPool signers, X509Certificate2 certificate)
        {
            _signers = signers;
            Certificate = certificate;
            CertificateDer = certificate.RawData;
            NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            // KeyHash ::= OCTET STRING -- SHA-1 hash of responder's public key (excluding the tag and length
            // and unused-bits fields of the BIT STRING), RFC 6960 §4.2.1
            KeyHash = SHA1.HashData(certificate.PublicKey.EncodedKeyValue.RawData);
        }

        public X509Certificate2 Certificate { get; }
        public byte[] CertificateDer { get; }
        public DateTimeOffset NotBefore { get; }
        public DateTimeOffset NotAfter { get; }
        public byte[] KeyHash { get; }

        /// <summary>Whether this certificate may sign an answer at <paramref name="now"/> without renewal.</summary>
        public bool Covers(DateTimeOffset now, OcspResponderOptions options) =>
            now >= NotBefore && NotAfter - now >= 2 * options.ResponseValidity;

        public byte[] SignData(byte[] data)
        {
            var key = _signers.Rent();
            try
            {
                return key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
            finally
            {
                _signers.Return(key);
            }
        }
    }

    /// <summary>
    /// Copies of one responder key, one per concurrent signer: .NET does not promise that one RSA object signs
    /// safely from several threads, and a lock would hold nonce requests to one core per hierarchy.
    /// </summary>
    private sealed class SignerPool(RSA key) : IDisposable
    {
        private readonly ConcurrentBag<RSA> _idle = [];
        private readonly ConcurrentBag<RSA> _all = [];

        public RSA Rent()
        {
            if (_idle.TryTake(out var rsa))
                return rsa;
            var copy = RSA.Create();
            copy.ImportParameters(key.ExportParameters(includePrivateParameters: true));
            _all.Add(copy);
            return copy;
        }

        public void Return(RSA rsa) => _idle.Add(rsa);

        public void Dispose()
        {
            foreach (var rsa in _all)
                rsa.Dispose();
        }
    }
}

/// <summary>The thisUpdate and nextUpdate of an answer that any client may be given: what an HTTP cache keys its life on.</summary>
public readonly record struct OcspAnswerValidity(DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate);
