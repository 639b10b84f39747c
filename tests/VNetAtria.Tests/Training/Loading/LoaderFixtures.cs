using VNetAtria.Imaging;
using VNetAtria.Training;
using VNetAtria.Training.Loading;

namespace VNetAtria.Tests.Training.Loading;

internal static class LoaderFixtures
{
    /// <summary>Cases "case-k": uint8 images with a case-specific ramp and a 0/255 box label that moves with k.</summary>
    public static LoaderCase[] Cases(int count, Shape3 shape)
    {
        var cases = new LoaderCase[count];
        for (var k = 0; k < count; k++)
        {
            var image = new Volume<byte>(shape);
            var label = new Volume<byte>(shape);
            for (var d = 0; d < shape.Depth; d++)
                for (var h = 0; h < shape.Height; h++)
                    for (var w = 0; w < shape.Width; w++)
                    {
                        var inside = d >= 1 && d < shape.Depth - 1 && h >= 2 + k % 3 && h < shape.Height / 2 + k % 3 && w >= 3 && w < shape.Width - 3;
                        label[d, h, w] = (byte)(inside ? 255 : 0);
                        image[d, h, w] = (byte)((inside ? 150 : 20) + (7 * k + d + h + w) % 40);
                    }
            cases[k] = new LoaderCase($"case-{k}", image, label);
        }
        return cases;
    }

    public static float[] Values(TorchSharp.torch.Tensor t) => t.contiguous().data<float>().ToArray();

    /// <summary>Every batch of an epoch as managed copies (disposing the tensors), so batches can be compared.</summary>
    public static List<(float[] Images, float[] Labels, float[]? LevelSets, string[] Ids)> Collect(IBatchSource source, int epoch, int firstBatch = 0)
    {
        var result = new List<(float[], float[], float[]?, string[])>();
        foreach (var batch in source.Epoch(epoch, firstBatch))
            using (batch)
                result.Add((Values(batch.Images), Values(batch.Labels), batch.LevelSets is null ? null : Values(batch.LevelSets), batch.CaseIds.ToArray()));
        return result;
    }

    public static void SameBatches(
        List<(float[] Images, float[] Labels, float[]? LevelSets, string[] Ids)> expected,
        List<(float[] Images, float[] Labels, float[]? LevelSets, string[] Ids)> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Ids, actual[i].Ids);
            Assert.Equal(expected[i].Images, actual[i].Images);
            Assert.Equal(expected[i].Labels, actual[i].Labels);
            Assert.Equal(expected[i].LevelSets, actual[i].LevelSets);
        }
    }
}
