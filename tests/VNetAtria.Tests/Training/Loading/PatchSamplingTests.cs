using VNetAtria.Augmentation;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Tensors;
using VNetAtria.Losses;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Training.Loading;
using static VNetAtria.Tests.Training.Loading.LoaderFixtures;

namespace VNetAtria.Tests.Training.Loading;

[Collection(TorchGlobalRngCollection.Name)]
public class PatchSamplingTests
{
    private static readonly PatchSampling Patches = new() { Size = new Shape3(4, 6, 8), ForegroundFraction = 1.0 / 3 };

    /// <summary>A label with a single foreground box [d0, d0 + 2) x [h0, h0 + 3) x [w0, w0 + 2).</summary>
    private static Volume<byte> BoxLabel(Shape3 shape, Index3 start)
    {
        var label = new Volume<byte>(shape);
        for (var d = start.D; d < start.D + 2; d++)
            for (var h = start.H; h < start.H + 3; h++)
                for (var w = start.W; w < start.W + 2; w++)
                    label[d, h, w] = 1;
        return label;
    }

    [Fact]
    public void Case_foreground_keeps_every_voxel_of_a_small_structure_in_raster_order()
    {
        var shape = new Shape3(5, 7, 9);
        var label = BoxLabel(shape, new Index3(1, 2, 3));
        var foreground = CaseForeground.Of(label);
        var expected = new List<Index3>();
        for (var d = 0; d < shape.Depth; d++)
            for (var h = 0; h < shape.Height; h++)
                for (var w = 0; w < shape.Width; w++)
                    if (label[d, h, w] != 0) expected.Add(new Index3(d, h, w));
        Assert.Equal(expected, Enumerable.Range(0, foreground.Count).Select(i => foreground[i]));
        Assert.Equal(0, CaseForeground.Of(new Volume<byte>(shape)).Count);
    }

    [Fact]
    public void Case_foreground_of_a_large_structure_keeps_10000_evenly_spaced_voxels()
    {
        // 25,000 foreground voxels (every other voxel of a 10x50x100 block): kept voxel k is foreground voxel floor(k * 2.5).
        var shape = new Shape3(10, 50, 100);
        var label = new Volume<byte>(shape);
        var all = new List<Index3>();
        for (var d = 0; d < shape.Depth; d++)
            for (var h = 0; h < shape.Height; h++)
                for (var w = 0; w < shape.Width; w += 2)
                {
                    label[d, h, w] = 255;
                    all.Add(new Index3(d, h, w));
                }
        var foreground = CaseForeground.Of(label);
        Assert.Equal(CaseForeground.MaxVoxels, foreground.Count);
        for (var k = 0; k < foreground.Count; k++) Assert.Equal(all[k * 25_000 / 10_000], foreground[k]);
    }

    [Fact]
    public void Patches_lie_inside_the_volume_depend_only_on_seed_epoch_and_sample_and_cover_every_start()
    {
        var shape = new Shape3(6, 9, 10);
        var foreground = CaseForeground.Of(BoxLabel(shape, new Index3(3, 5, 7)));
        var uniform = Patches with { ForegroundFraction = 0 };
        var starts = new Dictionary<Index3, int>();
        for (var s = 0; s < 3000; s++)
        {
            var box = PatchSampler.Choose(uniform, 5, 2, s, shape, foreground);
            Assert.Equal(box, PatchSampler.Choose(uniform, 5, 2, s, shape, foreground));
            Assert.Equal(Patches.Size, box.Size);
            Assert.True(box.IsInside(shape), $"{box} leaves {shape}");
            starts[box.Start] = starts.GetValueOrDefault(box.Start) + 1;
        }
        // 3 x 4 x 3 = 36 possible starts, each expected 3000 / 36 = 83 times; a uniform draw stays well within 40-130.
        Assert.Equal(36, starts.Count);
        Assert.All(starts.Values, n => Assert.InRange(n, 40, 130));
        Assert.NotEqual(PatchSampler.Choose(uniform, 5, 2, 0, shape, foreground), PatchSampler.Choose(uniform, 6, 2, 0, shape, foreground));
    }

