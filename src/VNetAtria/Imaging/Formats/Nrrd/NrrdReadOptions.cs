namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>Options for <see cref="NrrdReader"/>.</summary>
public sealed record NrrdReadOptions
{
    /// <summary>The defaults: data files must stay inside the header's folder.</summary>
    public static NrrdReadOptions Default { get; } = new();

    /// <summary>
    /// Allow a detached header's data file to be an absolute path or to leave the header's folder ("..").
    /// Off by default so that a header from an untrusted source cannot make the reader open arbitrary files.
    /// </summary>
    public bool AllowDataFilesOutsideHeaderFolder { get; init; }
}
