using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using VNetAtria.Imaging;
using VNetAtria.Models;
using VNetAtria.Runtime;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria model summary [--layers N] [--attention] [--width W] [--input D,H,W] [--batch B] [--json]</c>:
/// per-stage output shapes, parameter counts and memory estimates.
/// </summary>
internal static class ModelSummaryCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new ModelOptions();
        var input = new Option<string>("--input") { Description = "Input size D,H,W (each divisible by 16). Default: the locator's 48,160,160.", DefaultValueFactory = _ => "48,160,160", HelpName = "D,H,W" };
        var batch = new Option<int>("--batch") { Description = "Batch size for the memory estimate.", DefaultValueFactory = _ => 1, HelpName = "B" }.AtLeast(1);
        var json = CliJson.Option("the table");
        var command = new Command("summary", "Per-stage output shapes, parameter counts (the original: 10,759,306 at width 8, one layer) and memory estimates for training with Adam and for inference.");
        model.AddTo(command);
        command.Options.Add(input);
        command.Options.Add(batch);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            TorchRuntime.EnsureAvailable();
            var summary = VNetSummary.Of(model.Read(parse), Shape3.Parse(parse.GetValue(input)!));
            var b = parse.GetValue(batch);
            if (parse.GetValue(json)) ctx.SetJson(Json(summary, b));
            else Render(ctx.Console, summary, b);
            return CliApp.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, VNetSummary s, int batch)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Stage").AddColumn("Output (C, D, H, W)").AddColumn(new TableColumn("Parameters").RightAligned()).AddColumn(new TableColumn("Kept for backward / sample").RightAligned());
        foreach (var stage in s.Stages)
            table.AddRow(stage.Name, $"({string.Join(", ", stage.OutputShape)})", stage.Parameters.ToString("N0", CultureInfo.InvariantCulture), Bytes(4 * stage.ActivationFloats));
        table.AddRow("[bold]total[/]", "", $"[bold]{s.TotalParameters.ToString("N0", CultureInfo.InvariantCulture)}[/]", Bytes(4 * s.Stages.Sum(x => x.ActivationFloats)));
        console.WriteLine($"VNet {Describe(s.Options)}, input {s.Input}");
        console.Write(table);
        console.WriteLine($"Estimated memory at batch {batch}: training with Adam {Bytes(s.TrainingBytes(batch))}, inference {Bytes(s.InferenceBytes(batch))} (weights {Bytes(s.WeightBytes)}; add 10-30 % framework workspace).");
    }

    private static string Json(VNetSummary s, int batch) =>
        JsonSerializer.Serialize(new
        {
            options = s.Options,
            input = new[] { s.Input.Depth, s.Input.Height, s.Input.Width },
            totalParameters = s.TotalParameters,
            stages = s.Stages.Select(x => new { name = x.Name, outputShape = x.OutputShape, parameters = x.Parameters, activationBytesPerSample = 4 * x.ActivationFloats }),
            batch,
            weightBytes = s.WeightBytes,
            trainingBytes = s.TrainingBytes(batch),
            inferenceBytes = s.InferenceBytes(batch),
        }, new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });

    internal static string Describe(VNetOptions o) =>
        $"(layers {o.NumLayers}, width {o.BaseWidth}, {o.Activation}, dilation {o.Dilation}" +
        (o.Attention ? $", attention reduction {o.AttentionReduction} dilation {o.AttentionDilation})" : ", no attention)");

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MiB",
        _ => $"{bytes / 1024.0:F1} KiB",
    };
}
