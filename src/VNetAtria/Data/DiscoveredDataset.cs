namespace VNetAtria.Data;

/// <summary>The cases found in a dataset folder.</summary>
/// <param name="Root">The dataset folder (absolute).</param>
/// <param name="Layout">The layout the cases were read with.</param>
/// <param name="Cases">The cases, sorted by id (ordinal).</param>
/// <param name="Lists">The train.list / test.list files found in the root or the folder above it, or null.</param>
public sealed record DiscoveredDataset(string Root, DatasetLayout Layout, IReadOnlyList<CaseRecord> Cases, SplitLists? Lists);
