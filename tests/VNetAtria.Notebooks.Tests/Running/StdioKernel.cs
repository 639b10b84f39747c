using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>One event of the kernel, as it arrives on stdout: its type, its payload and the token of its command.</summary>
/// <param name="EventType">E.g. <c>ReturnValueProduced</c>, <c>CommandSucceeded</c>.</param>
/// <param name="Event">The event's payload (<c>formattedValues</c>, <c>message</c>, <c>diagnostics</c> ...).</param>
/// <param name="Token">The token of the command the event belongs to (a child command's token is the parent's plus ".N").</param>
public sealed record KernelEvent(string EventType, JsonObject Event, string? Token);

/// <summary>
/// A <c>dotnet-interactive stdio</c> process driven over its JSON protocol, one command per line each way:
/// commands <c>{"token", "commandType", "command"}</c> on stdin, events <c>{"eventType", "event", "command": {"token",
/// ...}, "routingSlip"}</c> on stdout (lines that are not JSON, such as a banner, are skipped). A submission is done
/// when <c>CommandSucceeded</c> or <c>CommandFailed</c> arrives with its own token. Disposing sends <c>Quit</c>, which
/// the kernel needs to exit (with stdin merely closed it spins), and kills it if it does not exit in time.
/// </summary>
public sealed class StdioKernel : IAsyncDisposable
{
    /// <summary>How much of the kernel's stderr is kept for error messages.</summary>
    private const int StderrKept = 8000;

    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(15);

    private readonly Process process;
    private readonly Channel<KernelEvent> events = Channel.CreateUnbounded<KernelEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StringBuilder stderr = new();
    private readonly Task reader;
    private int nextToken;

    private StdioKernel(Process process)
    {
        this.process = process;
        reader = Task.Run(ReadEventsAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
                if (stderr.Length > 2 * StderrKept) stderr.Remove(0, stderr.Length - StderrKept);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>True once disposing found the kernel exited after <c>Quit</c> (false: it had to be killed).</summary>
    public bool ExitedOnQuit { get; private set; }

    /// <summary>The kernel's recent stderr (for failure messages).</summary>
    public string StandardError
    {
        get { lock (stderr) return stderr.ToString(); }
    }

    /// <summary>
    /// Starts the pinned tool's stdio kernel with C# as its default language, <paramref name="workingDirectory"/> as
    /// its working directory, and <paramref name="environment"/> added to this process's environment; waits until it
    /// reports <c>KernelReady</c>.
    /// </summary>
    public static async Task<StdioKernel> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var info = DotnetInteractiveTool.StartInfo("stdio", "--default-kernel", "csharp", "--working-dir", workingDirectory);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.StandardInputEncoding = new UTF8Encoding(false);
        info.StandardOutputEncoding = Encoding.UTF8;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var kernel = new StdioKernel(Process.Start(info) ?? throw new InvalidOperationException("dotnet-interactive did not start."));
        try
        {
            await kernel.NextAsync(e => e.EventType == "KernelReady", "KernelReady", cancellationToken);
            return kernel;
        }
        catch
        {
            await kernel.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Submits <paramref name="code"/> to the C# kernel and returns every event of that submission (its own and its
    /// child commands'), the last being <c>CommandSucceeded</c> or <c>CommandFailed</c>.
    /// </summary>
    public async Task<IReadOnlyList<KernelEvent>> SubmitAsync(string code, CancellationToken cancellationToken = default)
    {
        var token = $"vnetatria-{Interlocked.Increment(ref nextToken)}";
        await SendAsync(new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = NotebookRunner.CSharpKernelName },
        }, cancellationToken);
        var received = new List<KernelEvent>();
        while (true)
        {
            var e = await NextAsync(_ => true, $"the end of submission {token}", cancellationToken);
            if (e.Token is null || !(e.Token == token || e.Token.StartsWith(token + ".", StringComparison.Ordinal))) continue;
            received.Add(e);
            if (e.Token == token && e.EventType is "CommandSucceeded" or "CommandFailed") return received;
        }
    }

    /// <summary>Sends <c>Quit</c> and waits for the kernel to exit; kills it (and its children) if it does not.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
                await SendAsync(new JsonObject { ["token"] = "vnetatria-quit", ["commandType"] = "Quit", ["command"] = new JsonObject() }, CancellationToken.None);
        }
        catch (IOException)
        {
            // The kernel already closed its stdin: it is exiting or gone.
        }
        using (var grace = new CancellationTokenSource(QuitGrace))
        {
            try
            {
                await process.WaitForExitAsync(grace.Token);
                ExitedOnQuit = true;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        try { await reader.WaitAsync(QuitGrace); }
        catch (TimeoutException) { /* the reader ends when stdout closes; a stuck pipe must not hang the tests */ }
        process.Dispose();
    }

    private async Task SendAsync(JsonObject command, CancellationToken cancellationToken)
    {
        await process.StandardInput.WriteLineAsync(command.ToJsonString().AsMemory(), cancellationToken);
        await process.StandardInput.FlushAsync(cancellationToken);
    }

    private async Task<KernelEvent> NextAsync(Func<KernelEvent, bool> wanted, string waitingFor, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await events.Reader.WaitToReadAsync(cancellationToken))
                throw new InvalidOperationException(
                    $"dotnet-interactive exited{(process.HasExited ? $" with code {process.ExitCode}" : "")} while waiting for {waitingFor}. Its stderr:\n{StandardError}");
            while (events.Reader.TryRead(out var e))
                if (wanted(e)) return e;
        }
    }

    private async Task ReadEventsAsync()
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
                if (Parse(line) is { } e) events.Writer.TryWrite(e);
        }
        finally
        {
            events.Writer.TryComplete();
        }
    }

    /// <summary>An event envelope, or null for a line that is not one (banner text, blank lines).</summary>
    public static KernelEvent? Parse(string line)
    {
        if (!line.StartsWith('{')) return null;
        try
        {
            if (JsonNode.Parse(line) is not JsonObject envelope
                || (string?)envelope["eventType"] is not { } type
                || envelope["event"] is not JsonObject payload) return null;
            return new KernelEvent(type, payload, (string?)envelope["command"]?["token"]);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
