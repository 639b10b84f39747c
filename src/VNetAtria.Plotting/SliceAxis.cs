namespace VNetAtria.Plotting;

/// <summary>
/// The plane a 2-D view shows, named for the usual (D, H, W) = (z, y, x) layout of LPS volumes with identity direction
/// (the LASC data): axial slices fix D and show rows H by columns W; coronal slices fix H and show D (superior up) by W;
/// sagittal slices fix W and show D (superior up) by H. For other directions the names are only array planes.
/// </summary>
public enum SliceAxis
{
    /// <summary>Fix D; rows H (drawn top to bottom), columns W.</summary>
    Axial,

    /// <summary>Fix H; rows D (drawn bottom to top), columns W.</summary>
    Coronal,

    /// <summary>Fix W; rows D (drawn bottom to top), columns H.</summary>
    Sagittal,
}
