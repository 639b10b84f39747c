using System.CommandLine;
using Spectre.Console;
using VNetAtria.Data;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria manifest create DATA_DIR [--out FILE] [--layout auto|lasc|split|uamt-h5] [--split auto|seed|lists]
/// [--split-seed S] [--train-fraction F] [--template F] [--name N] [--allow-unlabeled] [--no-geometry] [--json]</c>.
/// </summary>
internal static class ManifestCreateCommand
{
    public static Command Create(CliContext ctx)
    {
        var dataDir = new Argument<string>("DATA_DIR") { Description = "The dataset folder." };
        var output = new Option<string?>("--out")
        {
            Description = "Where to write the manifest (default DATA_DIR/manifest.json). Its root is stored relative to this file's folder.",
            HelpName = "FILE",
        };
        var layout = new Option<string>("--layout")
        {
            Description = "Dataset layout: auto (detect), lasc (<id>/lgemri.nrrd + laendo.nrrd), split (train|validate|test/raw|label/<id>.nrrd) or uamt-h5 (<id>/mri_norm2.h5).",
            DefaultValueFactory = _ => "auto",
        }.AcceptOnlyFromAmong("auto", "lasc", "split", "uamt-h5");
        var split = new Option<string>("--split")
        {
            Description = "Where the split comes from: auto (the split layout's folders, else train.list/test.list in DATA_DIR or its parent, else the seeded split), " +
                          "seed (seeded 80/20 shuffle) or lists (train.list -> train, test.list -> validation).",
            DefaultValueFactory = _ => "auto",
        }.AcceptOnlyFromAmong("auto", "seed", "lists");
        var seed = new Option<long>("--split-seed")
        {
            Description = $"Seed of the seeded split: ids sorted ordinally, Fisher-Yates shuffle driven by SplitMix64(seed), the first round(fraction * n) are train.",
            DefaultValueFactory = _ => DatasetSplitter.DefaultSeed,
            HelpName = "S",
        };
        var fraction = new Option<double>("--train-fraction")
        {
            Description = "Share of labelled cases that the seeded split puts in train (0.8 is the original 80/20).",
            DefaultValueFactory = _ => DatasetSplitter.DefaultTrainFraction,
            HelpName = "F",
        }.Between(0, 1);
        var template = new Option<string?>("--template")
        {
            Description = "Complete a manifest template (e.g. data-manifests/lasc2018-template.json): keep its cases, paths and split, fill in hashes, shapes and spacing; fail listing missing cases.",
            HelpName = "F",
        };
        var name = new Option<string?>("--name") { Description = "Dataset name (default: the template's name or the folder's name).", HelpName = "N" };
        var allowUnlabeled = new Option<bool>("--allow-unlabeled") { Description = "Accept images without a label as prediction-only cases (split test) instead of failing." };
        var noGeometry = new Option<bool>("--no-geometry") { Description = "Do not read volumes: leave shape and spacing null (hashes only; fast, needs no reader)." };
        var json = CliJson.Option("the summary table: the manifest as written");

        var command = new Command("create", "Create a manifest for a dataset folder: discover and pair cases, split them, hash every file (sha256), read shapes and spacing.")
        {
            dataDir, output, layout, split, seed, fraction, template, name, allowUnlabeled, noGeometry, json,
        };
        command.SetAction(parse =>
        {
            var dir = Path.GetFullPath(parse.GetValue(dataDir)!);
            var outPath = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(dir, "manifest.json"));
            var templatePath = parse.GetValue(template);
            var options = new ManifestCreateOptions
            {
                Name = parse.GetValue(name),
                Layout = DatasetLayouts.ParseOrAuto(parse.GetValue(layout)),
                SplitSource = parse.GetValue(split) switch { "seed" => SplitSource.Seed, "lists" => SplitSource.Lists, _ => SplitSource.Auto },
                SplitSeed = parse.GetValue(seed),
                TrainFraction = parse.GetValue(fraction),
                AllowUnlabeled = parse.GetValue(allowUnlabeled),
                ReadGeometry = !parse.GetValue(noGeometry),
                Template = templatePath is null ? null : ManifestJson.Read(templatePath),
                ManifestPath = outPath,
                CreatedBy = CliApp.ToolName,
            };
            var created = Write(ctx, dir, outPath, options);
            if (parse.GetValue(json))
            {
                ctx.SetJson(ManifestJson.ToJson(created.Manifest));
                ctx.Console.WriteLine($"Wrote {outPath}");
            }
            else Summarise(ctx.Console, created.Manifest, outPath);
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Creates and writes a manifest with progress and warnings (shared with `demo`).</summary>
    internal static ManifestCreation Write(CliContext ctx, string dataDir, string outPath, ManifestCreateOptions options)
    {
        var created = CliProgress.Run(ctx, p => ManifestBuilder.Create(dataDir, options with { Progress = p }));
        foreach (var warning in created.Warnings) ctx.Warn(warning);
        ManifestJson.Write(outPath, created.Manifest);
        return created;
    }

    internal static void Summarise(IAnsiConsole console, DatasetManifest m, string outPath)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Split").AddColumn(new TableColumn("Cases").RightAligned()).AddColumn("Shapes");
        foreach (var s in new[] { DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test })
        {
            var cases = m.CasesIn(s).ToList();
            if (cases.Count == 0) continue;
            var shapes = cases.Where(c => c.Shape is not null).Select(c => c.Shape!.Value.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
            table.AddRow(s.Name(), cases.Count.ToString(), Markup.Escape(shapes.Count == 0 ? "not read" : string.Join(", ", shapes.Take(4)) + (shapes.Count > 4 ? $" (+{shapes.Count - 4})" : "")));
        }
        var how = m.Split.Method == ManifestSplitInfo.SeedMethod ? $"seed {m.Split.Seed}, train fraction {m.Split.TrainFraction}" : m.Split.Method;
        console.WriteLine($"{m.Name}: {m.Cases.Count} cases, layout {m.Layout.Name()}, split by {how}");
        console.Write(table);
        console.WriteLine($"Wrote {outPath}");
    }
}
