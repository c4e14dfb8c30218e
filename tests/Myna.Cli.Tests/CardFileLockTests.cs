using Myna.Testing.Tools;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Myna.Card.Image;

namespace Myna.Cli.Tests;

/// <summary>
/// The card file's inter-process lock with real processes: the built <c>myna card attach</c> in a second process
/// holds the window's own card file while the server, <c>card show</c> and <c>card download</c> try to use it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CardFileLockTests(ServerFixture server)
{
    [Fact]
    public async Task AttachInAnotherProcess_HoldsTheCard_UntilItDies_P3()
    {
        var before = await File.ReadAllBytesAsync(server.ServerCardPath);
        // A vpcd port nobody serves: the attach holds the card and waits.
        using var attach = MynaProcess.StartAttach(server.Home.Root, server.ServerCardPath, ServerFixture.FreePort());
        try
        {
            await MynaProcess.WaitForLineAsync(attach, "connecting to vpcd");

            var show = await server.RunAsync("card", "show", server.ServerCardPath);
            Assert.Equal(ExitCodes.CardError, show.Exit);
            Assert.Contains($"card file {server.ServerCardPath} is in use by another process", show.Error, StringComparison.Ordinal);

            // A download never replaces a card file under its holder.
            var download = await server.RunWithAsync(null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword },
                "card", "download", server.CardId, "--server", server.Url, "--user", ServerFixture.WindowUser, "--out", server.ServerCardPath, "--force");
            Assert.Equal(ExitCodes.CardError, download.Exit);
            Assert.Contains("is in use by another process", download.Error, StringComparison.Ordinal);

            // The window waits for the card (CardFileLock.DefaultTimeout), then gives up without touching it.
            using var window = await server.SignedInAsync(ServerFixture.WindowUser, ServerFixture.WindowPassword);
            var waited = Stopwatch.StartNew();
            using (var refused = await PinResetAsync(window))
                Assert.False(refused.IsSuccessStatusCode, $"{refused.StatusCode}: the PIN reset went through while the card was attached elsewhere");
            Assert.True(waited.Elapsed >= CardFileLock.DefaultTimeout, $"gave up after {waited.Elapsed}");
            Assert.Equal(before, await File.ReadAllBytesAsync(server.ServerCardPath));
        }
        finally
        {
            // SIGKILL: the attach cannot clean up; the OS drops its lock with its open files.
            attach.Kill(entireProcessTree: true);
            await attach.WaitForExitAsync();
        }

        using (var window = await server.SignedInAsync(ServerFixture.WindowUser, ServerFixture.WindowPassword))
        using (var reset = await PinResetAsync(window))
            Assert.True(reset.StatusCode == HttpStatusCode.OK, $"{reset.StatusCode}: {await reset.Content.ReadAsStringAsync()}");
        Assert.NotEqual(before, await File.ReadAllBytesAsync(server.ServerCardPath));
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync("card", "show", server.ServerCardPath)).Exit);
    }

    [Fact]
    public async Task CardOpenInThisProcess_AttachAndShowAreRefusedAtOnce()
    {
        var path = server.NewPath("held");
        var download = await server.RunWithAsync(null, new Dictionary<string, string> { ["MYNA_PASSWORD"] = ServerFixture.WindowPassword },
            "card", "download", server.CardId, "--server", server.Url, "--user", ServerFixture.WindowUser, "--out", path);
        Assert.True(download.Exit == ExitCodes.Ok, download.ToString());

        using (var held = CardFileLock.Acquire(path, TimeSpan.Zero))
        {
            var waited = Stopwatch.StartNew();
            var attach = await server.RunAsync("card", "attach", path, "--vpcd-port", ServerFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(ExitCodes.CardError, attach.Exit);
            Assert.Contains($"card file {path} is in use by another process", attach.Error, StringComparison.Ordinal);
            Assert.True(waited.Elapsed < CardFileLock.DefaultTimeout, "the CLI does not wait for a card in use");
            Assert.Equal(ExitCodes.CardError, (await server.RunAsync("card", "show", path)).Exit);
        }
        Assert.Equal(ExitCodes.Ok, (await server.RunAsync("card", "show", path)).Exit);
    }

    /// <summary>P3 at the window: opens the card file to set the input-assist PIN anew (to the same PIN, so other tests are unaffected).</summary>
    private Task<HttpResponseMessage> PinResetAsync(HttpClient window) =>
        window.PostAsJsonAsync($"api/cards/{server.CardId}/pin-reset", new { kind = "TextInputAssist", newPin = ServerFixture.TextPin });
}
