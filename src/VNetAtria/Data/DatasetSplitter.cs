namespace VNetAtria.Data;

/// <summary>
/// Assigns cases to train / validation / test.
/// <para>
/// Seeded split (<see cref="Seeded"/>), the algorithm in full so that it can be reproduced anywhere:
/// 1. sort the case ids ordinally (by UTF-16 code units, as <see cref="StringComparer.Ordinal"/>);
/// 2. shuffle with Fisher-Yates driven by <see cref="SplitMix64"/> seeded with the seed as an unsigned 64-bit integer:
///    for i = n−1 down to 1, j = NextBelow(i + 1), swap items i and j;
/// 3. the first round(trainFraction · n) ids (midpoint rounding away from zero) are train, the rest validation.
/// With 100 ids and 0.8 that is exactly 80 / 20.
/// </para>
/// </summary>
public static class DatasetSplitter
{
    /// <summary>The default seed of <c>manifest create --split-seed</c>.</summary>
    public const long DefaultSeed = 42;

    /// <summary>The default share of cases that go to training (the original project's 80 / 20).</summary>
    public const double DefaultTrainFraction = 0.8;

    /// <summary>The seeded shuffle of <paramref name="ids"/> described on <see cref="DatasetSplitter"/> (steps 1 and 2).</summary>
    public static IReadOnlyList<string> Shuffle(IEnumerable<string> ids, long seed)
    {
        var order = ids.Order(StringComparer.Ordinal).ToArray();
        var rng = new SplitMix64(unchecked((ulong)seed));
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)rng.NextBelow((ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>Number of training cases out of <paramref name="count"/>: round(fraction · count), midpoint away from zero.</summary>
    public static int TrainCount(int count, double trainFraction) =>
        (int)Math.Round(trainFraction * count, MidpointRounding.AwayFromZero);

    /// <summary>The seeded train / validation split of <paramref name="ids"/> (see <see cref="DatasetSplitter"/>).</summary>
    /// <exception cref="ArgumentException">Duplicate ids or a fraction outside [0, 1].</exception>
    public static IReadOnlyDictionary<string, DatasetSplit> Seeded(IEnumerable<string> ids, long seed, double trainFraction = DefaultTrainFraction)
    {
        if (!(trainFraction >= 0 && trainFraction <= 1))
            throw new ArgumentException($"Train fraction {trainFraction} must lie in [0, 1] (0.8 gives the usual 80/20 split).", nameof(trainFraction));
        var list = ids.ToList();
        var dup = list.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"Case id '{dup.Key}' appears more than once; ids must be unique to split.", nameof(ids));
        var shuffled = Shuffle(list, seed);
        var train = TrainCount(shuffled.Count, trainFraction);
        var result = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
        for (var k = 0; k < shuffled.Count; k++) result[shuffled[k]] = k < train ? DatasetSplit.Train : DatasetSplit.Validation;
        return result;
    }

    /// <summary>
    /// The split given by list files: ids in train.list are train, ids in test.list are validation (see <see cref="SplitLists"/>).
    /// Ids of the lists that are not among <paramref name="ids"/> are ignored (a dataset may hold only some of the listed cases).
    /// </summary>
    /// <exception cref="DatasetException">A case is in neither list, or in both.</exception>
    public static IReadOnlyDictionary<string, DatasetSplit> FromLists(IEnumerable<string> ids, SplitLists lists)
    {
        var train = new HashSet<string>(lists.Train, StringComparer.Ordinal);
        var test = new HashSet<string>(lists.Test, StringComparer.Ordinal);
        var result = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
        var inNeither = new List<string>();
        var inBoth = new List<string>();
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            var inTrain = train.Contains(id);
            var inTest = test.Contains(id);
            if (inTrain && inTest) inBoth.Add(id);
            else if (!inTrain && !inTest) inNeither.Add(id);
            else result[id] = inTrain ? DatasetSplit.Train : DatasetSplit.Validation;
        }
        var where = string.Join(" and ", new[] { lists.TrainListPath, lists.TestListPath }.Where(p => p is not null));
        if (inBoth.Count > 0)
            throw new DatasetException($"{where}: {inBoth.Count} case(s) are in both lists: {DatasetException.ListSome(inBoth)}; remove each from one list.",
                inBoth.Select(i => $"case {i} is in both train.list and test.list").ToList());
        if (inNeither.Count > 0)
            throw new DatasetException($"{where}: {inNeither.Count} case(s) are in neither list: {DatasetException.ListSome(inNeither)}; add them to a list or split by seed instead (--split seed).",
                inNeither.Select(i => $"case {i} is in neither train.list nor test.list").ToList());
        return result;
    }
}
