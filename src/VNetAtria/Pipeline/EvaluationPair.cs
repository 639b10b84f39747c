namespace VNetAtria.Pipeline;

/// <summary>One case to evaluate: a prediction file and its reference label (with the HDF5 dataset for UA-MT files).</summary>
/// <param name="CaseId">The case id both files share.</param>
/// <param name="PredictionPath">The predicted label volume.</param>
/// <param name="ReferencePath">The reference label volume.</param>
/// <param name="ReferenceDataset">"label" for a UA-MT .h5 reference, else null.</param>
public sealed record EvaluationPair(string CaseId, string PredictionPath, string ReferencePath, string? ReferenceDataset = null);
