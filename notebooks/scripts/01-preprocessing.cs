#!/usr/bin/env -S dotnet run
// Notebook 01 (preprocessing) as a C# file-based app: the same library calls, with the charts written to files
// instead of shown in cells. Run from anywhere (the .NET 10 SDK builds the referenced projects first):
//
//   dotnet run notebooks/scripts/01-preprocessing.cs [-- RUNS_FOLDER]
//
// RUNS_FOLDER is the notebooks' artefact folder (default: $VNETATRIA_NOTEBOOK_RUNS, else runs/notebooks at the
// repository root); this writes RUNS_FOLDER/01-preprocessing/ as the notebook does, plus charts/ with each chart as
// HTML (plotly.js inlined, opens offline) and as PNG (when Chromium is installed). See notebooks/README.md.
#:project ../../src/VNetAtria.Plotting
// File-based apps default to native AOT publishing, whose analysers flag the library's reflection-based JSON.
#:property PublishAot=false

using System.Runtime.CompilerServices;
using Plotly.NET;
using VNetAtria.Data;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Plotting;
using VNetAtria.Preprocessing;
using VNetAtria.Synthetic;

const int seed = 42;      // data generation and the train/validation split, as the notebook's settings cell
const int maxCases = 5;   // the small profile

var repository = Path.GetFullPath(Path.Combine(ScriptFolder(), "..", ".."));
var runFolder = args.Length > 0 ? args[0]
    : Environment.GetEnvironmentVariable("VNETATRIA_NOTEBOOK_RUNS") is { Length: > 0 } r ? r
    : Path.Combine(repository, "runs", "notebooks");
var dataRoot = Path.Combine(runFolder, "data");
var stepFolder = Path.GetFullPath(Path.Combine(runFolder, "01-preprocessing"));
var chartFolder = Path.Combine(stepFolder, "charts");
Directory.CreateDirectory(chartFolder);

// The synthetic cohort (written beside its final place and renamed, so an interrupted run leaves no half cohort).
if (!Directory.Exists(dataRoot))
{
    var partial = dataRoot.TrimEnd('/', '\\') + ".partial";
    if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
    SyntheticCohort.Write(partial, PhantomProfile.Small, cases: maxCases, seed: seed);
    Directory.Move(partial, dataRoot);
}
var cases = CaseDiscovery.Discover(dataRoot).Cases.Where(c => c.HasLabel).Take(maxCases).ToList();
var images = cases.Select(c => VolumeFile.Read(c.ImagePath).ConvertTo<float>()).ToList();
var labels = cases.Select(c => LabelBinarisation.Binarise(VolumeFile.Read(c.LabelPath!).ConvertTo<float>(), source: c.CaseId)).ToList();
Console.WriteLine($"{cases.Count} cases from {dataRoot}");

// The slice viewer through the label's centroid.
var label = labels[0].ConvertTo<float>();
var centre = new Index3(SlicePlanes.ThroughCentroid(label, SliceAxis.Axial),
                        SlicePlanes.ThroughCentroid(label, SliceAxis.Coronal),
                        SlicePlanes.ThroughCentroid(label, SliceAxis.Sagittal));
Save(SliceViewer.Orthogonal(images[0], label, at: centre, options: new SliceViewerOptions { Title = cases[0].CaseId }), "slices");

// Canonical padding to a canvas of multiples of 16, with its exact inverse.
static int RoundUp16(int n) => (n + 15) / 16 * 16;
var canvas = new Shape3(RoundUp16(images.Max(v => v.Shape.Depth)), RoundUp16(images.Max(v => v.Shape.Height)), RoundUp16(images.Max(v => v.Shape.Width)));
var padded = new List<Volume<float>>();
var records = new List<PaddingRecord>();
for (var i = 0; i < cases.Count; i++)
{
    var (image, record) = CanonicalPadding.Apply(images[i], canvas, source: cases[i].CaseId);
    var back = CanonicalPadding.Invert(image, record);
    if (back.Shape != images[i].Shape || !back.Data.AsSpan().SequenceEqual(images[i].Data))
        throw new InvalidOperationException($"{cases[i].CaseId}: the padding's inverse did not give the image back.");
    padded.Add(image);
    records.Add(record);
}
Console.WriteLine($"padded to {canvas}; every inverse exact");

// z-score statistics from the training cases only, and the intensity histograms before and after.
var split = DatasetSplitter.Seeded(cases.Select(c => c.CaseId), seed);
var training = Enumerable.Range(0, cases.Count).Where(i => split[cases[i].CaseId] == DatasetSplit.Train).ToList();
var statistics = IntensityNormalisation.ComputeStatistics(training.Select(i => padded[i]).ToList());
Save(IntensityHistograms.BeforeAfter(padded[0], IntensityNormalisation.Apply(padded[0], statistics)), "histograms");
Console.WriteLine($"{training.Count} training cases: mean {statistics.Mean:F3}, std {statistics.StandardDeviation:F3}");

// The locator's input: the padded volume downscaled with antialiasing.
var (paddedLabel, _) = CanonicalPadding.Apply(labels[0], canvas, source: cases[0].CaseId);
var smallImage = VolumeResampling.DownscaleImage(padded[0], ScaleFactors.Lasc);
var smallLabel = VolumeResampling.DownscaleLabel(paddedLabel, ScaleFactors.Lasc);
Save(SliceViewer.Orthogonal(smallImage, smallLabel, options: new SliceViewerOptions { Title = $"{cases[0].CaseId} at locator resolution {smallImage.Shape}" }), "locator-input");

// The artefacts later notebooks read.
PreprocessingJson.Write(Path.Combine(stepFolder, "normalisation-padded-training.json"), statistics);
PreprocessingJson.Write(Path.Combine(stepFolder, "padding-records.json"), cases.Select((c, i) => new { c.CaseId, Record = records[i] }).ToList());
Console.WriteLine($"wrote {stepFolder}");

void Save(GenericChart chart, string name)
{
    ChartExport.SaveHtml(chart, Path.Combine(chartFolder, name + ".html"), selfContained: true);
    if (ChartImages.FindBrowser() is null)
    {
        Console.WriteLine($"{name}.html (no Chromium: no PNG)");
        return;
    }
    ChartImages.SavePng(chart, Path.Combine(chartFolder, name + ".png"), 1000, 650);
    Console.WriteLine($"{name}.html, {name}.png");
}

// The folder of this file, as the compiler saw it (file-based apps run from a build folder elsewhere).
static string ScriptFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
