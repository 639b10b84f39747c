using System.CommandLine;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria volume info|convert</c>: look at and convert volume files.</summary>
internal static class VolumeCommand
{
    public static Command Create(CliContext ctx) =>
        new("volume", "Inspect and convert volume files (.nrrd, .nhdr, .nii, .nii.gz; UA-MT .h5 read only).")
        {
            VolumeInfoCommand.Create(ctx),
            VolumeConvertCommand.Create(ctx),
        };
}
