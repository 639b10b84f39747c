using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Experiments;

public sealed class RunResultTests
{
    private static string WriteRun(string dir)
    {
        var run = ResultsFixtures.AttentionRun(ResultsFixtures.ThreeCases.Append(ResultsFixtures.Case("Case004", 0, 0, 0, 0, 77, 77, 77, emptyPrediction: true)).ToList());
        File.WriteAllText(Path.Combine(dir, RunFolder.ConfigFileName), run.Config.ToJson());
        run.Summary.Write(Path.Combine(dir, RunFolder.SummaryFileName));
        MetricsTables.Write(Path.Combine(dir, RunFolder.MetricsFileName), MetricsTables.ToCsv(run.Cases));
        return dir;
    }

    [Fact]
    public void Load_reads_the_config_the_summary_and_the_metrics_the_pipeline_writes()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            WriteRun(dir);
            var loaded = RunResult.Load(dir);
            var expected = ResultsFixtures.AttentionRun(ResultsFixtures.ThreeCases);
            Assert.Equal(expected.Config.ToJson(), loaded.Config.ToJson());
            Assert.Equal(expected.Summary with { Segmenter = null }, loaded.Summary with { Segmenter = null });
            Assert.Equal(expected.Summary.Segmenter, loaded.Summary.Segmenter);
            Assert.Equal(4, loaded.Cases.Count);
            for (var i = 0; i < 3; i++)
                Assert.Equal(ResultsFixtures.ThreeCases[i] with { WorstCaseDistance = double.NaN }, loaded.Cases[i]);
            // A case with exactly one empty mask: every distance is the worst case, so it is recovered.
            Assert.True(loaded.Cases[3].EmptyPrediction);
            Assert.Equal(77, loaded.Cases[3].WorstCaseDistance);
            Assert.Equal("VNet + attention (red 4, dil 3)", ResultsTable.RowOf(loaded).Architecture);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Missing_files_are_all_named_with_what_writes_them()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            WriteRun(dir);
            File.Delete(Path.Combine(dir, RunFolder.SummaryFileName));
            File.Delete(Path.Combine(dir, RunFolder.MetricsFileName));
            var e = Assert.Throws<RunFolderException>(() => RunResult.Load(dir));
            Assert.Contains("missing run-summary.json (written when training ends), metrics.csv (written by the evaluation)", e.Message);
            Assert.DoesNotContain("config.json", e.Message);

            var none = Assert.Throws<RunFolderException>(() => RunResult.Load(Path.Combine(dir, "absent")));
            Assert.Contains("does not exist", none.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Unreadable_files_are_reported_with_their_path_and_field()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            WriteRun(dir);
            var metrics = Path.Combine(dir, RunFolder.MetricsFileName);
            var lines = File.ReadAllLines(metrics);
            File.WriteAllLines(metrics, [lines[0], "Case002,abc" + string.Concat(Enumerable.Repeat(",1", 12)) + ",false,false"]);
            var bad = Assert.Throws<RunFolderException>(() => RunResult.Load(dir));
            Assert.True(bad.Message.Contains("line 2, column 'Dice': 'abc' is not a number"), bad.Message);

            File.WriteAllLines(metrics, ["case,Dice"]);
            Assert.Contains("missing column(s) 'IoU'", Assert.Throws<RunFolderException>(() => RunResult.Load(dir)).Message);

            File.WriteAllText(Path.Combine(dir, RunFolder.SummaryFileName), """{ "schemaVersion": 1, "name": "x", "evaluatedStage": "locator" }""");
            Assert.Contains("evaluatedStage is locator but that stage has no summary", Assert.Throws<RunFolderException>(() => RunResult.Load(dir)).Message);

            File.WriteAllText(Path.Combine(dir, RunFolder.SummaryFileName), """{ "schemaVersion": 1, "segmenter": { "parameters": "many" } }""");
            Assert.Contains("segmenter.parameters", Assert.Throws<RunFolderException>(() => RunResult.Load(dir)).Message);

            File.WriteAllText(Path.Combine(dir, RunFolder.ConfigFileName), """{ "name": "x", "data": { "root": "r" }, "oops": 1 }""");
            Assert.Contains("oops: unknown field", Assert.Throws<RunFolderException>(() => RunResult.Load(dir)).Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_run_summary_survives_a_json_round_trip_and_ignores_fields_it_does_not_know()
    {
        var summary = ResultsFixtures.AttentionRun([]).Summary;
        var back = RunSummary.Parse(summary.ToJson());
        Assert.Equal(summary.Segmenter, back.Segmenter);
        Assert.Equal(summary with { Segmenter = null }, back with { Segmenter = null });
        Assert.Contains("\"evaluatedStage\": \"segmenter\"", summary.ToJson());
        var later = RunSummary.Parse("""{ "schemaVersion": 1, "name": "n", "futureField": 3, "segmenter": { "parameters": 5 } }""");
        Assert.Equal(5, later.Segmenter!.Parameters);
        Assert.Throws<RunFolderException>(() => RunSummary.Parse("""{ "schemaVersion": 2, "segmenter": {} }"""));
    }
}
