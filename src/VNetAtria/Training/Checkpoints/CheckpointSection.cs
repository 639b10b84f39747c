namespace VNetAtria.Training.Checkpoints;

/// <summary>A binary section of a checkpoint file as listed in its manifest.</summary>
/// <param name="Name">The section's name ("model", "optimizer", "torch-rng").</param>
/// <param name="Length">Bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes.</param>
public sealed record CheckpointSection(string Name, long Length, string Sha256);
