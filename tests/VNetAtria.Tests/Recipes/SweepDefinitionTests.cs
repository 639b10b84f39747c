using VNetAtria.Experiments;
using VNetAtria.Recipes;
using VNetAtria.Recipes.Sweeps;
using VNetAtria.Tests.Cli;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Recipes;

/// <summary>How a sweep is defined (config files, a base and a grid, notebook 06's recipe) and planned to disk.</summary>
public sealed class SweepDefinitionTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("vnetatria-sweep-definition");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Original(string name) => Path.Combine(TestPaths.RepoRoot, "configs", "original", name + ".json");

    [Fact]
    public void The_original_configs_make_one_locator_stage_and_six_runs_that_reuse_it_on_the_given_data()
    {
        var data = Path.Combine(_dir, "LASC");
        Directory.CreateDirectory(data);
        var configs = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "configs", "original"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (f, ExperimentConfigLoader.Load(f, ["data.root=" + data, "device=cuda"]))).ToList();
        var sweep = SweepDefinition.FromConfigs(Path.Combine(_dir, "sweep"), configs);

        var locator = Path.Combine(_dir, "sweep", "locator");
        Assert.Equal(locator, sweep.Locator!.RunFolder);
        Assert.True(sweep.Locator.Trains);
        Assert.Null(sweep.Locator.Config!.Locator.Pretrained); // 01-locator trains; its runs/01-locator placeholder is not used
        Assert.Equal(["02-vnet-dice", "03-vnet-hybrid", "04-attention-dil3-dice", "05-attention-dil4-dice", "06-attention-dil4-hybrid", "07-vnet-layers2-dice"],
            sweep.Experiments.Select(e => e.Name));
        foreach (var e in sweep.Experiments)
        {
            Assert.Equal(locator, e.Config.Locator.Pretrained); // not the files' runs/01-locator
            Assert.Equal(data, e.Config.Data.Root);
            Assert.Equal("cuda", e.Config.Device);
            // Everything else is the file's, unchanged.
            var file = ExperimentConfigLoader.Load(Original(e.Name), ["data.root=" + data, "device=cuda"]);
            Assert.Equal((file with { Locator = file.Locator with { Pretrained = locator } }).ToJson(), e.Config.ToJson());
        }

        var plan = SweepPlan.Write(sweep);
        Assert.Equal(7, Directory.GetFiles(Path.Combine(plan.Folder, "configs")).Length);
        // The planned configs are the runs' config.json to be, byte for byte (so "done" can compare them).
        foreach (var task in plan.Segmenters)
            Assert.Equal(File.ReadAllText(plan.ConfigFile(task)!), ExperimentConfigLoader.Load(plan.ConfigFile(task)!).ToJson());
        Assert.Equal(["locator", "02-vnet-dice", "03-vnet-hybrid", "04-attention-dil3-dice", "05-attention-dil4-dice", "06-attention-dil4-hybrid", "07-vnet-layers2-dice", "report"],
            SweepPlan.Load(plan.Folder).Tasks.Select(t => t.Name));
    }

    [Fact]
    public void A_base_and_a_grid_give_one_run_per_entry_whose_synthetic_data_is_the_locators_cohort()
    {
        var (basePath, gridPath) = TinySweep.Write(_dir, "grid", ("dice", []), ("hybrid", ["segmenter.loss.kind=hybrid", "segmenter.epochs=5"]));
        var grid = SweepGrid.Load(gridPath) with { Common = ["segmenter.epochs=3"] };
        var sweep = SweepDefinition.FromGrid(Path.Combine(_dir, "sweep"), ExperimentConfigLoader.Load(basePath), grid);
        var locator = Path.Combine(_dir, "sweep", "locator");
        Assert.Equal("tiny-locator", sweep.Locator!.Config!.Name);
        Assert.NotNull(sweep.Locator.Config.Data.Synthetic); // the locator task generates the cohort ...
        foreach (var e in sweep.Experiments)
        {
            Assert.Equal(Path.Combine(locator, "data"), e.Config.Data.Root); // ... and every run reads it
            Assert.Null(e.Config.Data.Synthetic);
            Assert.Equal(3, e.Config.Segmenter.Epochs); // common overrides come last
        }
        Assert.Equal(LossKind.Hybrid, sweep.Experiments[1].Config.Segmenter.Loss.Kind);
        Assert.Equal(LossKind.Dice, sweep.Experiments[0].Config.Segmenter.Loss.Kind);
    }

    [Fact]
    public void Notebook_06_and_the_ablations_recipe_plan_the_same_grid()
    {
        var runs = Path.Combine(_dir, "notebooks");
        var settings = new NotebookSettings { Device = "cpu", RunFolder = runs, ConfigsFolder = Path.Combine(TestPaths.RepoRoot, "configs") };
        var grid = AblationGrid.DefaultGrid("small");
        // The entries notebook 06 documents and its tests expect.
        Assert.Equal(["vnet-dice", "vnet-hybrid", "attention-dil3-dice", "vnet-layers2-dice"], grid.Experiments.Select(e => e.Name));
        Assert.Equal(["segmenter.epochs=8", "segmenter.optimiser.lr=0.0003"], grid.Common);
        var notebook = new AblationGrid(settings, grid.Common).Sweep(grid.Experiments.Select(e => (e.Name, e.Overrides.ToArray())));

        var planned = CliRunner.Run("sweep", "plan", "--recipe", "ablations", "--runs", runs, "--device", "cpu", "--json");
        Assert.True(planned.ExitCode == 0, planned.ToString());
        var plan = SweepPlan.Load(Path.Combine(runs, "06-ablations"));
        Assert.Equal(notebook.Experiments.Select(e => e.Name), plan.Segmenters.Select(s => s.Name));
        foreach (var e in notebook.Experiments)
            Assert.Equal(e.Config.ToJson(), File.ReadAllText(plan.ConfigFile(plan.Task(e.Name))!));
        Assert.Equal(notebook.Locator!.Config!.ToJson(), File.ReadAllText(plan.ConfigFile(plan.Locator!)!));
        using var json = System.Text.Json.JsonDocument.Parse(planned.Out); // --json: nothing but JSON on stdout
        Assert.Equal(6, json.RootElement.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public void Grid_files_round_trip_and_bad_ones_name_every_problem()
    {
        var grid = new SweepGrid { Common = ["segmenter.epochs=2"] }.With("a").With("b", "segmenter.loss.kind=hybrid");
        Assert.Equal(grid.ToJson(), SweepGrid.Parse(grid.ToJson()).ToJson());
        var e = Assert.Throws<ExperimentConfigException>(() => SweepGrid.Parse("""
            { "experiments": [ { "name": "locator", "set": [] }, { "name": "x y", "set": ["nokey"] }, { "name": "a" }, { "name": "a" } ], "extra": 1 }
            """, "g.json"));
        var text = string.Join('\n', e.Problems);
        Assert.Contains("extra: unknown field", text, StringComparison.Ordinal);
        Assert.Contains("'locator' is one of the sweep's own names", text, StringComparison.Ordinal);
        Assert.Contains("experiment 'x y': a run name may hold only", text, StringComparison.Ordinal);
        Assert.Contains("override 'nokey' is not key=value", text, StringComparison.Ordinal);
        Assert.Contains("experiment 'a' appears 2 times", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_locator_configs_or_none_for_runs_that_need_one_are_errors_that_say_what_to_give()
    {
        var locator = ExperimentConfigLoader.Load(Original("01-locator"));
        var run = ExperimentConfigLoader.Load(Original("02-vnet-dice"));
        var two = Assert.Throws<ExperimentConfigException>(() => SweepDefinition.FromConfigs(_dir, [("a.json", locator), ("b.json", locator), ("c.json", run)]));
        Assert.Contains("2 locator configs", two.Message, StringComparison.Ordinal);
        // 02's locator.pretrained (runs/01-locator) holds no trained locator here.
        var none = Assert.Throws<ExperimentConfigException>(() => SweepDefinition.FromConfigs(_dir, [("c.json", run)]));
        Assert.Contains("add a locator config", none.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ExperimentConfigException>(() => SweepDefinition.FromConfigs(_dir, [("c.json", run)], Path.Combine(_dir, "nothing")));
        Assert.Contains("holds no trained locator", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_folder_that_a_node_cannot_see_is_a_clear_error()
    {
        var e = Assert.Throws<RunFolderException>(() => SweepPlan.Load(Path.Combine(_dir, "not-mounted")));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("filesystem every node mounts", e.Message, StringComparison.Ordinal);
        var run = CliRunner.Run("sweep", "run", Path.Combine(_dir, "not-mounted"), "--task", "locator");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("filesystem every node mounts", run.Err, StringComparison.Ordinal);
    }
}
