using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VNetAtria.Imaging;
using VNetAtria.Models;
using VNetAtria.Models.Convolutions;
using VNetAtria.Runtime;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria bench model ...</c>: time VNet steps and follow memory across them.</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("bench", "Measure speed and memory (model steps). File-format and metric micro-benchmarks live in bench/VNetAtria.Benchmarks (BenchmarkDotNet).");
        command.Subcommands.Add(CreateModel(ctx));
        return command;
    }

    private static Command CreateModel(CliContext ctx)
    {
        var model = new ModelOptions();
        var input = new Option<string>("--input") { Description = "Input size D,H,W (divisible by 16): the locator's 48,160,160, a segmenter patch 96,144,224, or smaller on a " +
            "CPU.", DefaultValueFactory = _ => "48,160,160", HelpName = "D,H,W" };
        var batch = new Option<int>("--batch") { Description = "Samples per step.", DefaultValueFactory = _ => 1, HelpName = "B" }.AtLeast(1);
        var iterations = new Option<int>("--iterations") { Description = "Measured steps (after warm-up).", DefaultValueFactory = _ => 10, HelpName = "N" }.AtLeast(1);
        var warmup = new Option<int>("--warmup") { Description = "Warm-up steps reported separately (oneDNN selects kernels during the first steps on a CPU).", DefaultValueFactory = _ => 2, HelpName = "N" }.AtLeast(0);
        var forwardOnly = new Option<bool>("--forward-only") { Description = "Time inference forward passes instead of forward + backward + Adam steps." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto", HelpName = "D" };
        var threads = new Option<int>("--threads") { Description = "torch intra-op threads (0: torch's default, the core count).", DefaultValueFactory = _ => 0, HelpName = "N" }.AtLeast(0);
        var convolutionPath = new Option<string>("--convolution-path") { Description = "auto: the path the convolution check picks on this machine; onednn, padded or without-onednn: force that path on every convolution whose channels " +
            "leave a partly filled oneDNN block, to compare the candidates on any machine (without-onednn switches oneDNN off for the whole process).", DefaultValueFactory = _ => "auto", HelpName = "P" };
        var json = CliJson.Option("the table: every step's time and resident memory as well as the summary");
        var command = new Command("model", "Median ms per step (forward, or forward + backward + Adam), warm-up steps, peak resident memory and memory growth per step (flat when every step disposes its tensors).")
        {
            input, batch, iterations, warmup, forwardOnly, device, threads, convolutionPath, json,
        };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            TorchRuntime.EnsureAvailable();
            if (parse.GetValue(threads) is > 0 and var n) TorchSharp.torch.set_num_threads(n);
            if (ConvolutionPolicy.ParsePath(parse.GetValue(convolutionPath)) is { } forced)
                ConvolutionRouting.Policy = ConvolutionRouting.Policy with { ForcedPath = forced };
            var options = new ModelStepBenchmarkOptions
            {
                Model = model.Read(parse),
                Input = Shape3.Parse(parse.GetValue(input)!),
                Batch = parse.GetValue(batch),
                Iterations = parse.GetValue(iterations),
                Warmup = parse.GetValue(warmup),
                Train = !parse.GetValue(forwardOnly),
                Device = TorchRuntime.ResolveDevice(parse.GetValue(device)!),
            };
            var total = options.Iterations + options.Warmup;
            var result = CliProgress.Run(ctx, p =>
                ModelStepBenchmark.Run(options, (i, _) => p.Report(new Data.WorkProgress("Steps", i + 1, total, null))));
            if (parse.GetValue(json)) ctx.SetJson(Json(result));
            else Render(ctx.Console, result);
            return CliApp.Ok;
        });
        return command;
    }

    private static string Json(ModelStepBenchmarkResult r) => CliJson.Serialize(new
    {
        model = r.Options.Model,
        input = new[] { r.Options.Input.Depth, r.Options.Input.Height, r.Options.Input.Width },
        batch = r.Options.Batch,
        step = r.Options.Train ? "train" : "forward",
        device = r.Options.Device.ToString(),
        threads = r.Threads,
        medianMs = r.MedianMs,
        stepMs = r.StepMs,
        warmupMs = r.WarmupMs,
        peakResidentBytes = r.PeakResidentBytes,
        residentBytes = r.ResidentBytes,
        residentGrowthBytesPerStep = r.ResidentGrowthBytesPerStep,
        liveTensors = r.LiveTensors,
        convolutionNotes = r.ConvolutionNotes,
    });

    private static void Render(IAnsiConsole console, ModelStepBenchmarkResult r)
    {
        var o = r.Options;
        var what = o.Train ? "forward + backward + Adam" : "forward (inference)";
        console.WriteLine($"VNet {ModelSummaryCommand.Describe(o.Model)}, input {o.Input}, batch {o.Batch}, {what}, device {o.Device}, {r.Threads} threads");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("median ms / step", r.MedianMs.ToString("F1", CultureInfo.InvariantCulture));
        table.AddRow("min / max ms", $"{r.StepMs.Min():F1} / {r.StepMs.Max():F1}");
        table.AddRow("warm-up ms", string.Join(", ", r.WarmupMs.Select(x => x.ToString("F0", CultureInfo.InvariantCulture))));
        table.AddRow("peak resident memory", ModelSummaryCommand.Bytes(r.PeakResidentBytes));
        table.AddRow("resident after first / last step", $"{ModelSummaryCommand.Bytes(r.ResidentBytes[0])} / {ModelSummaryCommand.Bytes(r.ResidentBytes[^1])}");
        table.AddRow("resident growth / step", $"{r.ResidentGrowthBytesPerStep / (1 << 20):F2} MiB");
        table.AddRow("live tensors after first / last step", $"{r.LiveTensors[0]} / {r.LiveTensors[^1]}");
        console.Write(table);
        foreach (var note in r.ConvolutionNotes) console.WriteLine(note);
    }
}
