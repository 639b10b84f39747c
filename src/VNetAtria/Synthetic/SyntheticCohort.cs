using VNetAtria.Imaging;

namespace VNetAtria.Synthetic;

/// <summary>One generated case: a uint8 LGE-like image and its 0/255 left-atrium label, same geometry.</summary>
public sealed record SyntheticCase(string CaseId, Volume<byte> Image, Volume<byte> Label);

/// <summary>Generates phantom cases and writes them in the LASC layout. Placeholder: filled in by the synthetic-cohort work.</summary>
public static class SyntheticCohort
{
    /// <summary>The case id of case <paramref name="index"/> ("Case000", ...).</summary>
    public static string CaseId(int index) => $"Case{index:D3}";

    /// <summary>Generates case <paramref name="index"/> of the cohort drawn from <paramref name="seed"/>.</summary>
    public static SyntheticCase Generate(PhantomProfile profile, int seed, int index) =>
        throw new NotImplementedException("The phantom generator is not implemented yet.");

    /// <summary>
    /// Writes <paramref name="cases"/> cases as &lt;root&gt;/&lt;CaseId&gt;/lgemri.nrrd + laendo.nrrd and returns their ids.
    /// Same profile, seed and count give byte-identical files.
    /// </summary>
    public static IReadOnlyList<string> Write(string root, PhantomProfile profile, int cases, int seed, IProgress<string>? progress = null) =>
        throw new NotImplementedException("The phantom generator is not implemented yet.");
}
