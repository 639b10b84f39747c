using System.CommandLine;
using Spectre.Console;
using VNetAtria.Synthetic;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria synth --out DIR [--cases N] [--profile small|lasc] [--seed S]</c>: writes a synthetic LGE-MRI cohort.</summary>
internal static class SynthCommand
{
    public static Command Create(CliContext ctx)
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder to write the cohort into, in the LASC layout <out>/<CaseId>/lgemri.nrrd + laendo.nrrd (created if missing).",
            Required = true,
            HelpName = "DIR",
        };
        var cases = new Option<int>("--cases")
        {
            Description = "Number of cases to generate (at least 1).",
            DefaultValueFactory = _ => 10,
            HelpName = "N",
        }.AtLeast(1);
        var profile = new Option<string>("--profile")
        {
            Description = "Phantom profile: small (volumes a 2-core CPU trains on in minutes) or lasc (the LASC 2018 sizes, 88x576x576 and 88x640x640 at 0.625 mm).",
            DefaultValueFactory = _ => "small",
        }.AcceptOnlyFromAmong("small", "lasc");
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the cohort; the same profile, seed and count give byte-identical files.",
            DefaultValueFactory = _ => 0,
            HelpName = "S",
        };
        var command = new Command("synth", "Generate a synthetic LGE-MRI left-atrium cohort (images and labels) for demos and tests.")
        {
            output, cases, profile, seed,
        };
        command.SetAction(parse =>
        {
            var dir = Path.GetFullPath(parse.GetValue(output)!);
            var n = parse.GetValue(cases);
            var phantom = PhantomProfile.FromName(parse.GetValue(profile)!);
            var s = parse.GetValue(seed);
            var ids = Generate(ctx, dir, phantom, n, s);
            ctx.Console.WriteLine($"Wrote {ids.Count} {phantom.Name} cases (seed {s}) to {dir}");
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Generates a cohort with a progress bar per case (shared with `demo`).</summary>
    internal static IReadOnlyList<string> Generate(CliContext ctx, string dir, PhantomProfile profile, int cases, int seed) =>
        CliProgress.Run(ctx, p => SyntheticCohort.Write(dir, profile, cases, seed, CliProgress.Counting(p, "generating cases", cases)));
}
