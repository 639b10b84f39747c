using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>
/// Plans segmenter crops from locator outputs (the original's locator stage, with its assert replaced by a fallback).
/// <list type="number">
/// <item>Per case, <see cref="SliceMassBounds.Find"/> gives the locator box; <see cref="ToFullResolution"/> scales it
/// to canvas voxels (see <see cref="ExtentConvention"/>).</item>
/// <item>The patch size (<see cref="PatchSize"/>) is the largest training extent plus the buffer, capped at the canvas,
/// rounded up to a multiple of 16 (down when rounding up would pass the canvas).</item>
/// <item>Each window is centred on its box centre c: start = floor(c - patch / 2) (box centres in voxel-corner
/// coordinates, (start + end) / 2), then shifted to lie inside the canvas.</item>
/// </list>
/// </summary>
public static class CropPlanner
{
    /// <summary>Plans the training cases: derives the patch size from them (training buffer) and places every window.</summary>
    /// <exception cref="PreprocessingException">Invalid options, or an output of the wrong shape (names the case).</exception>
    public static CropPlan PlanTraining(IReadOnlyList<LocatorOutput> training, CropPlanOptions? options = null)
    {
        var o = (options ?? new CropPlanOptions()).Validated();
        foreach (var t in training) t.Validated(o);
        // Cases are independent: locate them in parallel, keep input order.
        var found = new (Box3? Locator, Box3? Full)[training.Count];
        Parallel.For(0, training.Count, i => found[i] = Locate(training[i], o));
        var located = training.Select((t, i) => (Output: t, Box: found[i])).ToList();
        var boxes = located.Where(x => x.Box.Full is not null).Select(x => x.Box.Full!.Value).ToList();
        var warnings = new List<string>();
        var largest = new Index3(
            boxes.Count == 0 ? 0 : boxes.Max(b => b.Size.Depth),
            boxes.Count == 0 ? 0 : boxes.Max(b => b.Size.Height),
            boxes.Count == 0 ? 0 : boxes.Max(b => b.Size.Width));
        Shape3 patch;
        if (boxes.Count == 0)
        {
            patch = RoundDownToMultiple(o.Canvas, o.Multiple);
            warnings.Add($"The locator found nothing in any of the {training.Count} training cases (no slice reached mass {o.Threshold}); " +
                         $"the patch size falls back to the canvas rounded down to a multiple of {o.Multiple}: {patch}. Check the locator.");
        }
        else
        {
            patch = PatchSize(largest, o.TrainingBuffer, o.Canvas, o.Multiple);
        }
        double[]? meanCentre = boxes.Count == 0 ? null :
            [boxes.Average(b => Centre(b, 0)), boxes.Average(b => Centre(b, 1)), boxes.Average(b => Centre(b, 2))];
        var cases = located.Select(x => Place(x.Output.CaseId, x.Box.Locator, x.Box.Full, patch, o.TrainingBuffer, meanCentre, o)).ToList();
        var missed = cases.Count(c => c.UsedFallback);
        if (missed > 0 && boxes.Count > 0)
            warnings.Add($"The locator found nothing in {missed} of {training.Count} training cases; their windows use the {o.Fallback} fallback.");
        return new CropPlan { Options = o, LargestExtent = largest, PatchSize = patch, MeanCentre = meanCentre, Cases = cases, Warnings = warnings };
    }

    /// <summary>
    /// Plans one more case (validation, test, prediction) with <paramref name="plan"/>'s patch size; the prediction
    /// buffer (or <paramref name="buffer"/>) only decides <see cref="CaseCropPlan.BufferShort"/>.
    /// </summary>
    /// <exception cref="PreprocessingException">An output of the wrong shape (names the case).</exception>
    public static CaseCropPlan PlanCase(CropPlan plan, LocatorOutput output, Index3? buffer = null)
    {
        var o = plan.Options.Validated();
        output.Validated(o);
        var (locator, full) = Locate(output, o);
        return Place(output.CaseId, locator, full, plan.PatchSize, buffer ?? o.PredictionBuffer, plan.MeanCentre, o);
    }

    /// <summary>Plans several cases with an existing plan's patch size and returns the plan with them appended (replacing same-named cases).</summary>
    public static CropPlan WithCases(CropPlan plan, IEnumerable<LocatorOutput> outputs, Index3? buffer = null)
    {
        var added = outputs.Select(x => PlanCase(plan, x, buffer)).ToList();
        var ids = added.Select(c => c.CaseId).ToHashSet();
        return plan with { Cases = plan.Cases.Where(c => !ids.Contains(c.CaseId)).Concat(added).ToList() };
    }

