using VNetAtria.Data;

namespace VNetAtria.Cli;

/// <summary>A command's own failure with a message meant for the user (exit code 1, no "bug" wording).</summary>
internal sealed class CliFailureException(string message) : Exception(message);

/// <summary>Turns exceptions into the one-line error and the exit code.</summary>
internal static class CliErrors
{
    /// <summary>
    /// Expected failures (bad files, missing paths, dataset problems, invalid values, features not built yet) print
    /// their message; anything else is a bug and says so. --verbose adds the exception's full text.
    /// </summary>
    public static int Report(CliContext ctx, Exception e, bool verbose)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate) e = aggregate.InnerExceptions[0];
        if (IsExpected(e))
        {
            ctx.Error.WriteLine($"vnet-atria: error: {OneLine(e.Message)}");
            if (e is DatasetException { Problems.Count: > 1 } dataset && verbose)
                foreach (var problem in dataset.Problems) ctx.Error.WriteLine($"  {problem}");
        }
        else
        {
            ctx.Error.WriteLine($"vnet-atria: error: unexpected {e.GetType().Name}: {OneLine(e.Message)} " +
                                "This is a bug in vnet-atria; run again with --verbose for details and report them.");
        }
        if (verbose) ctx.Error.WriteLine(e.ToString());
        return CliApp.Failure;
    }

    public static bool IsExpected(Exception e) => e is
        CliFailureException or DatasetException or IOException /* incl. VolumeFormatException, FileNotFound, DirectoryNotFound */ or
        UnauthorizedAccessException or ArgumentException or FormatException or NotImplementedException or
        NotSupportedException or InvalidDataException or OperationCanceledException or
        Experiments.ExperimentConfigException or Results.RunFolderException or Pipeline.Prediction.PredictionException or
        Preprocessing.PreprocessingException or Runtime.TorchRuntimeException or Training.TrainingDivergedException or Models.Convolutions.ConvolutionCheckException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
