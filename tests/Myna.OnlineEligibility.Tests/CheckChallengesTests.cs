using System.Security.Cryptography;
using Myna.OnlineEligibility.Checks;

namespace Myna.OnlineEligibility.Tests;

/// <summary>A check opened without a write: its id tells its opening time and its terminal only to the service's secret.</summary>
public sealed class CheckChallengesTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 6, 1, 2, 3, 456, TimeSpan.Zero);
    private readonly CheckChallenges _checks = new(RandomNumberGenerator.GetBytes(32));
    private readonly Guid _terminal = Guid.NewGuid();

    [Fact]
    public void AnIssuedId_GivesBackItsOpeningTime_ForItsTerminalOnly()
    {
        var id = _checks.Issue(_terminal, Now.AddTicks(1234));
        Assert.Equal(Now, _checks.OpenedAt(id, _terminal));
        Assert.Null(_checks.OpenedAt(id, Guid.NewGuid()));
        Assert.Null(new CheckChallenges(RandomNumberGenerator.GetBytes(32)).OpenedAt(id, _terminal));
    }

    [Fact]
    public void AnIdChangedInAnyBit_IsNoCheck()
    {
        var bytes = _checks.Issue(_terminal, Now).ToByteArray(bigEndian: true);
        for (var bit = 0; bit < 128; bit++)
        {
            var changed = (byte[])bytes.Clone();
            changed[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Null(_checks.OpenedAt(new Guid(changed, bigEndian: true), _terminal));
        }
        Assert.Null(_checks.OpenedAt(Guid.NewGuid(), _terminal));
    }

    [Fact]
    public void IdsOfOneMillisecond_AreAllDifferent_AndSoAreTheirChallenges()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => _checks.Issue(_terminal, Now)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var challenges = ids.Select(id => Convert.ToHexString(_checks.ChallengeOf(id, _terminal))).ToList();
        Assert.Equal(ids.Count, challenges.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(Now, _checks.OpenedAt(id, _terminal)));
    }

    [Fact]
    public void AChallenge_Is32BytesOfTheIdAndTerminal_TheSameEveryTime()
    {
        var id = _checks.Issue(_terminal, Now);
        var challenge = _checks.ChallengeOf(id, _terminal);
        Assert.Equal(32, challenge.Length);
        Assert.Equal(challenge, _checks.ChallengeOf(id, _terminal));
        Assert.NotEqual(challenge, _checks.ChallengeOf(id, Guid.NewGuid()));
        Assert.Throws<ArgumentException>(() => new CheckChallenges(new byte[31]));
    }
}
