using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Tests.Preprocessing;

public class LabelBinarisationTests
{
    private static Volume<T> Line<T>(params T[] values) where T : unmanaged, System.Numerics.INumber<T> =>
        new(new Shape3(1, 1, values.Length), values, new VolumeGeometry { Spacing = Spacing3.Lasc, Origin = new Vector3d(1, 2, 3) });

    [Fact]
    public void Values_255_become_1_and_0_stays_0_keeping_geometry()
    {
        var label = Line<byte>(0, 255, 255, 0);

        var binary = LabelBinarisation.Binarise(label);

        Assert.Equal(new byte[] { 0, 1, 1, 0 }, binary.Data);
        Assert.Equal(label.Geometry, binary.Geometry);
    }

    [Fact]
    public void A_label_already_0_1_passes_unchanged_whatever_its_element_type()
    {
        Assert.Equal(new byte[] { 0, 1, 1 }, LabelBinarisation.Binarise(Line<byte>(0, 1, 1)).Data);
        Assert.Equal(new byte[] { 0, 1, 0 }, LabelBinarisation.Binarise(Line<float>(0, 1, 0)).Data);
        Assert.Equal(new byte[] { 1, 0, 1 }, LabelBinarisation.Binarise(Line<short>(255, 0, 255)).Data);
    }

    [Fact]
    public void Other_values_are_an_error_that_lists_them_with_counts_and_names_the_file()
    {
        var label = Line<byte>(0, 255, 7, 7, 128, 1);

        var e = Assert.Throws<PreprocessingException>(() => LabelBinarisation.Binarise(label, source: "case-17/laendo.nrrd"));

        Assert.Contains("case-17/laendo.nrrd", e.Message);
        Assert.Contains("7 (2 voxels)", e.Message);
        Assert.Contains("128 (1 voxels)", e.Message);
        Assert.Contains("ForegroundAboveZero", e.Message);
    }

    [Fact]
    public void Foreground_above_zero_maps_any_positive_value_to_1()
    {
        var binary = LabelBinarisation.Binarise(Line<int>(0, 3, -2, 255, 1), LabelValueMapping.ForegroundAboveZero);

        Assert.Equal(new byte[] { 0, 1, 0, 1, 1 }, binary.Data);
    }
}
