namespace VNetAtria.Data;

/// <summary>
/// One case of a dataset as found on disk: its id, where its image and label are, the layout it came from and,
/// when known, its split. Paths are absolute. In the UA-MT layout image and label are the same .h5 file
/// (datasets <see cref="ImageDataset"/> and <see cref="LabelDataset"/>).
/// </summary>
/// <param name="CaseId">The case id (folder name in the LASC and UA-MT layouts, file-name stem in the split layout).</param>
/// <param name="ImagePath">Absolute path of the image file.</param>
/// <param name="LabelPath">Absolute path of the label file, or null for an unlabelled (prediction-only) case.</param>
/// <param name="Layout">The layout the case was found in.</param>
/// <param name="Split">The split, when the layout or a split step assigned one.</param>
public sealed record CaseRecord(string CaseId, string ImagePath, string? LabelPath, DatasetLayout Layout, DatasetSplit? Split = null)
{
    /// <summary>The HDF5 dataset holding the image ("image" in the UA-MT layout), or null for single-volume files.</summary>
    public string? ImageDataset => Layout == DatasetLayout.UamtH5 ? "image" : null;

    /// <summary>The HDF5 dataset holding the label ("label" in the UA-MT layout), or null for single-volume files.</summary>
    public string? LabelDataset => Layout == DatasetLayout.UamtH5 && LabelPath is not null ? "label" : null;

    /// <summary>True when the case has a label.</summary>
    public bool HasLabel => LabelPath is not null;
}
