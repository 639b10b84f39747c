using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using VNetAtria.Data;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria volume info FILE [--json]</c>: shape, type, geometry, statistics and metadata of a volume file.</summary>
internal static class VolumeInfoCommand
{
    public static Command Create(CliContext ctx)
    {
        var file = new Argument<string>("FILE") { Description = "The volume file (.nrrd, .nhdr, .nii, .nii.gz or UA-MT .h5, whose image and label datasets are both shown)." };
        var json = CliJson.Option("the table");
        var command = new Command("info", "Show a volume's shape (D x H x W), voxel type, spacing, origin, direction, min/max/mean/std, label values when there are few, and metadata.")
        {
            file, json,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var volumes = Read(ctx, path);
            if (parse.GetValue(json)) ctx.SetJson(Json(path, volumes));
            else Render(ctx.Console, path, volumes);
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The file's volumes: one, or for a UA-MT .h5 the image and (if readable) the label dataset.</summary>
    private static List<(string? Dataset, IVolume Volume)> Read(CliContext ctx, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        if (VolumeFile.FormatOf(path) != VolumeFormat.UamtH5)
            return [(null, VolumeFile.Read(path))];
        var result = new List<(string?, IVolume)> { ("image", VolumeGrid.ReadVolume(path, "image")) };
        try
        {
            result.Add(("label", VolumeGrid.ReadVolume(path, "label")));
        }
        catch (VolumeFormatException e)
        {
            ctx.Warn($"the label dataset could not be read: {e.Message}");
        }
        return result;
    }

    private static void Render(IAnsiConsole console, string path, List<(string? Dataset, IVolume Volume)> volumes)
    {
        foreach (var (dataset, v) in volumes)
        {
            var stats = VolumeStatistics.Of(v);
            var g = v.Geometry;
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value");
            console.WriteLine(dataset is null ? path : $"{path} (dataset {dataset})");
            void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
            Row("format", VolumeFile.FormatOf(path).ToString());
            Row("shape (D x H x W)", $"{v.Shape} ({v.Shape.VoxelCount:N0} voxels)");
            Row("voxel type", v.VoxelType.ToString());
            Row("spacing (D, H, W)", g.Spacing.ToString());
            Row("origin (LPS mm)", Vec(g.Origin));
            Row("axis D", Vec(g.AxisD));
            Row("axis H", Vec(g.AxisH));
            Row("axis W", Vec(g.AxisW));
            if (g.SourceSpace is not null) Row("source space", g.SourceSpace);
            Row("min / max", $"{Num(stats.Min)} / {Num(stats.Max)}");
            Row("mean / std", $"{Num(stats.Mean)} / {Num(stats.StandardDeviation)}");
            Row("values", stats.DistinctValues is { } d ? string.Join(", ", d.Select(Num)) : "more than 16 distinct values");
            foreach (var (key, value) in v.Metadata) Row($"meta: {key}", value.Length > 80 ? value[..77] + "..." : value);
            console.Write(table);
        }
    }

    private static string Json(string path, List<(string? Dataset, IVolume Volume)> volumes)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("file", Path.GetFullPath(path));
            w.WriteString("format", VolumeFile.FormatOf(path).ToString());
            w.WriteStartArray("volumes");
            foreach (var (dataset, v) in volumes)
            {
                var stats = VolumeStatistics.Of(v);
                var g = v.Geometry;
                w.WriteStartObject();
                if (dataset is null) w.WriteNull("dataset"); else w.WriteString("dataset", dataset);
                Array(w, "shape", v.Shape.Depth, v.Shape.Height, v.Shape.Width);
                w.WriteString("voxelType", v.VoxelType.ToString());
                Array(w, "spacing", g.Spacing.D, g.Spacing.H, g.Spacing.W);
                Array(w, "origin", g.Origin.X, g.Origin.Y, g.Origin.Z);
                w.WriteStartObject("axes");
                Array(w, "d", g.AxisD.X, g.AxisD.Y, g.AxisD.Z);
                Array(w, "h", g.AxisH.X, g.AxisH.Y, g.AxisH.Z);
                Array(w, "w", g.AxisW.X, g.AxisW.Y, g.AxisW.Z);
                w.WriteEndObject();
                if (g.SourceSpace is null) w.WriteNull("sourceSpace"); else w.WriteString("sourceSpace", g.SourceSpace);
                w.WriteStartObject("statistics");
                Number(w, "min", stats.Min);
                Number(w, "max", stats.Max);
                Number(w, "mean", stats.Mean);
                Number(w, "std", stats.StandardDeviation);
                if (stats.DistinctValues is { } d)
                {
                    w.WriteStartArray("distinctValues");
                    foreach (var x in d) w.WriteNumberValue(x);
                    w.WriteEndArray();
                }
                else w.WriteNull("distinctValues");
                w.WriteEndObject();
                w.WriteStartObject("metadata");
                foreach (var (key, value) in v.Metadata) w.WriteString(key, value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Array(Utf8JsonWriter w, string name, params double[] values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    // JSON has no NaN: an all-NaN volume's statistics are written as null.
    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value); else w.WriteNull(name);
    }

    private static string Vec(Vector3d v) => FormattableString.Invariant($"({v.X:G6}, {v.Y:G6}, {v.Z:G6})");

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
