using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using TorchSharp.Modules;
using VNetAtria.Experiments;
using VNetAtria.Models;
using VNetAtria.Models.Convolutions;
using VNetAtria.Runtime;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria doctor [--config F] [--width W]... [--threads N] [--recheck] [--json]</c>: this machine's runtime
/// and the convolution battery's table (every convolution shape our models use: oneDNN's errors against float64 and
/// the path each shape takes).
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext ctx)
    {
        var config = new Option<string?>("--config") { Description = "Also check the convolutions of this experiment config's locator and segmenter.", HelpName = "FILE" };
        var widths = new Option<int[]>("--width") { Description = "Base widths of the VNets to check, plain and with attention (dilation 3 and 4); " +
            "repeatable.", DefaultValueFactory = _ => [2, 4, 8], HelpName = "W", AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "torch intra-op threads to check with (0: torch's default). The verdicts are per thread count, as training uses " +
            "it.", DefaultValueFactory = _ => 0, HelpName = "N" }.AtLeast(0);
        var recheck = new Option<bool>("--recheck") { Description = "Measure again instead of reading the cached verdicts of this machine." };
        var json = CliJson.Option("the tables: the runtime and every convolution shape's errors and path (also when a shape has no correct path: exit code 1)");
        var command = new Command("doctor", "Check this machine: the torch runtime, and every convolution shape of our models computed with oneDNN against a float64 reference (forward, input and weight gradients), with the path each " +
            "shape takes. Exit code 1 when a shape has no correct path.")
        {
            config, widths, threads, recheck, json,
        };
        command.SetAction(parse =>
        {
            TorchRuntime.EnsureAvailable();
            if (parse.GetValue(threads) is > 0 and var n) TorchSharp.torch.set_num_threads(n);
            var models = Models(parse.GetValue(widths) ?? [], parse.GetValue(config));
            var usedBy = new Dictionary<ConvolutionShape, SortedSet<string>>();
            foreach (var (name, options) in models)
            {
                using var model = new VNet(options);
                foreach (var conv in model.modules().OfType<Convolution>())
                    if (ConvolutionRouting.ShapeOf(conv) is { } shape)
                        (usedBy.TryGetValue(shape, out var set) ? set : usedBy[shape] = new SortedSet<string>(StringComparer.Ordinal)).Add(name);
            }
            var (verdicts, seconds, fromCache) = ConvolutionRouting.Check(usedBy.Keys.OrderBy(s => s.Transposed).ThenBy(s => s.Kernel).ThenBy(s => s.InChannels).ThenBy(s => s.OutChannels), parse.GetValue(recheck));
            var fingerprint = MachineFingerprint.Current();
            var report = new DoctorReport(
                TorchRuntime.Describe(), fingerprint.CpuSummary, ConvolutionRouting.Cache.PathOf(fingerprint), fromCache, seconds,
                verdicts.Select(v => new DoctorRow(v.Shape, usedBy[v.Shape].ToList(), v.Verdict, v.Verdict.PathFor(ConvolutionUse.Training))).ToList());
            if (parse.GetValue(json)) ctx.SetJson(Json(report));
            else Render(ctx.Console, report);
            return report.Rows.All(r => r.Path is not null) ? CliApp.Ok : CliApp.Failure;
        });
        return command;
    }

    private static List<(string Name, VNetOptions Options)> Models(int[] widths, string? configPath)
    {
        var models = new List<(string, VNetOptions)>();
        foreach (var w in widths.Distinct())
        {
            if (w < 1) throw new ArgumentException($"--width must be at least 1, found {w}.");
            models.Add(($"width {w}", new VNetOptions { BaseWidth = w }));
            if (w >= 4)
            {
                models.Add(($"width {w} attention dil 3", new VNetOptions { BaseWidth = w, Attention = true, AttentionDilation = 3 }));
                models.Add(($"width {w} attention dil 4", new VNetOptions { BaseWidth = w, Attention = true, AttentionDilation = 4 }));
            }
        }
        if (configPath is not null)
        {
            var cfg = ExperimentConfigLoader.Load(configPath);
            if (cfg.Locator.Enabled) models.Add(("config locator", cfg.Locator.Model));
            models.Add(("config segmenter", cfg.Segmenter.Model));
        }
        return models;
    }

    private sealed record DoctorRow(ConvolutionShape Shape, IReadOnlyList<string> UsedBy, ConvolutionVerdict Verdict, ConvolutionPath? Path);

    private sealed record DoctorReport(TorchRuntimeInfo Runtime, string Cpu, string CacheFile, bool FromCache, double MeasuredSeconds, IReadOnlyList<DoctorRow> Rows);

    private static void Render(IAnsiConsole console, DoctorReport r)
    {
        console.WriteLine(r.Runtime.ToString().TrimEnd());
        console.WriteLine($"cpu: {r.Cpu}");
        console.WriteLine(r.FromCache
            ? $"convolution check: cached verdicts of this machine ({r.CacheFile}); --recheck measures again"
            : $"convolution check: measured in {r.MeasuredSeconds.ToString("F2", CultureInfo.InvariantCulture)} s, saved to {r.CacheFile}");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Convolution").AddColumn("oneDNN: output").AddColumn("input grad").AddColumn("weight grad").AddColumn("Path").AddColumn("Used by");
        foreach (var row in r.Rows)
        {
            var e = row.Verdict.Errors[ConvolutionPath.OneDnn];
            table.AddRow(row.Shape.Key, ConvolutionErrors.Format(e.Forward), ConvolutionErrors.Format(e.InputGradient), ConvolutionErrors.Format(e.WeightGradient),
                PathText(row), Markup.Escape(Summarise(row.UsedBy)));
        }
        console.Write(table);
        var wrong = r.Rows.Count(x => !x.Verdict.Errors[ConvolutionPath.OneDnn].Passes(ConvolutionUse.Training));
        console.WriteLine(wrong == 0
            ? $"All {r.Rows.Count} convolution shapes are correct with oneDNN on this machine (relative error <= {ConvolutionErrors.Tolerance:0e+00} against float64): nothing is rerouted."
            : $"{wrong} of {r.Rows.Count} convolution shapes are wrong with oneDNN on this machine; training and prediction route them as the Path column says (docs/onednn-convolutions.md).");
    }

    private static string PathText(DoctorRow row) => row.Path switch
    {
        null => "none correct",
        ConvolutionPath.OneDnn => "onednn",
        var p => $"{ConvolutionPolicy.Name(p.Value)} ({row.Verdict.Errors[p.Value]})",
    };

    private static string Summarise(IReadOnlyList<string> usedBy) => usedBy.Count <= 2 ? string.Join(", ", usedBy) : $"{usedBy[0]}, {usedBy[1]} +{usedBy.Count - 2}";

    private static string Json(DoctorReport r) =>
        JsonSerializer.Serialize(new
        {
            runtime = r.Runtime,
            cpu = r.Cpu,
            cacheFile = r.CacheFile,
            fromCache = r.FromCache,
            measuredSeconds = r.MeasuredSeconds,
            tolerance = ConvolutionErrors.Tolerance,
            convolutions = r.Rows.Select(x => new
            {
                shape = x.Shape,
                key = x.Shape.Key,
                usedBy = x.UsedBy,
                errors = x.Verdict.Errors.ToDictionary(e => ConvolutionPolicy.Name(e.Key), e => e.Value),
                path = x.Path is { } p ? ConvolutionPolicy.Name(p) : null,
            }),
        }, new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter() },
        });
}
