using System.Text.Json;
using VNetAtria.Models;
using VNetAtria.Preprocessing;

namespace VNetAtria.Experiments;

/// <summary>
/// The config spelling of enum values: kebab-case lower ("antialiased-nearest", "uamt-h5"), with a few fixed names
/// where kebab-case would read badly ("zscore", "prelu", "original-480"). Reading ignores case, '-' and '_'.
/// </summary>
public static class ConfigEnumNames
{
    private static readonly Dictionary<(Type, string), string> Fixed = new()
    {
        [(typeof(NormalisationMode), nameof(NormalisationMode.ZScore))] = "zscore",
        [(typeof(VNetActivation), nameof(VNetActivation.PReLU))] = "prelu",
        [(typeof(VNetActivation), nameof(VNetActivation.ELU))] = "elu",
        [(typeof(AugmentationPreset), nameof(AugmentationPreset.Original480))] = "original-480",
    };

    /// <summary>The config name of an enum value.</summary>
    public static string Name(Enum value) => Name(value.GetType(), value.ToString());

    /// <summary>The config names of every value of <paramref name="enumType"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Names(Type enumType) => Enum.GetNames(enumType).Select(n => Name(enumType, n)).ToList();

    /// <summary>"a|b|c": the accepted names, for messages.</summary>
    public static string Expected(Type enumType) => string.Join("|", Names(enumType));

    /// <summary>Parses a config name (case, '-' and '_' ignored); false when it names no value.</summary>
    public static bool TryParse(Type enumType, string? text, out object? value)
    {
        value = null;
        if (text is null) return false;
        var key = Squash(text);
        foreach (var n in Enum.GetNames(enumType))
            if (Squash(Name(enumType, n)) == key || Squash(n) == key)
            {
                value = Enum.Parse(enumType, n);
                return true;
            }
        return false;
    }

    private static string Name(Type type, string member) =>
        Fixed.TryGetValue((type, member), out var name) ? name : JsonNamingPolicy.KebabCaseLower.ConvertName(member);

    private static string Squash(string s) => s.Replace("-", "").Replace("_", "").ToLowerInvariant();
}
