namespace VNetAtria.Data;

/// <summary>Progress of a multi-item step (hashing, reading shapes, verifying), reported after each item.</summary>
/// <param name="Stage">What is being done ("hashing", "reading shapes", ...).</param>
/// <param name="Done">Items finished so far.</param>
/// <param name="Total">Items in the step.</param>
/// <param name="Item">The item just finished (a path or case id), if any.</param>
public readonly record struct WorkProgress(string Stage, int Done, int Total, string? Item);
