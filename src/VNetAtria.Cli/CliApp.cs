namespace VNetAtria.Cli;

/// <summary>Builds and runs the vnet-atria command line. Exit codes: 0 ok, 1 failure, 2 bad usage.</summary>
public static class CliApp
{
    /// <summary>Runs the command line and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("vnet-atria: no verbs yet.");
        return 2;
    }
}
