using System.Numerics;
using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>How label values map to background (0) and foreground (1).</summary>
public enum LabelValueMapping
{
    /// <summary>
    /// Only 0, 1 and 255 are accepted: 0 is background, 1 and 255 foreground (LASC stores 255, the original did
    /// <c>label[label == 255] = 1</c>). Any other value is an error that lists the values found.
    /// </summary>
    Strict,

    /// <summary>Every value above zero is foreground ("foreground = value &gt; 0"), for label maps with other codes.</summary>
    ForegroundAboveZero,
}

/// <summary>Label binarisation: a 0/255 (or 0/1) label volume becomes 0/1 bytes with the same geometry.</summary>
public static class LabelBinarisation
{
    /// <summary>How many distinct unexpected values an error message lists before it says "and N more".</summary>
    private const int ListedValues = 8;

    /// <summary>
    /// The label as 0/1 bytes (same shape, geometry and metadata). With <see cref="LabelValueMapping.Strict"/>
    /// (the default) 255 and 1 become 1, 0 stays 0.
    /// </summary>
    /// <param name="label">The label volume, any element type.</param>
    /// <param name="mapping">Which values count as foreground.</param>
    /// <param name="source">The file or case named in error messages (null: "label").</param>
    /// <param name="remedy">What the error message tells the reader to do (null: check the file, or use <see cref="LabelValueMapping.ForegroundAboveZero"/>).</param>
    /// <exception cref="PreprocessingException">Strict mapping and a value other than 0, 1 or 255 (NaN included); the message lists them with their counts.</exception>
    public static Volume<byte> Binarise<T>(Volume<T> label, LabelValueMapping mapping = LabelValueMapping.Strict, string? source = null, string? remedy = null)
        where T : unmanaged, INumber<T>
    {
        var src = label.Data;
        var dst = new byte[src.Length];
        var one = T.One;
        var v255 = T.CreateTruncating(255);
        Dictionary<T, long>? bad = null;
        for (var i = 0; i < src.Length; i++)
        {
            var v = src[i];
            if (mapping == LabelValueMapping.ForegroundAboveZero)
            {
                dst[i] = v > T.Zero ? (byte)1 : (byte)0;
                continue;
            }
            if (T.IsZero(v)) continue;
            if (v == one || v == v255) { dst[i] = 1; continue; }
            bad ??= [];
            bad[v] = bad.GetValueOrDefault(v) + 1;
        }
        if (bad is not null)
        {
            var listed = string.Join(", ", bad.OrderBy(p => p.Key).Take(ListedValues).Select(p => $"{p.Key} ({p.Value} voxels)"));
            var more = bad.Count > ListedValues ? $" and {bad.Count - ListedValues} more values" : "";
            throw new PreprocessingException(
                $"{source ?? "label"}: label values must be 0 (background) and 255 or 1 (atrium), but it also holds {listed}{more}. " +
                (remedy ?? "Check that the file is a label map, or binarise with foreground = value > 0 (LabelValueMapping.ForegroundAboveZero)."));
        }
        return new Volume<byte>(label.Shape, dst, label.Geometry, label.Metadata);
    }
}
