namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>
/// The keys <see cref="NiftiReader"/> puts in <see cref="IVolume.Metadata"/> and <see cref="NiftiWriter"/> reads
/// back. Only non-empty values are stored. All keys start with "nifti." so they never collide with NRRD fields.
/// </summary>
public static class NiftiMetadataKeys
{
    /// <summary>The header's free-text <c>descrip</c> field (at most 79 characters); written back by the writer.</summary>
    public const string Descrip = "nifti.descrip";

    /// <summary>The header's <c>intent_name</c> (at most 15 characters); written back by the writer.</summary>
    public const string IntentName = "nifti.intent_name";

    /// <summary>The header's <c>intent_code</c> as a decimal number, when it is not 0 (NIFTI_INTENT_NONE); written back.</summary>
    public const string IntentCode = "nifti.intent_code";

    /// <summary>
    /// Which transform the geometry came from: "sform" or "qform" followed by the code's nifti1.h name
    /// (e.g. "sform scanner_anat", "qform mni_152"), or "pixdim" when neither was set (method 1).
    /// </summary>
    public const string Transform = "nifti.transform";

    /// <summary>
    /// "slope,intercept" (invariant culture, round-trip format) when the reader applied scl_slope/scl_inter;
    /// absent when the stored values were returned unscaled.
    /// </summary>
    public const string Scaling = "nifti.scaling";
}
