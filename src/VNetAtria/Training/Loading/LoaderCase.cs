using VNetAtria.Imaging;

namespace VNetAtria.Training.Loading;

/// <summary>
/// One case as the loader keeps it, once, in its stored type: the image crop (uint8 as read, or float when already
/// normalised) and its label (non-zero = foreground, e.g. 0/255 or 0/1). The loader converts to float per batch
/// and never holds float copies.
/// </summary>
/// <param name="CaseId">The case identifier (reported in each batch).</param>
/// <param name="Image">The image crop; any voxel type with a tensor type (not unsigned 16/32/64-bit).</param>
/// <param name="Label">The label crop of the same shape.</param>
public sealed record LoaderCase(string CaseId, IVolume Image, Volume<byte> Label)
{
    /// <summary>The crop shape.</summary>
    public Shape3 Shape => Image.Shape;

    /// <summary>Checks that image and label exist and share a shape, naming the case.</summary>
    public LoaderCase Validated()
    {
        if (string.IsNullOrWhiteSpace(CaseId)) throw new ArgumentException("A loader case needs a non-empty case id.");
        if (Image is null || Label is null) throw new ArgumentException($"Loader case '{CaseId}' lacks its image or label volume.");
        if (Image.Shape != Label.Shape)
            throw new ArgumentException($"Loader case '{CaseId}': image {Image.Shape} and label {Label.Shape} differ in shape; crop both with the same box.");
        return this;
    }

    /// <summary>Bytes this case holds in memory (image and label voxels).</summary>
    public long Bytes => Image.AsBytes().Length + Label.Data.LongLength;
}
