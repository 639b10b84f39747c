using VNetAtria.Imaging.Formats.Hdf5;

namespace VNetAtria.Tests.Imaging.Formats.Hdf5;

public class AxisReversalTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 4)]
    [InlineData(37, 5, 70)]   // partial tiles on both tiled axes
    [InlineData(64, 2, 32)]   // exact tiles
    public void Transpose_matches_the_index_definition_and_is_its_own_inverse(int n0, int n1, int n2)
    {
        var source = Enumerable.Range(0, n0 * n1 * n2).ToArray();
        var result = new int[source.Length];
        AxisReversal.Transpose<int>(source, n0, n1, n2, result);

        // Brute force: result[c, b, a] = source[a, b, c].
        for (var a = 0; a < n0; a++)
            for (var b = 0; b < n1; b++)
                for (var c = 0; c < n2; c++)
                    Assert.Equal(source[(a * n1 + b) * n2 + c], result[(c * n1 + b) * n0 + a]);

        var back = new int[source.Length];
        AxisReversal.Transpose<int>(result, n2, n1, n0, back);
        Assert.Equal(source, back);
    }

    [Fact]
    public void Mismatched_buffer_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => AxisReversal.Transpose<int>(new int[6], 1, 2, 3, new int[5]));
    }
}
