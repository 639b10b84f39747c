namespace VNetAtria.Data;

/// <summary>The part of a dataset a case belongs to.</summary>
public enum DatasetSplit
{
    /// <summary>Used to fit the model.</summary>
    Train,

    /// <summary>Used to select checkpoints and report results (the literature's "test.list" cases land here).</summary>
    Validation,

    /// <summary>Held out; may be unlabelled (prediction only).</summary>
    Test,
}

/// <summary>The names of <see cref="DatasetSplit"/> values used in manifests.</summary>
public static class DatasetSplits
{
    /// <summary>"train", "validation" or "test".</summary>
    public static string Name(this DatasetSplit split) => split switch
    {
        DatasetSplit.Train => "train",
        DatasetSplit.Validation => "validation",
        DatasetSplit.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, null),
    };

    /// <summary>Parses "train", "validation" or "test" (exact, lower case); null when the name is none of them.</summary>
    public static DatasetSplit? TryParse(string? name) => name switch
    {
        "train" => DatasetSplit.Train,
        "validation" => DatasetSplit.Validation,
        "test" => DatasetSplit.Test,
        _ => null,
    };
}
