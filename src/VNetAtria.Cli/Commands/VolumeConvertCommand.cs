using System.CommandLine;
using Spectre.Console;
using VNetAtria.Data;
using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Nrrd;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria volume convert IN OUT [--encoding raw|gzip] [--dataset image|label]</c>.</summary>
internal static class VolumeConvertCommand
{
    public static Command Create(CliContext ctx)
    {
        var input = new Argument<string>("IN") { Description = "The file to read (.nrrd, .nhdr, .nii, .nii.gz or UA-MT .h5)." };
        var output = new Argument<string>("OUT") { Description = "The file to write (.nrrd, .nhdr, .nii or .nii.gz); the format follows the extension. Written atomically." };
        var encoding = new Option<string?>("--encoding")
        {
            Description = "NRRD data encoding: raw or gzip (gzip when omitted). Only for NRRD outputs.",
        }.AcceptOnlyFromAmong("raw", "gzip");
        var dataset = new Option<string>("--dataset")
        {
            Description = "Which dataset of a UA-MT .h5 input to convert: image or label.",
            DefaultValueFactory = _ => "image",
        }.AcceptOnlyFromAmong("image", "label");
        var command = new Command("convert", "Convert a volume between formats, keeping voxels, spacing, origin and direction.")
        {
            input, output, encoding, dataset,
        };
        command.SetAction(parse =>
        {
            var from = parse.GetValue(input)!;
            var to = parse.GetValue(output)!;
            var enc = parse.GetValue(encoding);
            var outFormat = VolumeFile.FormatOf(to);
            if (enc is not null && outFormat != VolumeFormat.Nrrd)
                throw new ArgumentException($"--encoding applies to NRRD outputs only; {to} is {outFormat}.");
            var volume = VolumeGrid.ReadVolume(from, parse.GetValue(dataset));
            var options = new NrrdWriteOptions { Encoding = enc == "raw" ? NrrdEncoding.Raw : NrrdEncoding.Gzip };
            VolumeFile.Write(to, volume, options);
            ctx.Console.WriteLine($"Wrote {Path.GetFullPath(to)} ({outFormat}, {volume.Shape}, {volume.VoxelType}, {volume.Geometry.Spacing})");
            return CliApp.Ok;
        });
        return command;
    }
}
