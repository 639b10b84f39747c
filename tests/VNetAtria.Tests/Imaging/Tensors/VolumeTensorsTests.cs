using System.Numerics;
using TorchSharp;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Tensors;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Imaging.Tensors;

public class VolumeTensorsTests
{
    // Load the native library the checked way before any direct torch call below.
    public VolumeTensorsTests() => VNetAtria.Runtime.TorchRuntime.EnsureAvailable();

    private static readonly VolumeGeometry Geometry = new()
    {
        Spacing = new Spacing3(2.5, 0.625, 0.5),
        Origin = new Vector3d(-10, 20.5, 3),
        AxisD = new Vector3d(0, 0, -1),
        AxisH = new Vector3d(0, 1, 0),
        AxisW = new Vector3d(-1, 0, 0),
        SourceSpace = "right-anterior-superior",
    };

    private static readonly Dictionary<string, string> Metadata = new() { ["modality"] = "LGE-MRI", ["case"] = "ABC123" };

    /// <summary>A 2x3x4 volume whose voxel (d, h, w) holds 100d + 10h + w - 60 (negative values for signed types).</summary>
    private static Volume<T> Numbered<T>(bool signed) where T : unmanaged, INumber<T>
    {
        var shape = new Shape3(2, 3, 4);
        var v = new Volume<T>(shape, geometry: Geometry, metadata: Metadata);
        for (var d = 0; d < 2; d++)
            for (var h = 0; h < 3; h++)
                for (var w = 0; w < 4; w++)
                    v[d, h, w] = T.CreateChecked(100 * d + 10 * h + w - (signed ? 60 : 0));
        return v;
    }

    private static void RoundTrip<T>(bool signed, ScalarType expected) where T : unmanaged, INumber<T>
    {
        var volume = Numbered<T>(signed);

        using var tensor = VolumeTensors.ToTensor(volume);

        Assert.Equal(new long[] { 2, 3, 4 }, tensor.shape);
        Assert.Equal(expected, tensor.dtype);
        // Element (d, h, w) of the tensor is voxel (d, h, w): C order, W fastest.
        Assert.Equal(volume[1, 2, 3], tensor[1, 2, 3].item<T>());
        Assert.Equal(volume[0, 1, 2], tensor[0, 1, 2].item<T>());
        var back = VolumeTensors.FromTensor<T>(tensor, volume.Geometry, volume.Metadata);
        Assert.Equal(volume.Shape, back.Shape);
        Assert.Equal(volume.Data, back.Data);
        Assert.Same(Geometry, back.Geometry);
        Assert.Equal(Metadata, back.Metadata);
    }

    [Fact] public void Byte_volumes_round_trip_through_uint8_tensors() => RoundTrip<byte>(false, ScalarType.Byte);
    [Fact] public void Sbyte_volumes_round_trip_through_int8_tensors() => RoundTrip<sbyte>(true, ScalarType.Int8);
    [Fact] public void Short_volumes_round_trip_through_int16_tensors() => RoundTrip<short>(true, ScalarType.Int16);
    [Fact] public void Int_volumes_round_trip_through_int32_tensors() => RoundTrip<int>(true, ScalarType.Int32);
    [Fact] public void Long_volumes_round_trip_through_int64_tensors() => RoundTrip<long>(true, ScalarType.Int64);
    [Fact] public void Float_volumes_round_trip_through_float32_tensors() => RoundTrip<float>(true, ScalarType.Float32);
    [Fact] public void Double_volumes_round_trip_through_float64_tensors() => RoundTrip<double>(true, ScalarType.Float64);

    [Fact]
    public void The_tensor_owns_a_copy_so_later_changes_to_either_side_do_not_leak()
    {
        var volume = Numbered<float>(true);
        using var tensor = VolumeTensors.ToTensor(volume);
        var back = VolumeTensors.FromTensor<float>(tensor, volume);

        volume[0, 0, 0] = 1000;
        using (var cell = tensor[1, 1, 1])
        using (var value = (-1000f).ToScalar())
            cell.fill_(value);

        Assert.Equal(-60f, tensor[0, 0, 0].item<float>());
        Assert.Equal(51f, back[1, 1, 1]);
    }

