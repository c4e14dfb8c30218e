namespace Myna.Documents;

/// <summary>
/// The municipality that issues and seals a certificate: its local government code (全国地方公共団体コード, six digits with
/// the check digit, e.g. <c>072036</c>) and its name from the prefecture on (<c>福島県郡山市</c>).
/// </summary>
/// <remarks>
/// The code's check digit is <c>Myna.Registry</c>'s to check (<c>LocalGovernmentCode</c>); this project, which references
/// only Myna.Primitives, takes its six digits as they are. Equal when code and name are equal.
/// </remarks>
public sealed record IssuingMunicipality
{
    /// <param name="code">Six ASCII digits.</param>
    /// <param name="name">The name as printed on the certificate, e.g. 福島県郡山市.</param>
    /// <exception cref="ArgumentException">The code is not six digits, or the name is empty or holds control characters.</exception>
    public IssuingMunicipality(string code, string name)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
            throw new ArgumentException("A local government code is six digits.", nameof(code));
        Code = code;
        Name = CertificateText.Normalize(name, nameof(name), allowEmpty: false);
    }

    /// <summary>The six digits of the local government code.</summary>
    public string Code { get; }

    /// <summary>The name, from the prefecture on.</summary>
    public string Name { get; }

    public override string ToString() => $"{Code} {Name}";
}