    /// <summary>
    /// The patch size per axis: p = largest extent + buffer, capped at the canvas, rounded up to a multiple of
    /// <paramref name="multiple"/>; when rounding up passes the canvas, the largest multiple within the canvas instead
    /// (so a patch never needs voxels beyond the canvas, at the cost of possibly less than the full buffer).
    /// </summary>
    public static Shape3 PatchSize(Index3 largestExtent, Index3 buffer, Shape3 canvas, int multiple)
    {
        int Axis(int a)
        {
            var p = Math.Min(largestExtent[a] + buffer[a], canvas[a]);
            var up = (p + multiple - 1) / multiple * multiple;
            return up <= canvas[a] ? Math.Max(up, multiple) : canvas[a] / multiple * multiple;
        }
        return new Shape3(Axis(0), Axis(1), Axis(2));
    }

    /// <summary>A locator-resolution box at canvas resolution (see <see cref="ExtentConvention"/>), clipped to the canvas.</summary>
    public static Box3 ToFullResolution(Box3 locatorBox, ScaleFactors scale, Shape3 canvas, ExtentConvention convention = ExtentConvention.VoxelFootprint)
    {
        // A tiny tolerance keeps exact products (e.g. 3 / 0.25 = 12) from flooring or ceiling to the wrong side.
        const double Eps = 1e-9;
        int Start(int a) => (int)Math.Floor(locatorBox.Start[a] / scale[a] + Eps);
        int End(int a) => convention == ExtentConvention.VoxelFootprint
            ? (int)Math.Ceiling(locatorBox.End[a] / scale[a] - Eps)
            // A single located slice still spans one full-resolution voxel, so the box is never empty.
            : Math.Max(Start(a) + 1, (int)Math.Floor((locatorBox.End[a] - 1) / scale[a] + Eps));
        var box = Box3.FromStartEnd(new Index3(Start(0), Start(1), Start(2)), new Index3(End(0), End(1), End(2)));
        return box.Intersect(Box3.Whole(canvas));
    }

    /// <summary>A window of <paramref name="patch"/> voxels centred at <paramref name="centre"/> (voxel-corner coordinates), shifted inside the canvas.</summary>
    public static (Box3 Window, bool Shifted) CentredWindow(double[] centre, Shape3 patch, Shape3 canvas)
    {
        var start = new int[3];
        var shifted = false;
        for (var a = 0; a < 3; a++)
        {
            var s = (int)Math.Floor(centre[a] - patch[a] / 2.0);
            var clamped = Math.Clamp(s, 0, canvas[a] - patch[a]);
            shifted |= clamped != s;
            start[a] = clamped;
        }
        return (new Box3(new Index3(start[0], start[1], start[2]), patch), shifted);
    }

    private static (Box3? Locator, Box3? Full) Locate(LocatorOutput output, CropPlanOptions o)
    {
        var box = SliceMassBounds.Find(output.Probabilities, output.Shape, o.Threshold);
        if (box is not { } b) return (null, null);
        var full = ToFullResolution(b, o.Scale, o.Canvas, o.Extent);
        return full.Size.IsPositive ? (b, full) : (b, null);
    }

    private static CaseCropPlan Place(string caseId, Box3? locator, Box3? full, Shape3 patch, Index3 buffer, double[]? meanCentre, CropPlanOptions o)
    {
        var notes = new List<string>();
        double[] centre;
        var fallback = full is null;
        if (full is { } f)
        {
            centre = [Centre(f, 0), Centre(f, 1), Centre(f, 2)];
        }
        else
        {
            var canvasCentre = new[] { o.Canvas.Depth / 2.0, o.Canvas.Height / 2.0, o.Canvas.Width / 2.0 };
            centre = o.Fallback == CropFallback.TrainingMeanCentre && meanCentre is not null ? meanCentre : canvasCentre;
            var where = ReferenceEquals(centre, meanCentre) ? "the training cases' mean box centre" : "the canvas centre";
            notes.Add($"the locator found nothing (no slice reached probability mass {o.Threshold}), so the window is centred on {where}");
        }
        var (window, shifted) = CentredWindow(centre, patch, o.Canvas);
        var cut = false;
        var bufferShort = false;
        if (full is { } box)
        {
            cut = box.Intersect(window) != box;
            for (var a = 0; a < 3; a++) bufferShort |= box.Size[a] + buffer[a] > patch[a];
            if (cut) notes.Add($"the {patch} window {window} does not contain the whole located box {box}");
            else if (bufferShort) notes.Add($"the located box {box} plus the buffer {buffer} is larger than the {patch} patch");
        }
        var warning = notes.Count == 0 ? null : $"Case '{caseId}': {string.Join("; ", notes)}.";
        return new CaseCropPlan(caseId, locator, full, window, fallback, shifted, cut, bufferShort, warning);
    }

    private static double Centre(Box3 b, int axis) => (b.Start[axis] + b.End[axis]) / 2.0;

    private static Shape3 RoundDownToMultiple(Shape3 s, int m) => new(s.Depth / m * m, s.Height / m * m, s.Width / m * m);
}
