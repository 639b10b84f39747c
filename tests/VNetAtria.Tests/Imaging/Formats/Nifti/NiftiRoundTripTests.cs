using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Nifti;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Imaging.Formats.Nifti;

public class NiftiRoundTripTests
{
    private static readonly Shape3 SmallShape = new(3, 4, 5);

    /// <summary>An oblique right-handed grid: rotation by 30° about (1, 2, 2)/3, anisotropic spacing, off-centre origin.</summary>
    private static VolumeGeometry Oblique()
    {
        var (w, h, d) = Rotated(new Vector3d(1, 2, 2).Normalised(), Math.PI / 6);
        return new VolumeGeometry { Spacing = new Spacing3(2.5, 0.7, 0.625), Origin = new Vector3d(-101.25, 37.5, 12.125), AxisW = w, AxisH = h, AxisD = d };
    }

    /// <summary>The same grid with D reversed: a left-handed (improper) direction matrix.</summary>
    private static VolumeGeometry LeftHanded() => Oblique() with { AxisD = -Oblique().AxisD };

    /// <summary>Rodrigues' rotation of the unit axes x, y, z about <paramref name="u"/> by <paramref name="angle"/>.</summary>
    private static (Vector3d X, Vector3d Y, Vector3d Z) Rotated(Vector3d u, double angle)
    {
        Vector3d Rot(Vector3d v) => v * Math.Cos(angle) + u.Cross(v) * Math.Sin(angle) + u * (u.Dot(v) * (1 - Math.Cos(angle)));
        return (Rot(new Vector3d(1, 0, 0)), Rot(new Vector3d(0, 1, 0)), Rot(new Vector3d(0, 0, 1)));
    }

    private static Volume<T> Ramp<T>(VolumeGeometry geometry) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var data = new T[SmallShape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = T.CreateTruncating(i * 7 - 20);
        // The extremes of the type must survive too.
        data[0] = T.MinValue;
        data[^1] = T.MaxValue;
        return new Volume<T>(SmallShape, data, geometry);
    }

    private static void AssertRoundTrip<T>(string name, VolumeGeometry geometry) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var original = Ramp<T>(geometry);
            var path = Path.Combine(dir, name);
            NiftiWriter.Write(path, original);
            var back = NiftiReader.Read(path);

