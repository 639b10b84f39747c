using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>
/// How much of a case's true atrium its crop window keeps. A window that cuts the atrium caps the Dice the segmenter
/// can reach, so planning reports this on labelled data.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="LabelVoxels">Foreground (non-zero) voxels in the whole label.</param>
/// <param name="InsideVoxels">Foreground voxels inside the window.</param>
/// <param name="Recall">InsideVoxels / LabelVoxels (1 when the label is empty: nothing was cut).</param>
public sealed record CropRecall(string CaseId, long LabelVoxels, long InsideVoxels, double Recall)
{
    /// <summary>True when the window cuts away part of the atrium (recall below 1).</summary>
    public bool CutsAtrium => InsideVoxels < LabelVoxels;

    /// <summary>Counts the label's foreground inside and outside <paramref name="window"/> (label and window in canvas voxels).</summary>
    public static CropRecall Compute(string caseId, Volume<byte> label, Box3 window)
    {
        var inside = window.Intersect(Box3.Whole(label.Shape));
        long total = 0, kept = 0;
        var s = label.Shape;
        var data = label.Data;
        for (var d = 0; d < s.Depth; d++)
        {
            var inD = d >= inside.Start.D && d < inside.End.D;
            for (var h = 0; h < s.Height; h++)
            {
                var inDH = inD && h >= inside.Start.H && h < inside.End.H;
                var row = s.Offset(d, h, 0);
                for (var w = 0; w < s.Width; w++)
                {
                    if (data[row + w] == 0) continue;
                    total++;
                    if (inDH && w >= inside.Start.W && w < inside.End.W) kept++;
                }
            }
        }
        return new CropRecall(caseId, total, kept, total == 0 ? 1 : (double)kept / total);
    }

    /// <summary>The recall of every case of <paramref name="plan"/> that <paramref name="labels"/> returns a canvas label for (null: skipped).</summary>
    public static IReadOnlyList<CropRecall> ForPlan(CropPlan plan, Func<string, Volume<byte>?> labels)
    {
        var result = new List<CropRecall>();
        foreach (var c in plan.Cases)
        {
            if (labels(c.CaseId) is { } label) result.Add(Compute(c.CaseId, label, c.Window));
        }
        return result;
    }
}
