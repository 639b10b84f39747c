// Compiled into the tests AND submitted verbatim as a cell of the dotnet-interactive kernel (KernelChartTests): the
// same code makes every chart of VNetAtria.Plotting in both processes, so the figure JSON the kernel (FSharp.Core 10.0)
// writes can be compared byte for byte with this process's (FSharp.Core 10.1). Written as C# script allows: no
// namespace, usings first, one static class.
using Plotly.NET;
using VNetAtria.Experiments;
using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Plotting;
using VNetAtria.Plotting.Reports;
using VNetAtria.Results;

/// <summary>One chart of every builder of VNetAtria.Plotting (and the HTML report) on small deterministic inputs.</summary>
internal static class ChartGallery
{
    /// <summary>The report's file name in the folder <see cref="Write"/> fills.</summary>
    public const string ReportFile = "report.html";

    /// <summary>Every chart by name, with the Plotly trace type it must contain.</summary>
    public static IReadOnlyList<(string Name, string TraceType, GenericChart Chart)> Charts()
    {
        var (image, label, prediction) = Volumes();
        var probability = prediction.ConvertTo<float>();
        var history = new[]
        {
            new VNetAtria.Training.EpochRecord(1, 0.9, 0.9, 0.95, 0.95, 0.5, 1e-3, 1.0, 10, 1000),
            new VNetAtria.Training.EpochRecord(2, 0.7, 0.7, 0.80, 0.80, 0.6, 1e-3, 0.9, 10, 1000),
            new VNetAtria.Training.EpochRecord(3, 0.6, 0.6, 0.70, 0.70, 0.7, 1e-4, 0.8, 10, 1000),
        };
        var cases = Cases();
        var box = new Box3(new Index3(2, 3, 3), new Shape3(4, 5, 5));
        var window = new Box3(new Index3(0, 0, 0), new Shape3(8, 12, 12));
        return
        [
            ("slice-viewer-orthogonal", "contour", SliceViewer.Orthogonal(image, label, prediction, options: new SliceViewerOptions { Title = "orthogonal" })),
            ("slice-viewer-scroll", "heatmap", SliceViewer.Scroll(image, SliceAxis.Axial, label, prediction)),
            ("histogram", "bar", IntensityHistograms.Of(image)),
            ("histograms-before-after", "bar", IntensityHistograms.BeforeAfter(image, label)),
            ("locator-view", "heatmap", LocatorView.FromVolume(probability, SliceAxis.Axial, box, window, scale: 1, title: "locator")),
            ("training-curves", "scatter", TrainingCurves.Create(history, "training")),
            ("training-comparison", "scatter", TrainingComparison.Create([("a", history), ("b", history.Select(h => h with { TrainLoss = h.TrainLoss / 2 }))], "compared")),
            ("metric-boxes", "box", MetricDistributions.Create([("a", cases), ("b", cases.Take(2))], "Dice", DistributionKind.Box)),
            ("metric-violins", "violin", MetricDistributions.Create([("a", cases), ("b", cases.Take(2))], "HD95 (mm)", DistributionKind.Violin)),
            ("surface", "mesh3d", SurfaceCharts.Segmentation(label, title: "surface")),
            ("surface-distance", "mesh3d", SurfaceCharts.DistanceToReference(prediction, label, title: "distance")),
            ("augmentation-gallery", "heatmap", AugmentationGallery.FromVolumes([("image", image), ("label", label.ConvertTo<float>())], sliceIndex: 6, columns: 2, title: "gallery")),
        ];
    }

    /// <summary>The HTML report of one run made of <see cref="Cases"/> and a three-epoch history.</summary>
    public static string Report()
    {
        var config = ExperimentConfigLoader.Parse("""{ "name": "gallery-run", "data": { "root": "/data" } }""");
        var summary = new RunSummary
        {
            Name = "gallery-run", Device = "cpu", EvaluatedStage = ExperimentStage.Segmenter,
            Segmenter = new StageSummary { Parameters = 1000, TrainingSeconds = 12, Epochs = 3, BestEpoch = 3, BestValidationLoss = 0.3 },
        };
        VNetAtria.Training.EpochRecord[] history =
        [
            new(1, 0.9, 0.9, 0.8, 0.8, 0.3, 1e-3, 1, 10, 1000),
            new(2, 0.7, 0.7, 0.6, 0.6, 0.5, 1e-3, 1, 10, 1000),
        ];
        var run = new ReportRun("/gallery-run", new RunResult(config, summary, Cases()), history);
        return HtmlReport.Build([run], new HtmlReportOptions { Title = "gallery" });
    }

    /// <summary>Writes every chart's figure JSON (<c>NAME.json</c>) and the report into <paramref name="folder"/>.</summary>
    public static int Write(string folder)
    {
        System.IO.Directory.CreateDirectory(folder);
        var charts = Charts();
        foreach (var (name, _, chart) in charts) System.IO.File.WriteAllText(System.IO.Path.Combine(folder, name + ".json"), ChartExport.ToJson(chart));
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder, ReportFile), Report());
        return charts.Count;
    }

    /// <summary>A 12 x 16 x 16 image with a bright ball, its label and a shifted prediction (1.2 mm spacing along D).</summary>
    public static (Volume<float> Image, Volume<byte> Label, Volume<byte> Prediction) Volumes()
    {
        var shape = new Shape3(12, 16, 16);
        var geometry = VolumeGeometry.WithSpacingOnly(new Spacing3(1.2, 1, 1));
        var image = new Volume<float>(shape, geometry: geometry);
        var label = new Volume<byte>(shape, geometry: geometry);
        var prediction = new Volume<byte>(shape, geometry: geometry);
        for (var d = 0; d < shape.Depth; d++)
            for (var h = 0; h < shape.Height; h++)
                for (var w = 0; w < shape.Width; w++)
                {
                    double Ball(double cd, double ch, double cw) => Math.Sqrt((d - cd) * (d - cd) + (h - ch) * (h - ch) + (w - cw) * (w - cw));
                    image[d, h, w] = (float)(100 * Math.Exp(-Ball(6, 8, 8) / 4) + (d * 31 + h * 17 + w * 7) % 10);
                    label[d, h, w] = Ball(6, 8, 8) <= 4 ? (byte)1 : (byte)0;
                    prediction[d, h, w] = Ball(6, 8, 9) <= 4 ? (byte)1 : (byte)0;
                }
        return (image, label, prediction);
    }

    /// <summary>Three validation cases with known Dice and HD95.</summary>
    public static IReadOnlyList<CaseMetrics> Cases() =>
        new[] { (0.7, 3.0), (0.8, 2.0), (0.9, 1.0) }.Select((c, i) => new CaseMetrics($"Case{i:000}", new OverlapCounts(9, 1, 1, 89),
            c.Item1, c.Item1 / (2 - c.Item1), c.Item1, c.Item1, 0.99, 2 * c.Item2, c.Item2, c.Item2 / 2, c.Item2 / 2, false, false, 30)).ToList();
}
