namespace VNetAtria.Imaging;

/// <summary>Which voxels count as neighbours when grouping a mask into connected components.</summary>
public enum Connectivity
{
    /// <summary>Voxels sharing a face (6 neighbours; scipy.ndimage.label's default structure).</summary>
    Faces = 6,

    /// <summary>Voxels sharing a face, an edge or a corner (26 neighbours; scipy's generate_binary_structure(3, 3), skimage's connectivity=3).</summary>
    Full = 26,
}

/// <summary>
/// The connected components of a mask: a label per voxel (0 background, 1..<see cref="Count"/> foreground, numbered
/// in raster order of each component's first voxel, as scipy.ndimage.label numbers them) and each component's size.
/// </summary>
/// <param name="Shape">The mask's shape.</param>
/// <param name="Labels">Label of every voxel, C order (D, H, W).</param>
/// <param name="Sizes">Sizes[k] is the number of voxels of component k + 1.</param>
public sealed record ComponentLabelling(Shape3 Shape, int[] Labels, long[] Sizes)
{
    /// <summary>Number of foreground components.</summary>
    public int Count => Sizes.Length;
}

/// <summary>
/// Fast 3-D connected-component labelling of binary masks (foreground = any non-zero voxel).
/// <para>
/// Works on runs (maximal stretches of foreground along W) rather than voxels, with union-find over run ids: a run
/// is joined to the runs of the previous row in its plane and of the rows of the previous plane that touch it
/// (overlapping W ranges for <see cref="Connectivity.Faces"/>; ranges one voxel apart allowed, and the diagonal rows
/// h - 1 and h + 1 of the previous plane, for <see cref="Connectivity.Full"/>). Memory and union work grow with the
/// number of runs, not voxels, so a smooth 88x640x640 segmentation has a few tens of thousands of runs.
/// Runs are found per plane in parallel; unions run in parallel per slab of planes (links stay inside the slab,
/// because roots are always the smaller run id), then the slab borders are joined serially.
/// </para>
/// </summary>
public static class ConnectedComponents
{
    /// <summary>Labels every voxel of <paramref name="mask"/> (non-zero = foreground).</summary>
    /// <exception cref="ArgumentException">The mask's length does not match <paramref name="shape"/>.</exception>
    public static ComponentLabelling Label(byte[] mask, Shape3 shape, Connectivity connectivity = Connectivity.Full)
    {
        var runs = Runs.Find(mask, shape, connectivity);
        var labels = new int[mask.Length];
        var runLabel = runs.RunLabels;
        Parallel.For(0, shape.Depth, d =>
        {
            for (var h = 0; h < shape.Height; h++)
            {
                var row = d * shape.Height + h;
                var offset = (long)row * shape.Width;
                for (var r = runs.RowFirst[row]; r < runs.RowFirst[row + 1]; r++)
                    Array.Fill(labels, runLabel[r], (int)(offset + runs.Start[r]), runs.End[r] - runs.Start[r]);
            }
        });
        return new ComponentLabelling(shape, labels, runs.Sizes);
    }

    /// <summary>Labels a volume's voxels (non-zero = foreground).</summary>
    public static ComponentLabelling Label(Volume<byte> mask, Connectivity connectivity = Connectivity.Full) => Label(mask.Data, mask.Shape, connectivity);

    /// <summary>
    /// The mask with every foreground voxel outside its largest component set to 0 (the kept voxels keep their values).
    /// Ties go to the component whose first voxel comes first in raster order. An empty mask comes back empty.
    /// Also returns how many components the mask had.
    /// </summary>
    /// <exception cref="ArgumentException">The mask's length does not match <paramref name="shape"/>.</exception>
    public static (byte[] Mask, int Components) KeepLargest(byte[] mask, Shape3 shape, Connectivity connectivity = Connectivity.Full)
    {
        var runs = Runs.Find(mask, shape, connectivity);
        var result = new byte[mask.Length];
        if (runs.Sizes.Length == 0) return (result, 0);
        var best = 0;
        for (var k = 1; k < runs.Sizes.Length; k++)
            if (runs.Sizes[k] > runs.Sizes[best]) best = k;
        var keep = best + 1;
        Parallel.For(0, shape.Depth, d =>
        {
            for (var h = 0; h < shape.Height; h++)
            {
                var row = d * shape.Height + h;
                var offset = (int)((long)row * shape.Width);
                for (var r = runs.RowFirst[row]; r < runs.RowFirst[row + 1]; r++)
                {
                    if (runs.RunLabels[r] != keep) continue;
                    var s = offset + runs.Start[r];
                    Array.Copy(mask, s, result, s, runs.End[r] - runs.Start[r]);
                }
            }
        });
        return (result, runs.Sizes.Length);
    }

    /// <summary>A volume's largest component (see <see cref="KeepLargest(byte[], Shape3, Connectivity)"/>), with its geometry and metadata.</summary>
    public static Volume<byte> KeepLargest(Volume<byte> mask, Connectivity connectivity = Connectivity.Full) =>
        mask.WithData(KeepLargest(mask.Data, mask.Shape, connectivity).Mask);

    /// <summary>Runs of every row, their component labels and the component sizes.</summary>
    private sealed class Runs
    {
        public required int[] RowFirst { get; init; }   // runs of row r are RowFirst[r] .. RowFirst[r + 1] - 1
        public required int[] Start { get; init; }      // first W of each run
        public required int[] End { get; init; }        // exclusive end W of each run
        public required int[] RunLabels { get; init; }  // component label (1-based) of each run
        public required long[] Sizes { get; init; }

