namespace Myna.Card.Tests;

/// <summary>
/// Runs an APDU script against a chip. A step is <c>"CMD → EXPECTED"</c>: EXPECTED is matched against the end
/// of the response in hex (so <c>9000</c> checks the status word, a longer value checks data too), or
/// <c>#N SW</c> for N data bytes and that status word.
/// </summary>
internal static class Script
{
    public static void Run(ISmartCardChip chip, string script)
    {
        foreach (var raw in script.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = raw.Split('→', StringSplitOptions.TrimEntries);
            Assert.Equal(2, parts.Length);
            var response = chip.Send(parts[0]);
            var expected = parts[1].Replace(" ", "", StringComparison.Ordinal);
            if (expected.StartsWith('#'))
            {
                var hash = parts[1].TrimStart('#').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var length = int.Parse(hash[0], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(response.Length == (length * 2) + 4 && response.EndsWith(hash[1], StringComparison.Ordinal),
                    $"{parts[0]}: expected {length} bytes + {hash[1]}, got {response.Length / 2 - 2} bytes + {response[^4..]}");
            }
            else
            {
                Assert.True(response.EndsWith(expected, StringComparison.OrdinalIgnoreCase),
                    $"{parts[0]}: expected …{expected}, got {(response.Length > 40 ? "…" + response[^40..] : response)}");
            }
        }
    }
}
