namespace VNetAtria.Imaging.Formats.Hdf5;

/// <summary>
/// The UA-MT left-atrium HDF5 layout: one file per case with datasets `image` (float32) and `label` (uint8),
/// stored (X, Y, Z); read transposed to (D, H, W). Placeholder: filled in by the HDF5 work.
/// </summary>
public static class UamtH5
{
    /// <summary>The spacing these files imply (they store none): the LASC 0.625 mm.</summary>
    public static Spacing3 DefaultSpacing => Spacing3.Lasc;

    /// <summary>Reads one dataset ("image" or "label") as a volume.</summary>
    public static IVolume ReadDataset(string path, string dataset, Spacing3? spacing = null) =>
        throw new NotImplementedException("HDF5 reading is not implemented yet.");
}
