using System.Globalization;
using System.Reflection;
using TorchSharp;

namespace VNetAtria.Training.Checkpoints;

/// <summary>A new checkpoint manifest stamped with what wrote it and when (library and TorchSharp versions, UTC time).</summary>
internal static class ManifestStamp
{
    /// <summary>The manifest of a checkpoint of <paramref name="kind"/> holding <paramref name="optimizer"/>'s state (or "none").</summary>
    public static CheckpointManifest Create(string kind, string optimizer, TrainingState state) => new()
    {
        LibraryVersion = VersionOf(typeof(ManifestStamp).Assembly),
        TorchSharpVersion = VersionOf(typeof(torch).Assembly),
        Kind = kind,
        CreatedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        Optimiser = optimizer,
        State = state,
    };

    // The informational version without its "+commit" suffix.
    private static string VersionOf(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? version[..plus] : version;
    }
}
