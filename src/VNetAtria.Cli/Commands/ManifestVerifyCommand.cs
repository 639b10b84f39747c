using System.CommandLine;
using Spectre.Console;
using VNetAtria.Data;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria manifest verify FILE [--root DIR] [--geometry] [--json]</c>: checks the files against their manifest.</summary>
internal static class ManifestVerifyCommand
{
    public static Command Create(CliContext ctx)
    {
        var file = new Argument<string>("FILE") { Description = "The manifest (JSON)." };
        var root = new Option<string?>("--root") { Description = "The data folder (default: the manifest's root, relative to the manifest's folder).", HelpName = "DIR" };
        var geometry = new Option<bool>("--geometry") { Description = "Also read every image and compare its shape and spacing with the manifest (slower)." };
        var json = CliJson.Option("the table: the report (ok, counts, every problem), also when it finds problems (exit code 1)");
        var command = new Command("verify", "Check that every file of a manifest exists and has its recorded sha256 (and, with --geometry, shape and spacing); report every mismatch.")
        {
            file, root, geometry, json,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var manifest = ManifestJson.Read(path);
            var dataRoot = manifest.ResolveRoot(path, parse.GetValue(root));
            var result = CliProgress.Run(ctx, p => ManifestVerifier.Verify(manifest, dataRoot, new ManifestVerifyOptions { CheckGeometry = parse.GetValue(geometry), Progress = p }));
            var asJson = parse.GetValue(json);
            if (asJson) ctx.SetJson(Json(path, result));
            if (result.Ok)
            {
                ctx.Console.WriteLine($"OK: {result.CasesChecked} cases, {result.FilesChecked} files in {result.Root} match {path}");
                return CliApp.Ok;
            }
            if (!asJson)
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("Case").AddColumn("File").AddColumn("Problem").AddColumn("Detail");
                foreach (var p in result.Problems)
                    table.AddRow(Markup.Escape(p.CaseId), Markup.Escape(p.Path ?? ""), p.Kind.ToString(), Markup.Escape(p.Message));
                ctx.Console.Write(table);
            }
            var message = $"{path}: {result.Problems.Count} problem(s) in {result.Root}: {string.Join("; ", result.Problems.Take(3).Select(p => p.Message.TrimEnd('.')))}" +
                          (result.Problems.Count > 3 ? $"; and {result.Problems.Count - 3} more (see {(asJson ? "the JSON report" : "the table above")})." : ".");
            // With --json the report is the result even when it finds problems: returned, not thrown, so it is printed.
            if (asJson) return CliErrors.Report(ctx, new CliFailureException(message), verbose: false);
            throw new CliFailureException(message);
        });
        return command;
    }

    private static string Json(string manifestPath, ManifestVerification result) => CliJson.Serialize(new
    {
        manifest = Path.GetFullPath(manifestPath),
        root = result.Root,
        ok = result.Ok,
        casesChecked = result.CasesChecked,
        filesChecked = result.FilesChecked,
        problems = result.Problems.Select(p => new { @case = p.CaseId, path = p.Path, kind = p.Kind, message = p.Message }),
    });
}
