using VNetAtria.Imaging;

namespace VNetAtria.Data;

/// <summary>A case's shape, spacing, image intensity statistics and label foreground fraction (what `demo` prints).</summary>
/// <param name="CaseId">The case id.</param>
/// <param name="Shape">Image shape (D, H, W).</param>
/// <param name="Spacing">Image spacing (D, H, W) in mm.</param>
/// <param name="Image">Image intensity statistics.</param>
/// <param name="LabelFraction">Share of label voxels that are non-zero, or null when the case has no label.</param>
public sealed record CaseSummary(string CaseId, Shape3 Shape, Spacing3 Spacing, VolumeStatistics Image, double? LabelFraction)
{
    /// <summary>Reads a case's image (and label) and summarises it.</summary>
    public static CaseSummary Of(CaseRecord record)
    {
        var image = VolumeGrid.ReadVolume(record.ImagePath, record.ImageDataset);
        double? fraction = null;
        if (record.LabelPath is not null)
        {
            var label = VolumeGrid.ReadVolume(record.LabelPath, record.LabelDataset ?? (record.Layout == DatasetLayout.UamtH5 ? "label" : null));
            fraction = ForegroundFraction(label);
        }
        return new CaseSummary(record.CaseId, image.Shape, image.Geometry.Spacing, VolumeStatistics.Of(image), fraction);
    }

    /// <summary>Share of voxels that are not zero.</summary>
    public static double ForegroundFraction(IVolume volume) => volume.Accept(new NonZeroFraction());

    private sealed class NonZeroFraction : IVolumeFunc<double>
    {
        public double Invoke<T>(Volume<T> volume) where T : unmanaged, System.Numerics.INumber<T>
        {
            long count = 0;
            foreach (var v in volume.Data) if (!T.IsZero(v)) count++;
            return (double)count / volume.Data.LongLength;
        }
    }
}
