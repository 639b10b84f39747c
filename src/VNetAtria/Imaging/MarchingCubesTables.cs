namespace VNetAtria.Imaging;

/// <summary>
/// The lookup tables of marching cubes (Lorensen and Cline, "Marching Cubes: A High Resolution 3D Surface Construction
/// Algorithm", SIGGRAPH 1987): for each of the 256 inside/outside patterns of a cube's 8 corners, which of its 12 edges
/// the surface crosses (<see cref="EdgeTable"/>) and the triangles joining those crossings (<see cref="TriangleTable"/>,
/// three edge numbers per triangle: the layout of Paul Bourke's widely used tables, with this class's own corner and edge
/// numbering).
/// <para>
/// The triangle table is derived here from one rule instead of being typed in. The classic 256-case table is built from
/// 15 cases by rotation and complement, and complement treats a face with two diagonally opposite inside corners
/// differently in two neighbouring cubes, which leaves holes (Dürst 1988; Nielson and Hamann, "The asymptotic decider",
/// 1991). Here every face is cut by the marching-squares rule with inside corners kept apart on such faces (the surface of
/// a face-connected foreground). The rule depends on the face's four corners alone, so the two cubes sharing a face cut
/// it identically and the mesh is closed. Each cube's face segments are joined into loops, oriented so that triangle normals (right-hand rule) point from inside to outside, and each loop is
/// split into a fan of triangles.
/// </para>
/// Corner k of a cube sits at (d, h, w) offsets ((k &gt;&gt; 2) &amp; 1, (k &gt;&gt; 1) &amp; 1, k &amp; 1).
/// </summary>
public static class MarchingCubesTables
{
    /// <summary>Corner k's (d, h, w) offset from the cube's first corner.</summary>
    public static IReadOnlyList<Index3> CornerOffsets { get; } =
        Enumerable.Range(0, 8).Select(k => new Index3((k >> 2) & 1, (k >> 1) & 1, k & 1)).ToArray();

    /// <summary>
    /// The two corners (lower first) of each of the 12 cube edges. Edges 0-3 run along W, 4-7 along H, 8-11 along D;
    /// an edge along axis a starts at a corner whose bit for a is 0.
    /// </summary>
    public static IReadOnlyList<(int From, int To)> EdgeCorners { get; } = BuildEdges();

    /// <summary>The axis (0 = D, 1 = H, 2 = W) each edge runs along.</summary>
    public static IReadOnlyList<int> EdgeAxis { get; } =
        Enumerable.Range(0, 12).Select(e => e < 4 ? 2 : e < 8 ? 1 : 0).ToArray();

    /// <summary>For each case (bit k set when corner k is inside), a 12-bit mask of the edges the surface crosses.</summary>
    public static IReadOnlyList<int> EdgeTable { get; }

    /// <summary>For each case, the triangles as edge numbers, three per triangle, wound so normals point outward.</summary>
    public static IReadOnlyList<int[]> TriangleTable { get; }

    /// <summary>The 6 faces' corners, counter-clockwise seen from outside (computed before the tables that use them).</summary>
    private static readonly int[][] FaceCorners = Faces();

    static MarchingCubesTables()
    {
        var edges = new int[256];
        var triangles = new int[256][];
        for (var c = 0; c < 256; c++)
        {
            for (var e = 0; e < 12; e++)
            {
                var (a, b) = EdgeCorners[e];
                if (((c >> a) & 1) != ((c >> b) & 1)) edges[c] |= 1 << e;
            }
            triangles[c] = Triangulate(c);
        }
        EdgeTable = edges;
        TriangleTable = triangles;
    }

    private static (int, int)[] BuildEdges()
    {
        var list = new List<(int, int)>();
        // Bit 0 is W, bit 1 is H, bit 2 is D: edges along W first, then H, then D.
        foreach (var bit in new[] { 1, 2, 4 })
            for (var k = 0; k < 8; k++)
                if ((k & bit) == 0) list.Add((k, k | bit));
        return list.ToArray();
    }

    private static int EdgeBetween(int a, int b)
    {
        for (var e = 0; e < 12; e++)
        {
            var (x, y) = EdgeCorners[e];
            if ((x == a && y == b) || (x == b && y == a)) return e;
        }
        throw new InvalidOperationException($"Corners {a} and {b} do not share a cube edge.");
    }