        public static Runs Find(byte[] mask, Shape3 shape, Connectivity connectivity)
        {
            if (mask.LongLength != shape.VoxelCount)
                throw new ArgumentException($"Connected components: {mask.LongLength} voxels given for shape {shape}, which needs {shape.VoxelCount}.", nameof(mask));
            if (connectivity is not (Connectivity.Faces or Connectivity.Full))
                throw new ArgumentOutOfRangeException(nameof(connectivity), connectivity, "Connectivity must be Faces (6) or Full (26).");
            var (depth, height, width) = (shape.Depth, shape.Height, shape.Width);
            var rows = depth * height;

            // 1. Runs per row (parallel over planes), then their global numbering by a prefix sum.
            var counts = new int[rows + 1];
            Parallel.For(0, depth, d =>
            {
                for (var h = 0; h < height; h++)
                {
                    var row = d * height + h;
                    var span = mask.AsSpan((int)((long)row * width), width);
                    var n = 0;
                    var inside = false;
                    foreach (var v in span)
                    {
                        var fg = v != 0;
                        if (fg && !inside) n++;
                        inside = fg;
                    }
                    counts[row + 1] = n;
                }
            });
            for (var r = 0; r < rows; r++) counts[r + 1] += counts[r];
            var rowFirst = counts;
            var total = rowFirst[rows];
            var start = new int[total];
            var end = new int[total];
            Parallel.For(0, depth, d =>
            {
                for (var h = 0; h < height; h++)
                {
                    var row = d * height + h;
                    var span = mask.AsSpan((int)((long)row * width), width);
                    var k = rowFirst[row];
                    var w = 0;
                    while (w < width)
                    {
                        var next = span[w..].IndexOfAnyExcept((byte)0);
                        if (next < 0) break;
                        w += next;
                        var len = span[w..].IndexOf((byte)0);
                        var e = len < 0 ? width : w + len;
                        start[k] = w;
                        end[k] = e;
                        k++;
                        w = e;
                    }
                }
            });

            // 2. Unions: slabs of planes in parallel, then the planes at slab borders.
            var parent = new int[total];
            for (var i = 0; i < total; i++) parent[i] = i;
            var slabs = Math.Max(1, Math.Min(depth, Environment.ProcessorCount * 2));
            var bounds = Enumerable.Range(0, slabs + 1).Select(s => (int)((long)depth * s / slabs)).ToArray();
            var ctx = new UnionContext(parent, rowFirst, start, end, height, connectivity == Connectivity.Full);
            Parallel.For(0, slabs, s =>
            {
                for (var d = bounds[s]; d < bounds[s + 1]; d++) ctx.JoinPlane(d, withPrevious: d > bounds[s]);
            });
            for (var s = 1; s < slabs; s++)
                if (bounds[s] < depth && bounds[s] > 0) ctx.JoinPreviousPlaneOnly(bounds[s]);

            // 3. Labels in raster order of each component's first voxel (runs are in raster order), and sizes.
            var runLabels = new int[total];
            var rootLabel = new int[total];
            var sizes = new List<long>();
            for (var r = 0; r < total; r++)
            {
                var root = ctx.Find(r);
                if (rootLabel[root] == 0)
                {
                    sizes.Add(0);
                    rootLabel[root] = sizes.Count;
                }
                var label = rootLabel[root];
                runLabels[r] = label;
                sizes[label - 1] += end[r] - start[r];
            }
            return new Runs { RowFirst = rowFirst, Start = start, End = end, RunLabels = runLabels, Sizes = [.. sizes] };
        }
    }

    /// <summary>Union-find over run ids; the root of a set is its smallest run id.</summary>
    private sealed class UnionContext(int[] parent, int[] rowFirst, int[] start, int[] end, int height, bool full)
    {
        public int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]]; // path halving
                x = parent[x];
            }
            return x;
        }

        private void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a == b) return;
            if (a < b) parent[b] = a;
            else parent[a] = b;
        }

        /// <summary>Joins plane d's rows to their previous row, and (when asked) to the previous plane.</summary>
        public void JoinPlane(int d, bool withPrevious)
        {
            for (var h = 0; h < height; h++)
            {
                var row = d * height + h;
                if (h > 0) JoinRows(row, row - 1, full);
                if (withPrevious) JoinToPreviousPlane(d, h, row);
            }
        }

        /// <summary>Joins plane d to plane d - 1 only (slab borders).</summary>
        public void JoinPreviousPlaneOnly(int d)
        {
            for (var h = 0; h < height; h++) JoinToPreviousPlane(d, h, d * height + h);
        }

        private void JoinToPreviousPlane(int d, int h, int row)
        {
            var above = (d - 1) * height + h;
            JoinRows(row, above, full);
            if (!full) return;
            if (h > 0) JoinRows(row, above - 1, true);
            if (h + 1 < height) JoinRows(row, above + 1, true);
        }

        /// <summary>
        /// Unions the runs of two rows that touch: overlapping W ranges, or (with <paramref name="diagonal"/>, for
        /// 26-connectivity) ranges whose ends are at most one voxel apart. Both run lists are sorted: a merge walk.
        /// </summary>
        private void JoinRows(int rowA, int rowB, bool diagonal)
        {
            var reach = diagonal ? 1 : 0;
            int i = rowFirst[rowA], iEnd = rowFirst[rowA + 1];
            int j = rowFirst[rowB], jEnd = rowFirst[rowB + 1];
            while (i < iEnd && j < jEnd)
            {
                if (start[i] < end[j] + reach && start[j] < end[i] + reach) Union(i, j);
                // Advance the run that ends first; the other may still touch the next run of this row.
                if (end[i] < end[j]) i++;
                else j++;
            }
        }
    }
}
