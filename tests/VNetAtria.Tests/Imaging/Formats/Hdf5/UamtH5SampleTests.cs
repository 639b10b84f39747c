using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Hdf5;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Imaging.Formats.Hdf5;

/// <summary>
/// Real LASC 2018 cases in the UA-MT layout (../shared/data/la2018-h5-sample). Expected numbers were read with
/// h5py 3 (/usr/bin/python3: f['image'].shape, f['label'][...].sum(), f['image'][x, y, z], mean and std in
/// float64) and copied here by hand. h5py indexes (x, y, z); our volumes index [z, y, x].
/// </summary>
public class UamtH5SampleTests
{
    private const string Folder = "la2018-h5-sample";

    private static string CasePath(string id) => TestPaths.RequireSharedData(Path.Combine(Folder, id, "mri_norm2.h5"));

    /// <summary>h5py shapes (X, Y, Z) of all 20 cases, in cases.txt order.</summary>
    public static TheoryData<string, int, int, int> Shapes => new()
    {
        { "06SR5RBREL16DQ6M8LWS", 183, 140, 88 }, { "0RZDK210BSMWAA6467LU", 199, 143, 88 },
        { "1D7CUD1955YZPGK8XHJX", 212, 141, 88 }, { "1GU15S0GJ6PFNARO469W", 180, 135, 88 },
        { "1MHBF3G6DCPWHSKG7XCP", 190, 143, 88 }, { "23X6SY44VT9KFHR7S7OC", 187, 146, 88 },
        { "2XL5HSFSE93RMOJDRGR4", 173, 148, 88 }, { "38CWS74285MFGZZXR09Z", 183, 147, 88 },
        { "3C2QTUNI0852XV7ZH4Q1", 171, 146, 88 }, { "3DA0T2V6JJ2NLUAV6FWM", 216, 147, 88 },
        { "4498CA6DZWELOXCBRYRF", 203, 142, 88 }, { "45C45I6IXAFGNRO067W9", 195, 142, 88 },
        { "4CHFJGF6ZUM7CMZTNFQF", 193, 159, 88 }, { "4EPVTT1HPA8U60CDUKXE", 232, 145, 88 },
        { "57SGAJMLCTCH92QUA0EE", 183, 142, 88 }, { "5BHTH9RHH3PQT913I59W", 218, 143, 88 },
        { "5FKQL4K14KCB72Y8YMC2", 180, 134, 88 }, { "5HH0WPWIY06DLAFOBQ4M", 181, 143, 88 },
        { "5QFK2PMHNX7UALK52NNA", 193, 143, 88 }, { "5UB5KFD2PK38Z4LS6W80", 203, 137, 88 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_case_has_h5pys_shape_read_as_z_y_x(string id, int x, int y, int z)
    {
        Assert.Equal(new Shape3(z, y, x), UamtH5.ReadShape(CasePath(id)));
        Assert.Equal(new Shape3(z, y, x), UamtH5.ReadShape(CasePath(id), UamtH5.LabelDataset));
    }

    /// <summary>Per case: label sum, image mean and std (float64), and five (x, y, z, image, label) samples, all from h5py.</summary>
    public static TheoryData<string, long, double, double, (int X, int Y, int Z, float Image, byte Label)[]> Cases => new()
    {
        {
            "06SR5RBREL16DQ6M8LWS", 154296, 1.4583969594623498, 1.645429337432947,
            [(0, 0, 0, 1.824636459350586f, 0), (182, 139, 87, -0.5850754976272583f, 0), (91, 70, 44, 4.753363132476807f, 1),
             (10, 20, 30, -0.21435055136680603f, 0), (182, 0, 29, 3.529971122741699f, 0)]
        },
        {
            "0RZDK210BSMWAA6467LU", 252364, 0.5418096634471711, 0.7734223918439346,
            [(0, 0, 0, -0.7631802558898926f, 0), (198, 142, 87, -0.4341830611228943f, 0), (99, 71, 44, 1.7865477800369263f, 1),
             (10, 20, 30, 0.05931268632411957f, 0), (198, 0, 29, 1.1285535097122192f, 0)]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_case_reads_with_h5pys_voxels_label_sum_and_statistics(
        string id, long labelSum, double mean, double std, (int X, int Y, int Z, float Image, byte Label)[] samples)
    {
        var c = UamtH5.ReadCase(CasePath(id));

        foreach (var s in samples)
        {
            Assert.Equal(s.Image, c.Image[s.Z, s.Y, s.X]);
            Assert.Equal(s.Label, c.Label[s.Z, s.Y, s.X]);
        }
        Assert.Equal(0, c.Label.Data.Count(v => v > 1)); // labels are 0 or 1
        Assert.Equal(labelSum, c.Label.Data.Sum(v => (long)v));

        // The image was z-scored over the whole original volume before cropping to the atrium, so the crop
        // is not zero-mean (its mean is positive: the bright atrium and blood pool dominate the crop).
        double sum = 0, sum2 = 0;
        foreach (var v in c.Image.Data) { sum += v; sum2 += (double)v * v; }
        var n = c.Image.Data.Length;
        Assert.Equal(mean, sum / n, 1e-6);
        Assert.Equal(std, Math.Sqrt(sum2 / n - (sum / n) * (sum / n)), 1e-5);
        Assert.Equal(Spacing3.Lasc, c.Image.Geometry.Spacing);
    }
}
