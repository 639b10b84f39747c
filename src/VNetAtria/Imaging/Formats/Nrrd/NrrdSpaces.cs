namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// The NRRD <c>space</c> values (teem's <c>nrrdSpace</c>) and how each maps to the library's LPS world.
/// RAS and LAS differ from LPS by the sign of x (and y); scanner-xyz and 3D-right-handed have no anatomical
/// labels and are taken as they are (as ITK does). Left-handed and time-bearing spaces are refused by the reader.
/// </summary>
public static class NrrdSpaces
{
    /// <summary>teem's long name for LPS, which the writer uses.</summary>
    public const string LeftPosteriorSuperior = "left-posterior-superior";

    private sealed record Info(string Name, int Dimension, Vector3d ToLps, string? Refusal);

    private static readonly Vector3d Same = new(1, 1, 1);

    private static readonly Info[] Spaces =
    [
        new("right-anterior-superior", 3, new(-1, -1, 1), null),
        new("left-anterior-superior", 3, new(-1, 1, 1), null),
        new(LeftPosteriorSuperior, 3, Same, null),
        new("scanner-xyz", 3, Same, null),
        new("3D-right-handed", 3, Same, null),
        new("3D-left-handed", 3, Same, "a left-handed frame cannot be placed in the right-handed LPS world without knowing which axis is mirrored"),
        new("right-anterior-superior-time", 4, new(-1, -1, 1), "a space with time (4 coordinates) is not supported: this reader takes 3-D spatial volumes"),
        new("left-anterior-superior-time", 4, new(-1, 1, 1), "a space with time (4 coordinates) is not supported: this reader takes 3-D spatial volumes"),
        new("left-posterior-superior-time", 4, Same, "a space with time (4 coordinates) is not supported: this reader takes 3-D spatial volumes"),
        new("scanner-xyz-time", 4, Same, "a space with time (4 coordinates) is not supported: this reader takes 3-D spatial volumes"),
        new("3D-right-handed-time", 4, Same, "a space with time (4 coordinates) is not supported: this reader takes 3-D spatial volumes"),
        new("3D-left-handed-time", 4, Same, "a space with time (4 coordinates) is not supported: this reader takes 3-D spatial volumes"),
    ];

    private static readonly Dictionary<string, Info> ByName = BuildNames();

    /// <summary>The canonical long name of a <c>space</c> value (e.g. "RAS" gives "right-anterior-superior"), or null when unknown.</summary>
    public static string? Canonical(string value) => ByName.GetValueOrDefault(value.Trim())?.Name;

    /// <summary>The number of world coordinates of a (canonical) space.</summary>
    internal static int DimensionOf(string canonical) => ByName[canonical].Dimension;

    /// <summary>Per-coordinate signs that turn a vector of the space into LPS.</summary>
    internal static Vector3d ToLpsSigns(string canonical) => ByName[canonical].ToLps;

    /// <summary>Why the reader refuses this space, or null when it is supported.</summary>
    internal static string? Refusal(string canonical) => ByName[canonical].Refusal;

    /// <summary>Every accepted spelling.</summary>
    public static IReadOnlyCollection<string> AllSpellings => ByName.Keys;

    private static Dictionary<string, Info> BuildNames()
    {
        var d = new Dictionary<string, Info>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in Spaces) d[s.Name] = s;
        string[] shortNames = ["RAS", "LAS", "LPS", null!, null!, null!, "RAST", "LAST", "LPST"];
        for (var i = 0; i < shortNames.Length; i++)
            if (shortNames[i] is { } n) d[n] = Spaces[i];
        return d;
    }
}
