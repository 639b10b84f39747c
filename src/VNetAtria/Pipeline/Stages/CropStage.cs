using System.Globalization;
using System.Text;
using VNetAtria.Data;
using VNetAtria.Imaging.Formats;
using VNetAtria.Pipeline.Prediction;
using VNetAtria.Preprocessing;
using VNetAtria.Results;

namespace VNetAtria.Pipeline.Stages;

/// <summary>
/// Crop planning with the trained locator: the locator runs on every case, <see cref="CropPlanner.PlanTraining"/>
/// sizes the patch from the training cases (training buffer), the validation cases are planned with that patch;
/// crop-plan.json and crop-recall.csv (fraction of each label inside its window) are written.
/// </summary>
public static class CropStage
{
    /// <summary>Plans the crops of every case and saves the plan.</summary>
    public static CropPlan Plan(StageContext ctx)
    {
        var cfg = ctx.Config;
        var canvas = LocatorStage.Canvas(cfg);
        var options = cfg.Preprocessing.Crop.ToCropPlanOptions(canvas, cfg.Preprocessing.LocatorScaleValue);
        using var locator = LocatorStage.Load(cfg, ctx.Run, ctx.Device);
        var outputs = new Dictionary<string, LocatorOutput>();
        var done = 0;
        var locatorInput = LocatorStage.Input(cfg);
        foreach (var c in ctx.Data.Cases)
        {
            var input = locatorInput.Image(ctx.Data.ReadImage(c), c.CaseId);
            outputs[c.CaseId] = new LocatorOutput(c.CaseId, ModelInference.Probabilities(locator, input, ctx.Device), input.Shape);
            ctx.Progress?.Report(new WorkProgress("locating", ++done, ctx.Data.Cases.Count, c.CaseId));
        }
        var plan = CropPlanner.PlanTraining(ctx.Data.Train.Select(c => outputs[c.CaseId]).ToList(), options);
        plan = CropPlanner.WithCases(plan, ctx.Data.Validation.Select(c => outputs[c.CaseId]));
        plan.Save(ctx.Run.CropPlan);
        foreach (var w in plan.Warnings) ctx.Log($"crop plan: warning: {w}");

        var labels = ctx.Data.Cases.ToDictionary(c => c.CaseId, c => c);
        var recall = CropRecall.ForPlan(plan, id => labels.TryGetValue(id, out var c)
            ? locatorInput.Pad(ctx.Data.ReadLabel(c), c.CaseId).Canvas : null);
        var csv = new StringBuilder("case,split,label_voxels,inside_voxels,recall,used_fallback\n");
        foreach (var r in recall)
            csv.Append(CultureInfo.InvariantCulture, $"{Csv.Quote(r.CaseId)},{labels[r.CaseId].Split.Name()},{r.LabelVoxels},{r.InsideVoxels},{r.Recall:F6},{plan.Case(r.CaseId).UsedFallback}\n");
        AtomicFile.WriteAllText(ctx.Run.CropRecall, csv.ToString());
        var cut = recall.Where(r => r.CutsAtrium).ToList();
        ctx.Log($"crop plan: patch {plan.PatchSize}, largest extent {plan.LargestExtent}; recall min {(recall.Count > 0 ? recall.Min(r => r.Recall) : double.NaN):F4}, " +
                $"{cut.Count} of {recall.Count} windows cut the atrium{(cut.Count > 0 ? " (" + string.Join(", ", cut.Select(r => r.CaseId)) + ")" : "")}; {plan.Cases.Count(c => c.UsedFallback)} fallbacks");
        return plan;
    }

    /// <summary>Loads this run's crop plan, naming the command that makes it when missing.</summary>
    public static CropPlan Load(RunFolder run)
    {
        RunFolder.Require(run.CropPlan, $"vnet-atria train --config {run.Config} --stage locator");
        return CropPlan.Load(run.CropPlan);
    }
}
