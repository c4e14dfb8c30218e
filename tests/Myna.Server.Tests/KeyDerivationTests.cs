using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Myna.Storage;
using Myna.Storage.Staff;

namespace Myna.Server.Tests;

/// <summary>The key-derivation costs (<c>Myna:KeyDerivation</c>): lowered for tests, never below production's in production.</summary>
public sealed class KeyDerivationTests
{
    [Theory]
    [InlineData("StaffPasswordIterations", "99999")]
    [InlineData("CaKeyFileIterations", "1000")]
    public async Task Production_BelowTheProductionCost_DoesNotStart(string setting, string value)
    {
        await using var server = new MynaServer(mode: "Production", settings: new Dictionary<string, string?>
        {
            ["Myna:KeyDerivation:" + setting] = value,
        });
        var e = Assert.Throws<InvalidOperationException>(() => server.Services);
        Assert.Contains("Myna:KeyDerivation", e.Message, StringComparison.Ordinal);
        Assert.Contains("production", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_ZeroCost_DoesNotStart()
    {
        await using var server = new MynaServer(settings: new Dictionary<string, string?>
        {
            ["Myna:KeyDerivation:StaffPasswordIterations"] = "0",
        });
        var e = Assert.Throws<InvalidOperationException>(() => server.Services);
        Assert.Contains("at least 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_StaffPasswords_AreHashedAtTheConfiguredCost()
    {
        await using var server = new MynaServer();
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<MynaDbContext>>().CreateDbContextAsync();
        var hashes = await db.Set<StaffAccount>().Select(a => a.PasswordHash).ToListAsync();
        Assert.Equal(Myna.Server.Staff.StaffDirectory.SandboxAccounts.Count, hashes.Count);
        Assert.All(hashes, hash => Assert.Equal(MynaServer.TestStaffPasswordIterations, IdentityV3Iterations(hash)));
        // And the hash still admits its password.
        using var _ = await server.SignedInAsync("window", "window-sandbox");
    }

    /// <summary>The iteration count in ASP.NET Core Identity's v3 hash: marker 0x01, PRF, iterations (big-endian), salt, subkey.</summary>
    private static int IdentityV3Iterations(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
    }
}
