using System.CommandLine;

namespace VNetAtria.Cli.Commands;

/// <summary>Small helpers for declaring options consistently.</summary>
internal static class CliOptions
{
    /// <summary>Adds a parse-time check that an integer option is at least <paramref name="minimum"/> (exit code 2 otherwise).</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum)
                result.AddError($"{option.Name} must be at least {minimum}, not {result.GetValueOrDefault<int>()}.");
        });
        return option;
    }

    /// <summary>Adds a parse-time check that a number lies in [min, max].</summary>
    public static Option<double> Between(this Option<double> option, double min, double max)
    {
        option.Validators.Add(result =>
        {
            var v = result.GetValueOrDefault<double>();
            if (!(v >= min && v <= max)) result.AddError($"{option.Name} must lie in [{min}, {max}], not {v}.");
        });
        return option;
    }
}
