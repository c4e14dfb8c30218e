using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Myna.Primitives.Hosting;

namespace Myna.Server.Hosting;

/// <summary>The access log's settings (section <c>Myna:AccessLog</c>).</summary>
public sealed class AccessLogOptions
{
    /// <summary>Whether every request gets a line in the access log. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where its files go; null: <c>logs</c> in the data directory (owner-only).</summary>
    public string? Directory { get; set; }

    /// <summary>How many days of files are kept. Default 30.</summary>
    public int RetainedDays { get; set; } = 30;
}

/// <summary>
/// One line per request for an operator, in the W3C extended log format (<c>#Fields:</c> header): date and time (UTC),
/// client address, method, path, status, protocol, time taken in milliseconds. A request only formats its line and
/// hands it to a queue; one background writer appends what has queued up in one write, a file a day and process
/// (<c>access-YYYYMMDD-PID.log</c>: several server processes may share a directory, and a file is only ever written by
/// one), so that the log costs the request path a few microseconds (docs/performance.md, "Request logging").
/// </summary>
/// <remarks>
/// <para>Written here rather than with ASP.NET Core's W3C logger: that one checks the file's size and flushes it for every
/// line, and a request waits when its queue of 1,024 lines is full — measured, it cut the OCSP responder from about
/// 10,000 to about 1,000 answers a second. Here the queue holds 65,536 lines; should the disk fall that far behind, a
/// line is dropped rather than a request held up, and the count of dropped lines is written into the log.</para>
/// <para>The path only, never the query: a search's query holds names and birth dates, which are not for a log (the
/// framework's own request lines stay below the default level for the same reason, appsettings.json). No header, no
/// cookie, no body. No My Number is ever put into an address, so none is in a path.</para>
/// </remarks>
internal sealed partial class AccessLog : IHostedService, IAsyncDisposable
{
    private const string Fields = "#Fields: date time c-ip cs-method cs-uri-stem sc-status cs-version time-taken";

    private readonly int _retainedDays;
    private readonly TimeProvider _clock;
    private readonly ILogger<AccessLog> _logger;
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(65_536)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private long _dropped;
    private Task? _writing;

    public AccessLog(string directory, int retainedDays, TimeProvider clock, ILogger<AccessLog> logger)
    {
        Directory = directory;
        _retainedDays = Math.Max(1, retainedDays);
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Where the log's files are.</summary>
    public string Directory { get; }

    /// <summary>Queues the line of a finished request.</summary>
    public void Record(HttpContext context, long startedTimestamp)
    {
        var taken = Stopwatch.GetElapsedTime(startedTimestamp);
        var request = context.Request;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{_clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} {context.Connection.RemoteIpAddress?.ToString() ?? "-"} {request.Method} {Stem(request)} {context.Response.StatusCode} {request.Protocol} {taken.TotalMilliseconds:0.###}");
        if (!_lines.Writer.TryWrite(line))
            Interlocked.Increment(ref _dropped);
    }

    /// <summary>The path as the log writes it: escaped, so that a space or a line break in it cannot make another field or line.</summary>
    private static string Stem(HttpRequest request)
    {
        var path = (request.PathBase + request.Path).ToUriComponent();
        return path.Length == 0 ? "/" : path;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        MynaHome.EnsurePrivateDirectory(Directory);
        _writing = Task.Run(WriteAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _lines.Writer.TryComplete();
        if (_writing is { } writing)
            await writing.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        if (_writing is { } writing)
            await writing;
    }

    private async Task WriteAsync()
    {
        var batch = new StringBuilder();
        FileStream? file = null;
        var day = "";
        try
        {
            while (await _lines.Reader.WaitToReadAsync())
            {
                batch.Clear();
                while (batch.Length < 1 << 20 && _lines.Reader.TryRead(out var line))
                    batch.Append(line).Append('\n');
                if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
                    batch.Append(CultureInfo.InvariantCulture, $"#Remark: {dropped} lines dropped: the log could not keep up\n");

                var today = _clock.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                if (file is null || today != day)
                {
                    if (file is not null)
                        await file.DisposeAsync();
                    (file, day) = (Open(today), today);
                    RemoveOldFiles(today);
                }
                try
                {
                    await file.WriteAsync(Encoding.UTF8.GetBytes(batch.ToString()));
                    await file.FlushAsync();
                }
                catch (IOException e)
                {
                    // A full or failing disk loses lines, not requests; it is said once per failing batch.
                    LogWriteFailed(_logger, e);
                }
            }
        }
        finally
        {
            if (file is not null)
                await file.DisposeAsync();
        }
    }

    private FileStream Open(string day)
    {
        var path = Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"access-{day}-{Environment.ProcessId}.log"));
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var file = new FileStream(path, options);
        if (file.Length == 0)
        {
            var header = string.Create(CultureInfo.InvariantCulture,
                $"#Software: Myna\n#Version: 1.0\n#Date: {_clock.GetUtcNow():yyyy-MM-dd HH:mm:ss}\n{Fields}\n");
            file.Write(Encoding.ASCII.GetBytes(header));
        }
        return file;
    }

    /// <summary>Removes the files of days before the retained ones, whichever process wrote them.</summary>
    private void RemoveOldFiles(string today)
    {
        var oldest = DateOnly.ParseExact(today, "yyyyMMdd", CultureInfo.InvariantCulture).AddDays(1 - _retainedDays)
            .ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        foreach (var file in new DirectoryInfo(Directory).GetFiles("access-*.log"))
        {
            // access-YYYYMMDD-PID.log: the date compares as text.
            if (file.Name.Length > 15 && string.CompareOrdinal(file.Name, 7, oldest, 0, 8) < 0)
                file.Delete();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lines of the access log could not be written.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}

internal static class AccessLogExtensions
{
    public static IServiceCollection AddMynaAccessLog(this IServiceCollection services, AccessLogOptions options, MynaHome home)
    {
        if (!options.Enabled)
            return services;
        var directory = string.IsNullOrWhiteSpace(options.Directory) ? Path.Combine(home.Root, "logs") : options.Directory;
        services.AddSingleton(provider => new AccessLog(directory, options.RetainedDays, TimeProvider.System,
            provider.GetRequiredService<ILogger<AccessLog>>()));
        return services.AddHostedService(provider => provider.GetRequiredService<AccessLog>());
    }

    /// <summary>First in the pipeline, so that the time taken covers everything after it.</summary>
    public static IApplicationBuilder UseMynaAccessLog(this IApplicationBuilder app, AccessLogOptions options)
    {
        if (!options.Enabled)
            return app;
        var log = app.ApplicationServices.GetRequiredService<AccessLog>();
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                log.Record(context, started);
            }
        });
    }
}
