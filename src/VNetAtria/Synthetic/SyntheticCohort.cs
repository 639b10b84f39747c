using System.Globalization;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Nrrd;

namespace VNetAtria.Synthetic;

/// <summary>One generated case: a uint8 LGE-like image and its 0/255 left-atrium label, same geometry.</summary>
public sealed record SyntheticCase(string CaseId, Volume<byte> Image, Volume<byte> Label);

/// <summary>
/// Generates LGE-MRI-like phantoms with a left-atrium label (see Synthetic/README.md for what they model) and writes
/// them in the LASC layout. A case is a pure function of (profile, seed, index): the same arguments give identical
/// voxels on every machine and thread count.
/// </summary>
public static class SyntheticCohort
{
    /// <summary>The file name of a case's image, as in LASC.</summary>
    public const string ImageFileName = "lgemri.nrrd";

    /// <summary>The file name of a case's label, as in LASC.</summary>
    public const string LabelFileName = "laendo.nrrd";

    /// <summary>Version of the generator's algorithm, stored in every case's metadata; it changes whenever output for the same arguments would.</summary>
    public const string GeneratorVersion = "1";

    /// <summary>The case id of case <paramref name="index"/> ("Case000", ...).</summary>
    public static string CaseId(int index) => $"Case{index:D3}";

    /// <summary>
    /// Generates case <paramref name="index"/> of the cohort drawn from <paramref name="seed"/>: image and label share
    /// the geometry (profile spacing, identity direction, volume centred on the world origin) and carry metadata
    /// keys vnetatria_phantom_profile, vnetatria_phantom_seed, vnetatria_phantom_index and vnetatria_phantom_version.
    /// </summary>
    /// <exception cref="ArgumentException">The profile is invalid (the message names the property).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static SyntheticCase Generate(PhantomProfile profile, int seed, int index)
    {
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var parameters = PhantomSampler.Sample(profile, seed, index);
        var (image, label) = PhantomRenderer.Render(parameters);
        var metadata = new Dictionary<string, string>
        {
            ["vnetatria_phantom_profile"] = profile.Name,
            ["vnetatria_phantom_seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["vnetatria_phantom_index"] = index.ToString(CultureInfo.InvariantCulture),
            ["vnetatria_phantom_version"] = GeneratorVersion,
        };
        return new SyntheticCase(
            CaseId(index),
            new Volume<byte>(parameters.Shape, image, parameters.Geometry, metadata),
            new Volume<byte>(parameters.Shape, label, parameters.Geometry, metadata));
    }

    /// <summary>
    /// Writes <paramref name="cases"/> cases as &lt;root&gt;/&lt;CaseId&gt;/lgemri.nrrd + laendo.nrrd (gzip NRRD) and returns their ids.
    /// Same profile, seed and count give byte-identical files. Reports one line per case to <paramref name="progress"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The root is empty or the profile is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cases"/> is negative.</exception>
    public static IReadOnlyList<string> Write(string root, PhantomProfile profile, int cases, int seed, IProgress<string>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegative(cases);
        profile.Validate();
        var ids = new List<string>(cases);
        var options = new NrrdWriteOptions { Encoding = NrrdEncoding.Gzip };
        for (var i = 0; i < cases; i++)
        {
            var c = Generate(profile, seed, i);
            var folder = Path.Combine(root, c.CaseId);
            Directory.CreateDirectory(folder);
            NrrdWriter.Write(Path.Combine(folder, ImageFileName), c.Image, options);
            NrrdWriter.Write(Path.Combine(folder, LabelFileName), c.Label, options);
            ids.Add(c.CaseId);
            progress?.Report($"{c.CaseId} ({i + 1}/{cases}): {c.Image.Shape}, profile {profile.Name}, seed {seed}");
        }
        return ids;
    }
}
