using Microsoft.Data.Analysis;
using VNetAtria.Preprocessing;

namespace VNetAtria.Plotting.Tables;

/// <summary>A crop plan and its per-case crop recall as tables.</summary>
public static class CropFrames
{
    /// <summary>
    /// One row per planned case: "Case", "Locator box", "Full box", "Window", "Fallback", "Shifted", "Box cut",
    /// "Buffer short", and "Recall" when <paramref name="recall"/> has the case (empty otherwise). Boxes are
    /// [start:end) per axis D, H, W; locator boxes at locator resolution, the others in canvas voxels.
    /// </summary>
    public static DataFrame Plan(CropPlan plan, IEnumerable<CropRecall>? recall = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var byCase = (recall ?? []).ToDictionary(r => r.CaseId, r => r.Recall);
        var cases = plan.Cases;
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("Case", cases.Select(c => c.CaseId)),
            new StringDataFrameColumn("Locator box", cases.Select(c => c.LocatorBox?.ToString() ?? "none")),
            new StringDataFrameColumn("Full box", cases.Select(c => c.FullBox?.ToString() ?? "none")),
            new StringDataFrameColumn("Window", cases.Select(c => c.Window.ToString())),
            new BooleanDataFrameColumn("Fallback", cases.Select(c => c.UsedFallback)),
            new BooleanDataFrameColumn("Shifted", cases.Select(c => c.ShiftedAtBorder)),
            new BooleanDataFrameColumn("Box cut", cases.Select(c => c.BoxCutByWindow)),
            new BooleanDataFrameColumn("Buffer short", cases.Select(c => c.BufferShort)),
        };
        if (byCase.Count > 0)
            columns.Add(new DoubleDataFrameColumn("Recall", cases.Select(c => byCase.TryGetValue(c.CaseId, out var r) ? r : (double?)null)));
        return new DataFrame(columns);
    }

    /// <summary>One row per case: "Case", "Label voxels", "Inside voxels", "Recall", "Cuts atrium".</summary>
    public static DataFrame Recall(IEnumerable<CropRecall> recall)
    {
        ArgumentNullException.ThrowIfNull(recall);
        var list = recall.ToList();
        return new DataFrame(
            new StringDataFrameColumn("Case", list.Select(r => r.CaseId)),
            new Int64DataFrameColumn("Label voxels", list.Select(r => r.LabelVoxels)),
            new Int64DataFrameColumn("Inside voxels", list.Select(r => r.InsideVoxels)),
            new DoubleDataFrameColumn("Recall", list.Select(r => r.Recall)),
            new BooleanDataFrameColumn("Cuts atrium", list.Select(r => r.CutsAtrium)));
    }
}
