using System.Security.Cryptography;

namespace Myna.Issuance;

/// <summary>Card public keys as the registry stores them: SubjectPublicKeyInfo DER.</summary>
internal static class CardKeys
{
    public static byte[] ToSubjectPublicKeyInfo(RSAParameters publicKey)
    {
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = publicKey.Modulus, Exponent = publicKey.Exponent });
        return rsa.ExportSubjectPublicKeyInfo();
    }

    public static RSAParameters FromSubjectPublicKeyInfo(byte[] spki)
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(spki, out _);
        return rsa.ExportParameters(includePrivateParameters: false);
    }
}