    /// <summary>The 6 faces, each as 4 corners counter-clockwise seen from outside the cube (right-handed (w, h, d) space).</summary>
    private static int[][] Faces()
    {
        var faces = new List<int[]>();
        // Position of corner k as (x, y, z) = (w, h, d), right-handed.
        static (int X, int Y, int Z) P(int k) => (k & 1, (k >> 1) & 1, (k >> 2) & 1);
        foreach (var bit in new[] { 1, 2, 4 })
        {
            foreach (var side in new[] { 0, 1 })
            {
                var corners = Enumerable.Range(0, 8).Where(k => ((k & bit) != 0) == (side == 1)).ToList();
                var normal = bit switch { 1 => (1, 0, 0), 2 => (0, 1, 0), _ => (0, 0, 1) };
                var sign = side == 1 ? 1 : -1;
                var n = (X: normal.Item1 * sign, Y: normal.Item2 * sign, Z: normal.Item3 * sign);
                // Walk the square: start at the first corner, each step to a neighbour (one bit different) not yet used,
                // then reverse when the turn is clockwise about the outward normal.
                var order = new List<int> { corners[0] };
                while (order.Count < 4)
                {
                    var last = order[^1];
                    order.Add(corners.First(k => !order.Contains(k) && BitCount(k ^ last) == 1));
                }
                var (a, b, c) = (P(order[0]), P(order[1]), P(order[2]));
                var u = (X: b.X - a.X, Y: b.Y - a.Y, Z: b.Z - a.Z);
                var v = (X: c.X - b.X, Y: c.Y - b.Y, Z: c.Z - b.Z);
                var cross = (X: u.Y * v.Z - u.Z * v.Y, Y: u.Z * v.X - u.X * v.Z, Z: u.X * v.Y - u.Y * v.X);
                if (cross.X * n.X + cross.Y * n.Y + cross.Z * n.Z < 0) order.Reverse();
                faces.Add(order.ToArray());
            }
        }
        return faces.ToArray();
    }

    private static int BitCount(int x) => System.Numerics.BitOperations.PopCount((uint)x);

    private static int[] Triangulate(int cubeCase)
    {
        bool Inside(int k) => ((cubeCase >> k) & 1) != 0;
        // Directed segments entry -> exit on every face (see the class remarks); next[from] = to.
        var next = new int[12];
        Array.Fill(next, -1);
        foreach (var face in FaceCorners)
        {
            // Walking counter-clockwise, an entry is followed by the exit that closes the same inside run: pair each entry
            // with the next exit around the face. With two inside runs (the ambiguous face) this keeps them apart.
            var crossings = new List<(int Edge, bool IsEntry)>();
            for (var i = 0; i < 4; i++)
            {
                int a = face[i], b = face[(i + 1) % 4];
                if (Inside(a) != Inside(b)) crossings.Add((EdgeBetween(a, b), !Inside(a)));
            }
            for (var i = 0; i < crossings.Count; i++)
            {
                if (!crossings[i].IsEntry) continue;
                for (var j = 1; j < crossings.Count; j++)
                {
                    var candidate = crossings[(i + j) % crossings.Count];
                    if (candidate.IsEntry) continue;
                    if (next[crossings[i].Edge] != -1)
                        throw new InvalidOperationException($"Marching cubes table: case {cubeCase} gives edge {crossings[i].Edge} two successors.");
                    next[crossings[i].Edge] = candidate.Edge;
                    break;
                }
            }
        }
        // Follow the successor links into loops and fan-triangulate each.
        var triangles = new List<int>();
        var used = new bool[12];
        for (var start = 0; start < 12; start++)
        {
            if (next[start] == -1 || used[start]) continue;
            var loop = new List<int>();
            for (var e = start; !used[e]; e = next[e])
            {
                if (next[e] == -1)
                    throw new InvalidOperationException($"Marching cubes table: case {cubeCase} leaves edge {e} without a successor.");
                used[e] = true;
                loop.Add(e);
            }
            if (loop[0] != start || loop.Count < 3)
                throw new InvalidOperationException($"Marching cubes table: case {cubeCase} gives a malformed loop [{string.Join(",", loop)}].");
            var apex = ChooseApex(loop);
            for (var i = 1; i < loop.Count - 1; i++)
            {
                triangles.Add(loop[apex]);
                triangles.Add(loop[(apex + i) % loop.Count]);
                triangles.Add(loop[(apex + i + 1) % loop.Count]);
            }
        }
        return triangles.ToArray();
    }

    /// <summary>
    /// The fan's apex: a loop vertex whose diagonals never join two crossings on the same cube face. Such a diagonal would
    /// lie in the face, where the neighbouring cube could draw the same edge, and the edge would then bound four triangles.
    /// </summary>
    private static int ChooseApex(List<int> loop)
    {
        var n = loop.Count;
        for (var apex = 0; apex < n; apex++)
        {
            var ok = true;
            for (var i = 2; i < n - 1 && ok; i++)
                ok = !OnCommonFace(loop[apex], loop[(apex + i) % n]);
            if (ok) return apex;
        }
        throw new InvalidOperationException($"Marching cubes table: no fan apex keeps diagonals off the faces for loop [{string.Join(",", loop)}].");
    }

    private static bool OnCommonFace(int e1, int e2)
    {
        var (a1, b1) = EdgeCorners[e1];
        var (a2, b2) = EdgeCorners[e2];
        // Two edges lie on one face when all four corners agree on some bit.
        for (var bit = 1; bit <= 4; bit <<= 1)
        {
            var v = a1 & bit;
            if ((b1 & bit) == v && (a2 & bit) == v && (b2 & bit) == v) return true;
        }
        return false;
    }
}
