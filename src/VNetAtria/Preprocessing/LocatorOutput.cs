using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>One case's locator output at locator resolution: sigmoid probabilities in C order (D, H, W).</summary>
/// <param name="CaseId">The case it belongs to.</param>
/// <param name="Probabilities">Sigmoid outputs in [0, 1], C order.</param>
/// <param name="Shape">The locator-resolution shape (48x160x160 for LASC).</param>
public sealed record LocatorOutput(string CaseId, float[] Probabilities, Shape3 Shape)
{
    /// <summary>Wraps a float volume (the voxel array is shared, not copied).</summary>
    public static LocatorOutput FromVolume(string caseId, Volume<float> probabilities) => new(caseId, probabilities.Data, probabilities.Shape);

    /// <summary>Checks the array length matches the shape and the shape is what the options expect.</summary>
    /// <exception cref="PreprocessingException">Length or shape mismatch (names the case).</exception>
    public LocatorOutput Validated(CropPlanOptions options)
    {
        if (Probabilities.LongLength != Shape.VoxelCount)
            throw new PreprocessingException($"Locator output of case '{CaseId}': {Probabilities.LongLength} values for shape {Shape}, which needs {Shape.VoxelCount}.");
        if (Shape != options.LocatorShape)
            throw new PreprocessingException(
                $"Locator output of case '{CaseId}': shape {Shape}, but a canvas {options.Canvas} at scale {options.Scale} gives {options.LocatorShape}; " +
                "pass the locator's output for the canonically padded volume, or plan with matching canvas and scale.");
        return this;
    }
}