            Assert.Equal(VoxelTypes.Of<T>(), back.VoxelType);
            Assert.Equal(original.Shape, back.Shape);
            Assert.Equal(original.Data, back.As<T>().Data);
            // float32 header fields hold the geometry: origins near 100 mm keep about 1e-5 mm.
            Assert.True(original.Geometry.ApproximatelyEquals(back.Geometry, originToleranceMm: 1e-4, directionTolerance: 1e-6),
                $"wrote {original.Geometry}, read {back.Geometry}");
        }
        finally { Directory.Delete(dir, true); }
    }

    public static TheoryData<string> Extensions => new() { "v.nii", "v.nii.gz" };

    [Theory]
    [MemberData(nameof(Extensions))]
    public void Every_voxel_type_round_trips_exactly_with_oblique_geometry(string name)
    {
        var g = Oblique();
        AssertRoundTrip<byte>(name, g);
        AssertRoundTrip<sbyte>(name, g);
        AssertRoundTrip<short>(name, g);
        AssertRoundTrip<ushort>(name, g);
        AssertRoundTrip<int>(name, g);
        AssertRoundTrip<uint>(name, g);
        AssertRoundTrip<long>(name, g);
        AssertRoundTrip<ulong>(name, g);
        AssertRoundTrip<float>(name, g);
        AssertRoundTrip<double>(name, g);
    }

    [Theory]
    [MemberData(nameof(Extensions))]
    public void Left_handed_and_identity_geometries_round_trip(string name)
    {
        AssertRoundTrip<float>(name, LeftHanded());
        AssertRoundTrip<short>(name, VolumeGeometry.Identity);
        AssertRoundTrip<byte>(name, VolumeGeometry.WithSpacingOnly(new Spacing3(2.5, 0.625, 0.625)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_written_qform_alone_gives_the_same_geometry_as_the_sform(bool leftHanded)
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var g = leftHanded ? LeftHanded() : Oblique();
            var path = Path.Combine(dir, "q.nii");
            NiftiWriter.Write(path, new Volume<byte>(SmallShape, null, g));
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(leftHanded ? -1f : 1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(76)));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(254), 0); // sform_code = 0: readers fall back to the qform
            File.WriteAllBytes(path, bytes);

            var back = NiftiReader.Read(path);
            Assert.Equal("qform scanner_anat", back.Metadata[NiftiMetadataKeys.Transform]);
            Assert.True(g.ApproximatelyEquals(back.Geometry, originToleranceMm: 1e-4, directionTolerance: 1e-6), $"wrote {g}, read {back.Geometry}");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Header_fields_follow_nifti1_h_for_a_90_degree_rotation_about_z()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            // RAS columns i -> +y, j -> -x, k -> +z: a 90° rotation about z, quaternion (b, c, d) = (0, 0, sin 45°).
            // In LPS (negate x and y) that is W -> -y, H -> +x, D -> +z.
            var g = new VolumeGeometry
            {
                Spacing = new Spacing3(3, 2, 1),
                Origin = new Vector3d(10, 20, 30),
                AxisW = new Vector3d(0, -1, 0),
                AxisH = new Vector3d(1, 0, 0),
                AxisD = new Vector3d(0, 0, 1),
            };
            var path = Path.Combine(dir, "r.nii");
            NiftiWriter.Write(path, new Volume<short>(new Shape3(2, 3, 4), null, g));
            var b = File.ReadAllBytes(path);
            float F(int o) => BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(o));
            short S(int o) => BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(o));

            Assert.Equal(352 + 2 * 3 * 4 * 2, b.Length);
            Assert.Equal(348, BinaryPrimitives.ReadInt32LittleEndian(b));
            Assert.Equal("n+1\0"u8.ToArray(), b[344..348]);
            Assert.Equal([0, 0, 0, 0], b[348..352]);
            Assert.Equal([3, 4, 3, 2, 1, 1, 1, 1], Enumerable.Range(0, 8).Select(i => S(40 + 2 * i)));
            Assert.Equal(4, S(70)); // DT_INT16
            Assert.Equal(16, S(72));
            Assert.Equal([1f, 1f, 2f, 3f], Enumerable.Range(0, 4).Select(i => F(76 + 4 * i)));
            Assert.Equal(352f, F(108));
            Assert.Equal(2, b[123]); // NIFTI_UNITS_MM
            Assert.Equal(1, S(252));
            Assert.Equal(1, S(254));
            Assert.Equal(0f, F(256), 1e-7f);
            Assert.Equal(0f, F(260), 1e-7f);
            Assert.Equal(MathF.Sqrt(0.5f), F(264), 1e-6f);
            Assert.Equal([-10f, -20f, 30f], [F(268), F(272), F(276)]);
            // srow: RAS columns times spacing (i: +y * 1, j: -x * 2, k: +z * 3), offset (-10, -20, 30).
            Assert.Equal([0f, -2f, 0f, -10f], Enumerable.Range(0, 4).Select(i => F(280 + 4 * i)));
            Assert.Equal([1f, 0f, 0f, -20f], Enumerable.Range(0, 4).Select(i => F(296 + 4 * i)));
            Assert.Equal([0f, 0f, 3f, 30f], Enumerable.Range(0, 4).Select(i => F(312 + 4 * i)));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Gzip_output_is_deterministic_and_decodes_to_the_plain_file()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var v = Ramp<float>(Oblique());
            string a = Path.Combine(dir, "a.nii.gz"), b = Path.Combine(dir, "b.nii.gz"), plain = Path.Combine(dir, "p.nii");
            NiftiWriter.Write(a, v);
            NiftiWriter.Write(b, v);
            NiftiWriter.Write(plain, v);
            var bytesA = File.ReadAllBytes(a);

            Assert.Equal(bytesA, File.ReadAllBytes(b));
            Assert.Equal([0x1f, 0x8b, 8, 0, 0, 0, 0, 0], bytesA[..8]); // no flags, MTIME 0
            // The framework's own gzip decoder (an independent implementation of the container) agrees.
            using var gz = new GZipStream(new MemoryStream(bytesA), CompressionMode.Decompress);
            using var decoded = new MemoryStream();
            gz.CopyTo(decoded);
            Assert.Equal(File.ReadAllBytes(plain), decoded.ToArray());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Descrip_and_intent_survive_a_round_trip_and_long_text_is_cut_to_the_field()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var metadata = new Dictionary<string, string>
            {
                [NiftiMetadataKeys.Descrip] = new string('d', 100),
                [NiftiMetadataKeys.IntentName] = "label",
                [NiftiMetadataKeys.IntentCode] = "1002",
            };
            var path = Path.Combine(dir, "m.nii.gz");
            NiftiWriter.Write(path, new Volume<byte>(SmallShape, null, null, metadata));
            var back = NiftiReader.Read(path).Metadata;

            Assert.Equal(new string('d', 79), back[NiftiMetadataKeys.Descrip]);
            Assert.Equal("label", back[NiftiMetadataKeys.IntentName]);
            Assert.Equal("1002", back[NiftiMetadataKeys.IntentCode]);
            Assert.Equal("sform scanner_anat", back[NiftiMetadataKeys.Transform]);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Writing_replaces_an_existing_file_and_an_invalid_geometry_leaves_nothing_behind()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "x.nii");
            File.WriteAllText(path, "old");
            NiftiWriter.Write(path, new Volume<byte>(SmallShape));
            Assert.Equal(352 + SmallShape.VoxelCount, new FileInfo(path).Length);

            var bad = VolumeGeometry.Identity with { AxisH = new Vector3d(1, 0, 0) };
            var other = Path.Combine(dir, "bad.nii");
            Assert.Throws<ArgumentException>(() => NiftiWriter.Write(other, new Volume<byte>(SmallShape, null, bad)));
            Assert.Equal(["x.nii"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Extents_beyond_int16_are_refused_naming_the_dim_field()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "wide.nii");
            var e = Assert.Throws<VolumeFormatException>(() => NiftiWriter.Write(path, new Volume<byte>(new Shape3(1, 1, 40000))));
            Assert.Equal("dim[1]", e.Field);
            Assert.Contains("32767", e.Message);
            Assert.False(File.Exists(path));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void VolumeFile_dispatches_nii_and_nii_gz_to_nifti()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var v = Ramp<short>(Oblique());
            foreach (var name in new[] { "a.nii", "b.NII.GZ" })
            {
                var path = Path.Combine(dir, name);
                VolumeFile.Write(path, v);
                Assert.Equal(v.Data, VolumeFile.Read(path).As<short>().Data);
            }
        }
        finally { Directory.Delete(dir, true); }
    }
}
