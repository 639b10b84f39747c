using System.Numerics;
using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace VNetAtria.Imaging.Formats.Hdf5;

/// <summary>
/// The UA-MT left-atrium HDF5 layout (Yu et al. 2019, `&lt;root&gt;/&lt;case&gt;/mri_norm2.h5`): one file per case with
/// 3-D datasets `image` (float32, z-scored) and `label` (uint8, 0/1), stored (X, Y, Z) and read transposed to
/// (D, H, W) = (Z, Y, X). The files store no geometry: volumes get <see cref="DefaultSpacing"/> (or the spacing
/// passed in), origin 0 and identity axes, so W runs along x, H along y and D along z as in the source NRRD.
/// Read through PureHDF (managed; chunked and gzip datasets are supported).
/// </summary>
public static class UamtH5
{
    /// <summary>Name of the image dataset.</summary>
    public const string ImageDataset = "image";

    /// <summary>Name of the label dataset.</summary>
    public const string LabelDataset = "label";

    /// <summary>The spacing these files imply (they store none): the LASC 0.625 mm.</summary>
    public static Spacing3 DefaultSpacing => Spacing3.Lasc;

    /// <summary>
    /// Reads one dataset ("image" as <see cref="Volume{T}"/> of float, "label" as <see cref="Volume{T}"/> of byte).
    /// </summary>
    /// <param name="path">The .h5 file.</param>
    /// <param name="dataset"><see cref="ImageDataset"/> or <see cref="LabelDataset"/>.</param>
    /// <param name="spacing">Voxel spacing to attach; default <see cref="DefaultSpacing"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="dataset"/> is neither name.</exception>
    /// <exception cref="VolumeFormatException">The file is not HDF5, or the dataset is missing, not 3-D or not of the expected type.</exception>
    public static IVolume ReadDataset(string path, string dataset, Spacing3? spacing = null)
    {
        var geometry = GeometryFor(spacing);
        return dataset switch
        {
            ImageDataset => WithFile(path, f => Read<float>(f, path, ImageDataset, geometry)),
            LabelDataset => WithFile(path, f => Read<byte>(f, path, LabelDataset, geometry)),
            _ => throw new ArgumentException($"UA-MT files hold datasets '{ImageDataset}' and '{LabelDataset}'; '{dataset}' is neither.", nameof(dataset)),
        };
    }

    /// <summary>Reads both datasets of a case and checks that their shapes agree.</summary>
    /// <param name="path">The .h5 file (usually `&lt;root&gt;/&lt;case&gt;/mri_norm2.h5`).</param>
    /// <param name="spacing">Voxel spacing to attach; default <see cref="DefaultSpacing"/>.</param>
    /// <exception cref="VolumeFormatException">A dataset is missing, not 3-D or of the wrong type, or the shapes differ.</exception>
    public static UamtCase ReadCase(string path, Spacing3? spacing = null)
    {
        var geometry = GeometryFor(spacing);
        return WithFile(path, f =>
        {
            // Compare the shapes from the headers before reading any voxels.
            var imageShape = ShapeOf(OpenDataset(f, path, ImageDataset), path, ImageDataset);
            var labelShape = ShapeOf(OpenDataset(f, path, LabelDataset), path, LabelDataset);
            if (imageShape != labelShape)
                throw new VolumeFormatException(path, LabelDataset,
                    $"shape (X, Y, Z) {Xyz(labelShape)} differs from the image's {Xyz(imageShape)}; the case is inconsistent.");
            return new UamtCase(Read<float>(f, path, ImageDataset, geometry), Read<byte>(f, path, LabelDataset, geometry));
        });
    }

    /// <summary>
    /// The (D, H, W) shape of a dataset from its header alone, without reading voxels (for listing a dataset
    /// quickly). The dataset must exist and be 3-D; its element type is not checked.
    /// </summary>
    public static Shape3 ReadShape(string path, string dataset = ImageDataset) =>
        WithFile(path, f => ShapeOf(OpenDataset(f, path, dataset), path, dataset));

