using System.Diagnostics;
using System.Runtime.InteropServices;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>Starting and signalling the processes a sweep runs (tasks, scheduler commands).</summary>
internal static partial class ChildProcesses
{
    /// <summary>SIGTERM: what a scheduler sends to stop a job; vnet-atria then checkpoints and exits.</summary>
    public const int SigTerm = 15;

    /// <summary>
    /// Starts <paramref name="command"/> with its standard output and error appended to <paramref name="logFile"/>, in a
    /// session of its own where <c>setsid</c> exists: a terminal's Ctrl+C then reaches only the executor, which forwards
    /// one SIGTERM (a task that got both would stop at once instead of after its checkpoint).
    /// </summary>
    public static Process StartLogged(IReadOnlyList<string> command, string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardInput = true };
        var argv = new List<string>();
        if (File.Exists("/usr/bin/setsid")) argv.Add("/usr/bin/setsid");
        // sh -c 'exec "$@" >>"$0" 2>&1' LOG CMD...: the shell opens the log for appending and becomes the task itself.
        argv.AddRange(["/bin/sh", "-c", "exec \"$@\" >>\"$0\" 2>&1", logFile]);
        argv.AddRange(command);
        info.FileName = argv[0];
        foreach (var a in argv.Skip(1)) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Runs a command to its end and returns its exit code and output (for sbatch, scontrol, squeue).</summary>
    /// <exception cref="FileNotFoundException">The program is not installed (not on PATH).</exception>
    /// <exception cref="IOException">It did not finish within <paramref name="timeout"/>.</exception>
    public static (int ExitCode, string Output, string Error) Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new FileNotFoundException($"{program} is not installed here (or not on PATH): {e.Message}", program, e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new IOException($"{program} {string.Join(' ', info.ArgumentList)} did not answer within {timeout.TotalSeconds:F0} s.");
            }
            process.WaitForExit();
            return (process.ExitCode, output.Result, error.Result);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; false when it no longer exists.</summary>
    public static bool Signal(int pid, int signal) => !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
