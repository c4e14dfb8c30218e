using System.Text;

namespace Myna.Card.Files;

/// <summary>
/// JPKI EF0006: a PKCS#11 <c>CK_TOKEN_INFO</c> of 160 bytes with 32-bit big-endian CK_ULONGs, label
/// <c>JPKIAPICCTOKEN2</c> space-padded (card-interface §2.1, [V MC jpki.rs]).
/// </summary>
internal static class TokenInfo
{
    public const string Label = "JPKIAPICCTOKEN2";
    public const int Length = 160;

    public static byte[] Create()
    {
        // label[32] manufacturerID[32] model[16] serialNumber[16] | 11 CK_ULONGs (44) | 2 versions (4) | utcTime[16]
        var info = new byte[Length];
        info.AsSpan(0, 96).Fill((byte)' ');
        Encoding.ASCII.GetBytes(Label, info);
        Encoding.ASCII.GetBytes("JPKI", info.AsSpan(32));
        info.AsSpan(144, 16).Fill((byte)' ');
        return info;
    }
}
