using System.CommandLine;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria manifest create|verify</c>: dataset manifests (JSON with sha256, shapes and split).</summary>
internal static class ManifestCommand
{
    public static Command Create(CliContext ctx) =>
        new("manifest", "Create and verify dataset manifests (case ids, relative paths, sha256, shape, spacing, split; schema in data-manifests/manifest.schema.json).")
        {
            ManifestCreateCommand.Create(ctx),
            ManifestVerifyCommand.Create(ctx),
        };
}
