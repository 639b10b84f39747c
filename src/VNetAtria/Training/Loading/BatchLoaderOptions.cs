using VNetAtria.Augmentation;
using VNetAtria.Imaging;
using static TorchSharp.torch;

namespace VNetAtria.Training.Loading;

/// <summary>How a <see cref="BatchLoader"/> builds its batches.</summary>
public sealed record BatchLoaderOptions
{
    /// <summary>Samples per batch (original segmenter: 3, locator: 5).</summary>
    public int BatchSize { get; init; } = 3;

    /// <summary>The seed of shuffling and augmentation (with the epoch and sample index, the only inputs).</summary>
    public long Seed { get; init; }

    /// <summary>Shuffle the samples every epoch (a permutation drawn from (seed, epoch)); false keeps sample order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Drop a last batch smaller than <see cref="BatchSize"/> (keep it by default, as PyTorch's DataLoader).</summary>
    public bool DropLast { get; init; }

    /// <summary>Train on random patches of each case instead of whole crops (nnU-Net's scheme); null: whole crops.</summary>
    public PatchSampling? Patches { get; init; }

    /// <summary>The augmentation policy: which samples an epoch has and what each gets.</summary>
    public IAugmentationPolicy Augmentation { get; init; } = new RandomAugmentation();

    /// <summary>Intensity mean subtracted from images: (x - mean) / std (the training crops' statistics; 0 for no change).</summary>
    public double NormalisationMean { get; init; }

    /// <summary>Intensity std images are divided by (1 for no change).</summary>
    public double NormalisationStd { get; init; } = 1;

    /// <summary>Compute the Boundary loss's level sets of the (augmented) labels into each batch.</summary>
    public bool LevelSets { get; init; }

    /// <summary>Spacing of the level sets, or null for voxel units (the original).</summary>
    public Spacing3? LevelSetSpacing { get; init; }

    /// <summary>Background threads preparing batches; 0 prepares each batch on the consumer's thread when asked.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Most batches prepared (or being prepared) ahead of the consumer: bounds the loader's memory.</summary>
    public int QueueCapacity { get; init; } = 3;

    /// <summary>The device batches are built and returned on; null = CPU.</summary>
    public Device? Device { get; init; }

    /// <summary>Checks every value and names the fix.</summary>
    public BatchLoaderOptions Validated()
    {
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be at least 1.");
        if (Workers < 0) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "Workers must be >= 0 (0 = prepare on the consumer's thread).");
        if (QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "Queue capacity must be at least 1 batch (2-4 hides the preparation time).");
        if (!double.IsFinite(NormalisationMean)) throw new ArgumentOutOfRangeException(nameof(NormalisationMean), NormalisationMean, "The normalisation mean must be finite.");
        if (!(NormalisationStd > 0) || !double.IsFinite(NormalisationStd))
            throw new ArgumentOutOfRangeException(nameof(NormalisationStd), NormalisationStd, "The normalisation std must be positive and finite (1 leaves images unscaled).");
        ArgumentNullException.ThrowIfNull(Augmentation);
        Patches?.Validated();
        return this;
    }
}