    [Fact]
    public void Forced_patches_hold_foreground_and_about_the_configured_fraction_is_forced()
    {
        // A tiny structure in a corner that uniform patches rarely include.
        var shape = new Shape3(12, 30, 40);
        var label = BoxLabel(shape, new Index3(10, 27, 38));
        var foreground = CaseForeground.Of(label);
        bool HoldsForeground(Box3 box) => Enumerable.Range(0, foreground.Count).Any(i => box.Contains(foreground[i]));
        Assert.All(Enumerable.Range(0, 200), s => Assert.True(HoldsForeground(PatchSampler.Choose(Patches with { ForegroundFraction = 1 }, 1, 0, s, shape, foreground))));
        var withForeground = Enumerable.Range(0, 3000).Count(s => HoldsForeground(PatchSampler.Choose(Patches, 1, 0, s, shape, foreground)));
        // Forced 1/3 of the time; uniform patches hold the corner with probability (1/9)(1/25)(1/33), about 0.0001.
        Assert.InRange(withForeground / 3000.0, 0.30, 0.37);
        // Without foreground every patch is uniform.
        Assert.True(PatchSampler.Choose(Patches with { ForegroundFraction = 1 }, 1, 0, 0, shape, CaseForeground.Of(new Volume<byte>(shape))).IsInside(shape));
        Assert.Contains("pad it to at least the patch size", Assert.Throws<ArgumentException>(() => PatchSampler.Choose(Patches, 1, 0, 0, new Shape3(3, 30, 40), foreground)).Message);
    }

    [Fact]
    public void A_patch_tensor_is_the_box_of_the_volume()
    {
        var volume = new Volume<short>(new Shape3(5, 6, 7));
        for (var i = 0; i < volume.Data.Length; i++) volume.Data[i] = (short)(i * 3 - 50);
        var box = new Box3(new Index3(1, 2, 3), new Shape3(3, 4, 2));
        using var t = VolumeTensors.ToBatchTensor(volume, box, dtype: TorchSharp.torch.ScalarType.Float32);
        Assert.Equal([1L, 1, 3, 4, 2], t.shape);
        Assert.Equal(VolumeOps.Crop(volume, box).Data.Select(v => (float)v), Values(t));
        Assert.Throws<ArgumentException>(() => VolumeTensors.ToBatchTensor(volume, new Box3(new Index3(3, 0, 0), new Shape3(3, 4, 2))));
    }

    [Fact]
    public void The_loader_cuts_each_sample_from_its_described_patch_of_cases_of_any_shape()
    {
        var cases = Cases(2, new Shape3(6, 12, 12)).Concat(Cases(3, new Shape3(5, 14, 16)).Skip(2)).ToArray();
        var options = new BatchLoaderOptions
        {
            BatchSize = 2, Seed = 3, Workers = 2, Patches = Patches, Augmentation = NoAugmentation.Instance,
            NormalisationMean = 60, NormalisationStd = 40, LevelSets = true,
        };
        var loader = new BatchLoader(cases, options);
        var batches = Collect(loader, 4);
        var voxels = (int)Patches.Size.VoxelCount;
        var sample = 0;
        var order = loader.Schedule.Order(4);
        foreach (var (images, labels, levelSets, ids) in batches)
        {
            Assert.Equal(ids.Length * voxels, images.Length);
            for (var i = 0; i < ids.Length; i++, sample++)
            {
                var (c, region, _) = loader.Describe(4, order[sample]);
                Assert.Equal(c.CaseId, ids[i]);
                var crop = VolumeOps.Crop((Volume<byte>)c.Image, region);
                Assert.Equal(crop.Data.Select(v => (float)((v - 60.0) / 40.0)).ToArray(), images.AsSpan(i * voxels, voxels).ToArray(), (x, y) => Math.Abs(x - y) < 1e-6);
                var label = VolumeOps.Crop(c.Label, region).Data.Select(v => v == 0 ? (byte)0 : (byte)1).ToArray();
                Assert.Equal(label.Select(v => (float)v), labels.AsSpan(i * voxels, voxels).ToArray());
                Assert.Equal(LevelSets.Compute(label, Patches.Size), levelSets!.AsSpan(i * voxels, voxels).ToArray());
            }
        }
        Assert.Equal(cases.Length, sample);
        // Pure in (seed, epoch, batch): another loader, no workers, and a resumed epoch give the same batches.
        SameBatches(batches, Collect(new BatchLoader(cases, options with { Workers = 0 }), 4));
        SameBatches(batches.Skip(1).ToList(), Collect(loader, 4, firstBatch: 1));
        Assert.NotEqual(batches.SelectMany(b => b.Images), Collect(loader, 5).SelectMany(b => b.Images));
    }

    [Fact]
    public void Cases_smaller_than_a_patch_are_refused_and_whole_cases_of_any_shape_go_one_per_batch()
    {
        var small = Cases(1, new Shape3(3, 12, 12));
        Assert.Contains("smaller than the 4x6x8 patch", Assert.Throws<ArgumentException>(() => new BatchLoader(small, new BatchLoaderOptions { Patches = Patches })).Message);
        var mixed = Cases(1, new Shape3(4, 12, 12)).Concat(Cases(1, new Shape3(4, 12, 16))).ToArray();
        var validation = new ValidationBatchSource(mixed, new BatchLoaderOptions { BatchSize = 1, Patches = Patches, Workers = 0 });
        var batches = Collect(validation, 0);
        Assert.Equal([4 * 12 * 12, 4 * 12 * 16], batches.Select(b => b.Images.Length));
    }
}
