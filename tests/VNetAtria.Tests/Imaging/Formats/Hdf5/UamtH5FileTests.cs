using PureHDF;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Hdf5;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Imaging.Formats.Hdf5;

/// <summary>UA-MT .h5 files made here (by <see cref="UamtH5.Write"/> or PureHDF directly), so no shared data is needed.</summary>
public sealed class UamtH5FileTests : IDisposable
{
    private static readonly Shape3 Shape = new(3, 4, 5); // (Z, Y, X) = (3, 4, 5)
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    private static Volume<float> Image()
    {
        var data = new float[Shape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = i * 0.5f - 7;
        return new Volume<float>(Shape, data);
    }

    private static Volume<byte> Label()
    {
        var data = new byte[Shape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(i % 3 == 0 ? 1 : 0);
        return new Volume<byte>(Shape, data);
    }

    private string Path(string name) => System.IO.Path.Combine(_dir, name);

    /// <summary>Writes an .h5 file with the given datasets, each stored with the given (X, Y, Z) extents.</summary>
    private string Raw(string name, params (string Name, object Data, ulong[] Dims)[] datasets)
    {
        var file = new H5File();
        foreach (var (n, data, dims) in datasets)
            file[n] = new H5Dataset(data, fileDims: dims);
        var path = Path(name);
        file.Write(path);
        return path;
    }

    private VolumeFormatException Refused(Action read, string path, string? field, params string[] parts)
    {
        var e = Assert.Throws<VolumeFormatException>(read);
        Assert.Equal(path, e.FilePath);
        Assert.Equal(field, e.Field);
        foreach (var p in parts) Assert.Contains(p, e.Message);
        return e;
    }

    [Fact]
    public void A_written_case_reads_back_with_the_same_voxels_and_default_spacing()
    {
        var path = Path("case.h5");
        UamtH5.Write(path, Image(), Label());
        var c = UamtH5.ReadCase(path);

        Assert.Equal(Image().Data, c.Image.Data);
        Assert.Equal(Label().Data, c.Label.Data);
        Assert.Equal(VolumeGeometry.WithSpacingOnly(Spacing3.Lasc), c.Image.Geometry);
        Assert.Equal(VolumeGeometry.WithSpacingOnly(Spacing3.Lasc), c.Label.Geometry);
    }

    [Fact]
    public void Datasets_are_stored_x_y_z_so_stored_index_x_y_z_is_volume_index_z_y_x()
    {
        var path = Path("order.h5");
        UamtH5.Write(path, Image(), Label());

        // Read the file with PureHDF alone: the stored array is (X, Y, Z) = (5, 4, 3), C order, z fastest.
        using var file = H5File.OpenRead(path);
        var ds = file.Dataset("image");
        Assert.Equal([5UL, 4UL, 3UL], ds.Space.Dimensions);
        var stored = ds.Read<float[]>();
        var image = Image();
        for (var x = 0; x < 5; x++)
            for (var y = 0; y < 4; y++)
                for (var z = 0; z < 3; z++)
                    Assert.Equal(image[z, y, x], stored[(x * 4 + y) * 3 + z]);
    }

    [Fact]
    public void ReadDataset_returns_float_images_byte_labels_and_the_given_spacing()
    {
        var path = Path("ds.h5");
        UamtH5.Write(path, Image(), Label());
        var spacing = new Spacing3(2.5, 0.625, 0.625);

        var image = UamtH5.ReadDataset(path, "image", spacing);
        var label = UamtH5.ReadDataset(path, "label");

        Assert.Equal(VoxelType.Float32, image.VoxelType);
        Assert.Equal(VoxelType.UInt8, label.VoxelType);
        Assert.Equal(spacing, image.Geometry.Spacing);
        Assert.Equal(Spacing3.Lasc, label.Geometry.Spacing);
        Assert.Equal(Shape, UamtH5.ReadShape(path));
        Assert.Equal(Image().Data, VolumeFile.Read(path).As<float>().Data);
    }

    [Fact]
    public void Unknown_dataset_names_and_invalid_spacing_are_argument_errors()
    {
        var path = Path("a.h5");
        UamtH5.Write(path, Image(), Label());
        Assert.Throws<ArgumentException>(() => UamtH5.ReadDataset(path, "mask"));
        Assert.Throws<ArgumentException>(() => UamtH5.ReadCase(path, new Spacing3(0, 1, 1)));
    }

    [Fact]
    public void A_missing_label_dataset_is_named()
    {
        var path = Raw("nolabel.h5", ("image", new float[60], [5, 4, 3]));
        Refused(() => UamtH5.ReadCase(path), path, "label", "missing");
        Assert.Equal(Shape, UamtH5.ReadDataset(path, "image").Shape);
    }

    [Fact]
    public void A_dataset_of_the_wrong_rank_is_refused()
    {
        var path = Raw("rank.h5", ("image", new float[20], [5, 4]), ("label", new byte[60], [5, 4, 3]));
        Refused(() => UamtH5.ReadCase(path), path, "image", "3-D", "rank 2");
    }

    [Fact]
    public void Datasets_of_the_wrong_type_are_refused()
    {
        var doubles = Raw("f64.h5", ("image", new double[60], [5, 4, 3]), ("label", new byte[60], [5, 4, 3]));
        Refused(() => UamtH5.ReadCase(doubles), doubles, "image", "expected float32", "8 bytes");

        var signed = Raw("i16.h5", ("image", new float[60], [5, 4, 3]), ("label", new short[60], [5, 4, 3]));
        Refused(() => UamtH5.ReadCase(signed), signed, "label", "expected uint8", "signed");
    }

    [Fact]
    public void Image_and_label_of_different_shapes_are_refused()
    {
        var path = Raw("shapes.h5", ("image", new float[60], [5, 4, 3]), ("label", new byte[48], [4, 4, 3]));
        Refused(() => UamtH5.ReadCase(path), path, "label", "4x4x3", "5x4x3");
        Assert.Throws<ArgumentException>(() => UamtH5.Write(Path("w.h5"), Image(), new Volume<byte>(new Shape3(1, 1, 1))));
    }

    [Fact]
    public void A_file_that_is_not_hdf5_is_refused_naming_the_file()
    {
        var path = Path("text.h5");
        File.WriteAllText(path, "this is not an HDF5 file, just text long enough to have a superblock's size or more");
        Refused(() => UamtH5.ReadCase(path), path, null, "HDF5");
    }

    [Fact]
    public void Big_endian_data_is_refused_naming_the_dataset()
    {
        // Fixture made with h5py 3: image = np.arange(60, dtype='>f4').reshape(5, 4, 3), label uint8 (arange % 2).
        var path = System.IO.Path.Combine(TestPaths.RepoRoot, "tests", "VNetAtria.Tests", "Fixtures", "uamt-big-endian-image.h5");
        Assert.Equal(new Shape3(3, 4, 5), UamtH5.ReadShape(path));
        // Little-endian uint8 labels still read: stored (x, y, z) holds ((x * 4 + y) * 3 + z) % 2, our [z, y, x].
        var label = UamtH5.ReadDataset(path, "label").As<byte>();
        Assert.Equal(1, label[1, 0, 0]);
        Assert.Equal(1, label[0, 1, 0]);
        Assert.Equal(0, label[0, 0, 1]);
        Assert.Equal(1, label[2, 3, 4]);
        Refused(() => UamtH5.ReadCase(path), path, "image", "big-endian");
    }
}
