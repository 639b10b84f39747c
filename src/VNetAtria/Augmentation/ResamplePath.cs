namespace VNetAtria.Augmentation;

/// <summary>
/// How <see cref="SpatialTransform"/> computes its one resampling. <see cref="Auto"/> picks, per transform and device:
/// nothing for the identity, <see cref="Shift"/> for a pure whole-voxel translation, and on the CPU
/// <see cref="PerSlice2D"/> for in-plane (H-W) rotation/translation without elastic, else <see cref="ChunkedVolume3D"/>;
/// on CUDA <see cref="Volume3D"/>. Why: libtorch's CPU 3-D grid_sample parallelises over the batch only, so one volume
/// runs on one thread, while the 2-D kernel is vectorised; treating the D slices as a batch of 2-D images is exact for
/// in-plane transforms and several times faster (see AugmentationBenchmarks). For true 3-D transforms the CPU path
/// splits the output depth into chunks sampled as a batch over the same (expanded, not copied) input, which gives
/// the threads something to share. All paths compute the same values.
/// </summary>
public enum ResamplePath
{
    /// <summary>Choose per transform and device (see the type's remarks).</summary>
    Auto,

    /// <summary>Exact slice copy with zero fill (whole-voxel translations only).</summary>
    Shift,

    /// <summary>2-D grid_sample with the D slices as the batch (in-plane transforms only).</summary>
    PerSlice2D,

    /// <summary>One 3-D grid_sample over the whole volume.</summary>
    Volume3D,

    /// <summary>3-D grid_sample with the output depth split into a batch of chunks (parallel on the CPU).</summary>
    ChunkedVolume3D,
}