    [Fact]
    public void A_batch_tensor_is_one_by_one_by_D_H_W_and_converts_back_like_the_volume()
    {
        var volume = Numbered<short>(true);

        using var batch = VolumeTensors.ToBatchTensor(volume, dtype: ScalarType.Float32);

        Assert.Equal(new long[] { 1, 1, 2, 3, 4 }, batch.shape);
        Assert.Equal(ScalarType.Float32, batch.dtype);
        Assert.Equal(52f, batch[0, 0, 1, 1, 2].item<float>()); // 100 + 10 + 2 - 60
        Assert.Equal(volume.Data, VolumeTensors.FromTensor<short>(batch, volume).Data);
    }

    [Fact]
    public void The_element_type_follows_the_tensor_when_it_is_not_given()
    {
        using var mask = VolumeTensors.ToTensor(Numbered<float>(true)).gt(HeldScalars.Zero);
        Assert.Equal(ScalarType.Bool, mask.dtype);

        var volume = VolumeTensors.FromTensor(mask, Geometry);

        Assert.Equal(VoxelType.UInt8, volume.VoxelType);
        var bytes = volume.As<byte>();
        Assert.Equal(0, bytes[0, 0, 0]);   // -60
        Assert.Equal(1, bytes[1, 0, 0]);   // 40
        Assert.Equal(Geometry, volume.Geometry);
    }

    [Fact]
    public void A_strided_view_is_read_in_its_logical_order()
    {
        // A (W, H, D) permutation viewed back as (D, H, W) is non-contiguous; values must follow the indices, not memory.
        using var count = 24.ToScalar();
        using var wdh = torch.arange(HeldScalars.Zero, count, HeldScalars.One, dtype: ScalarType.Int32).reshape(4, 3, 2);
        using var dhw = wdh.permute(2, 1, 0);
        Assert.False(dhw.is_contiguous());

        var volume = VolumeTensors.FromTensor<int>(dhw);

        for (var d = 0; d < 2; d++)
            for (var h = 0; h < 3; h++)
                for (var w = 0; w < 4; w++)
                    Assert.Equal(w * 6 + h * 2 + d, volume[d, h, w]);
    }

    [Fact]
    public void The_runtime_element_type_path_gives_the_same_tensor_as_the_generic_one()
    {
        IVolume volume = Numbered<double>(true);

        using var tensor = VolumeTensors.ToTensor(volume);

        Assert.Equal(ScalarType.Float64, tensor.dtype);
        Assert.Equal(((Volume<double>)volume).Data, tensor.data<double>().ToArray());
    }

    [Theory]
    [InlineData(VoxelType.UInt16, "ConvertTo<int>()")]
    [InlineData(VoxelType.UInt32, "ConvertTo<long>()")]
    [InlineData(VoxelType.UInt64, "ConvertTo<double>()")]
    public void Unsigned_wide_voxels_are_refused_with_the_conversion_to_use(VoxelType type, string fix)
    {
        var e = Assert.Throws<NotSupportedException>(() => VolumeTensors.ScalarTypeOf(type));
        Assert.Contains(fix, e.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => VolumeTensors.ToTensor(new Volume<ushort>(new Shape3(1, 1, 2))));
    }

    [Theory]
    [InlineData(new long[] { 3, 4 })]
    [InlineData(new long[] { 2, 1, 2, 3, 4 })]
    public void Tensors_that_hold_more_or_less_than_one_volume_are_refused_with_their_shape(long[] shape)
    {
        using var tensor = torch.zeros(shape);

        var e = Assert.Throws<ArgumentException>(() => VolumeTensors.FromTensor<float>(tensor));

        Assert.Contains("(" + string.Join(", ", shape) + ")", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Converting_back_against_a_volume_of_another_shape_is_refused()
    {
        using var tensor = torch.zeros(2, 3, 5);

        Assert.Throws<ArgumentException>(() => VolumeTensors.FromTensor<float>(tensor, Numbered<float>(true)));
    }
}
