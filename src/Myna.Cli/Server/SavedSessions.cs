using System.Text.Json;
using Myna.Primitives.Hosting;

namespace Myna.Cli.Server;

/// <summary>A sign-in kept between commands: who, when, and the session cookie.</summary>
internal sealed record SavedSession(string UserName, DateTimeOffset SignedInAt, IReadOnlyList<SavedCookie> Cookies)
{
    public override string ToString() => $"SavedSession ({UserName})"; // never the cookie
}

/// <summary>
/// The sessions of <c>myna server sign-in</c>, one per server, in <c>$MYNA_HOME/cli/sessions.json</c>: owner-only
/// (0600, directory 0700), replaced atomically. The file holds session cookies, never a password; a cookie is
/// as good as the sign-in until the server's session ends (8 hours unused, 12 hours at most, or ended by an
/// administrator) or <c>myna server sign-out</c>.
/// </summary>
internal sealed class SavedSessions(string path)
{
    public string Path { get; } = path;

    public static SavedSessions Of(MynaHome home) => new(System.IO.Path.Combine(home.Root, "cli", "sessions.json"));

    public SavedSession? Find(Uri server) => Load().GetValueOrDefault(server.AbsoluteUri);

    public void Save(Uri server, SavedSession session)
    {
        var all = Load();
        all[server.AbsoluteUri] = session;
        Write(all);
    }

    /// <returns>True when there was a session for <paramref name="server"/>.</returns>
    public bool Remove(Uri server)
    {
        var all = Load();
        if (!all.Remove(server.AbsoluteUri))
            return false;
        Write(all);
        return true;
    }

    private Dictionary<string, SavedSession> Load()
    {
        if (!File.Exists(Path))
            return new Dictionary<string, SavedSession>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(Path);
            return JsonSerializer.Deserialize<Dictionary<string, SavedSession>>(stream, JsonSerializerOptions.Web)
                   ?? new Dictionary<string, SavedSession>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // A damaged file costs a sign-in, nothing more: it is rewritten at the next one.
            return new Dictionary<string, SavedSession>(StringComparer.Ordinal);
        }
    }

    private void Write(Dictionary<string, SavedSession> all)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(directory);
            else
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // A new owner-only file renamed over the old one: the cookie is never readable by others, not even briefly.
        var temporary = System.IO.Path.Combine(directory, $".sessions.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
                JsonSerializer.Serialize(stream, all, JsonSerializerOptions.Web);
            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