    /// <summary>
    /// Writes a case in the UA-MT layout (datasets stored (X, Y, Z), gzip-compressed chunks), atomically.
    /// Geometry is not stored, as in the original files. Meant for tests and for exporting data to UA-MT code.
    /// </summary>
    /// <exception cref="ArgumentException">The image and label shapes differ.</exception>
    public static void Write(string path, Volume<float> image, Volume<byte> label)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(label);
        if (image.Shape != label.Shape)
            throw new ArgumentException($"{path}: image shape {image.Shape} and label shape {label.Shape} must be equal.", nameof(label));
        var s = image.Shape;
        ulong[] dims = [(ulong)s.Width, (ulong)s.Height, (ulong)s.Depth];
        // Chunks of at most 32^3 voxels: small enough for cheap partial reads, large enough to compress well.
        uint[] chunks = [(uint)Math.Min(32, s.Width), (uint)Math.Min(32, s.Height), (uint)Math.Min(32, s.Depth)];
        var creation = new H5DatasetCreation(Filters: [DeflateFilter.Id]);
        var file = new H5File
        {
            [ImageDataset] = new H5Dataset<float[]>(ToXyz(image), chunks: chunks, fileDims: dims, datasetCreation: creation),
            [LabelDataset] = new H5Dataset<byte[]>(ToXyz(label), chunks: chunks, fileDims: dims, datasetCreation: creation),
        };
        // PureHDF seeks back and reads while writing, so it needs a read-write stream; AtomicFile's is write-only.
        using var buffer = new MemoryStream();
        file.Write(buffer);
        AtomicFile.Write(path, buffer.WriteTo);
    }

    private static T[] ToXyz<T>(Volume<T> v) where T : unmanaged, INumber<T>
    {
        var xyz = new T[v.Data.Length];
        AxisReversal.Transpose<T>(v.Data, v.Shape.Depth, v.Shape.Height, v.Shape.Width, xyz);
        return xyz;
    }

    private static VolumeGeometry GeometryFor(Spacing3? spacing)
    {
        var s = spacing ?? DefaultSpacing;
        if (!s.IsValid) throw new ArgumentException($"Spacing {s} must be finite and positive on every axis.", nameof(spacing));
        return VolumeGeometry.WithSpacingOnly(s);
    }

    /// <summary>Opens the file and turns PureHDF's failures (not HDF5, corrupt chunks) into format errors naming the file.</summary>
    private static TResult WithFile<TResult>(string path, Func<NativeFile, TResult> read)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        try
        {
            using var file = H5File.OpenRead(path);
            return read(file);
        }
        catch (Exception e) when (e is not (VolumeFormatException or OutOfMemoryException))
        {
            throw new VolumeFormatException(path, null, $"cannot be read as HDF5 ({e.GetType().Name}: {e.Message}); is it an HDF5 file, complete and undamaged?", e);
        }
    }

    private static NativeDataset OpenDataset(NativeFile file, string path, string name)
    {
        if (!file.LinkExists(name))
            throw new VolumeFormatException(path, name, $"dataset '{name}' is missing; a UA-MT case file holds '{ImageDataset}' (float32) and '{LabelDataset}' (uint8).");
        return file.Get(name) as NativeDataset
            ?? throw new VolumeFormatException(path, name, $"'{name}' is not a dataset (a group or committed type has that name).");
    }

    /// <summary>The dataset's (X, Y, Z) extents as a (D, H, W) = (Z, Y, X) shape, checked to fit one array.</summary>
    private static Shape3 ShapeOf(NativeDataset ds, string path, string name)
    {
        var dims = ds.Space.Dimensions;
        if (dims.Length != 3)
            throw new VolumeFormatException(path, name, $"expected a 3-D dataset (X, Y, Z), found rank {dims.Length} ({string.Join("x", dims)}).");
        if (dims.Any(d => d == 0 || d > int.MaxValue) || (UInt128)dims[0] * dims[1] * dims[2] > (UInt128)Array.MaxLength)
            throw new VolumeFormatException(path, name, $"expected non-empty extents that fit one array, found {string.Join("x", dims)}.");
        return new Shape3((int)dims[2], (int)dims[1], (int)dims[0]);
    }

    private static Volume<T> Read<T>(NativeFile file, string path, string name, VolumeGeometry geometry) where T : unmanaged, INumber<T>
    {
        var ds = OpenDataset(file, path, name);
        var shape = ShapeOf(ds, path, name);
        CheckType<T>(ds, path, name);

        var xyz = new T[shape.VoxelCount];
        // A cache that holds every chunk: the default one is so small that a whole-dataset read decompresses
        // each chunk many times (about 30x slower on the LASC files).
        var bytes = (ulong)xyz.Length * (ulong)System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var access = new H5DatasetAccess(ChunkCache: new SimpleReadingChunkCache(1 << 16, 2 * bytes + (1UL << 20)));
        try
        {
            ds.Read<T>(access, xyz.AsSpan());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // e.g. a corrupt chunk, or big-endian storage, which PureHDF 2.2 cannot convert.
            throw new VolumeFormatException(path, name,
                $"reading the data failed ({e.Message}); if the data is stored big-endian, rewrite it little-endian (h5py: data.astype('<f4') / '<u1').", e);
        }

        var dhw = new T[xyz.Length];
        AxisReversal.Transpose<T>(xyz, shape.Width, shape.Height, shape.Depth, dhw);
        return new Volume<T>(shape, dhw, geometry);
    }

    private static void CheckType<T>(NativeDataset ds, string path, string name)
    {
        var t = ds.Type;
        var ok = typeof(T) == typeof(float)
            ? t.Class == H5DataTypeClass.FloatingPoint && t.Size == 4
            : t.Class == H5DataTypeClass.FixedPoint && t.Size == 1 && t.FixedPoint is { IsSigned: false };
        if (!ok)
        {
            var expected = typeof(T) == typeof(float) ? "float32" : "uint8";
            // PureHDF's FixedPoint accessor throws for other classes, so ask only integer types for their sign.
            var signed = t.Class == H5DataTypeClass.FixedPoint ? (t.FixedPoint.IsSigned ? " signed" : " unsigned") : "";
            throw new VolumeFormatException(path, name, $"expected {expected}, found {t.Class}{signed} of {t.Size} bytes.");
        }
    }

    private static string Xyz(Shape3 s) => $"{s.Width}x{s.Height}x{s.Depth}";
}
