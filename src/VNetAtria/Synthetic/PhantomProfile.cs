namespace VNetAtria.Synthetic;

/// <summary>Sizes and spacing of a synthetic cohort. Placeholder: the synthetic-cohort work fills this in.</summary>
public sealed record PhantomProfile(string Name)
{
    /// <summary>Volumes a 2-core CPU trains on in minutes.</summary>
    public static PhantomProfile Small { get; } = new("small");

    /// <summary>The LASC 2018 sizes (88x576x576 and 88x640x640 at 0.625 mm).</summary>
    public static PhantomProfile Lasc { get; } = new("lasc");

    /// <summary>The profile of a name ("small" or "lasc").</summary>
    public static PhantomProfile FromName(string name) => name.ToLowerInvariant() switch
    {
        "small" => Small,
        "lasc" => Lasc,
        _ => throw new ArgumentException($"Unknown phantom profile '{name}': expected 'small' or 'lasc'."),
    };
}
