using VNetAtria.Data;

namespace VNetAtria.Tests.Data;

public class DatasetSplitterTests
{
    private static readonly string[] HundredIds = Enumerable.Range(0, 100).Select(i => $"Case{i:D3}").ToArray();

    [Fact]
    public void SplitMix64_matches_the_reference_outputs_for_seed_zero()
    {
        // Vigna's splitmix64.c with x = 0.
        var g = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, g.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, g.Next());
        Assert.Equal(0x06C45D188009454FUL, g.Next());
    }

    [Fact]
    public void Bounded_draws_match_a_python_transcription_of_the_documented_algorithm()
    {
        // Computed with a 15-line Python transcription of the algorithm in DatasetSplitter's documentation.
        var g = new SplitMix64(7);
        Assert.Equal([7UL, 4, 6, 3, 4, 5, 8, 2], Enumerable.Range(0, 8).Select(_ => g.NextBelow(10)));
    }

    [Theory]
    [InlineData(42L, "ajfigehcbd")]
    [InlineData(-1L, "dechfaibjg")]
    public void The_seeded_shuffle_matches_a_python_transcription_of_the_documented_algorithm(long seed, string expected)
    {
        // Input deliberately unsorted: the algorithm sorts ordinally first.
        var shuffled = DatasetSplitter.Shuffle("jihgfedcba".Select(c => c.ToString()), seed);
        Assert.Equal(expected, string.Concat(shuffled));
    }

    [Fact]
    public void Hundred_ids_split_exactly_80_train_and_20_validation()
    {
        var split = DatasetSplitter.Seeded(HundredIds, 42);
        Assert.Equal(100, split.Count);
        Assert.Equal(80, split.Values.Count(s => s == DatasetSplit.Train));
        Assert.Equal(20, split.Values.Count(s => s == DatasetSplit.Validation));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_whatever_the_input_order()
    {
        var a = DatasetSplitter.Seeded(HundredIds, 7);
        var b = DatasetSplitter.Seeded(HundredIds.Reverse(), 7);
        Assert.Equal(a.OrderBy(p => p.Key, StringComparer.Ordinal), b.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Different_seeds_give_different_splits()
    {
        var a = DatasetSplitter.Seeded(HundredIds, 0);
        var b = DatasetSplitter.Seeded(HundredIds, 1);
        Assert.Contains(HundredIds, id => a[id] != b[id]);
    }

    [Theory]
    [InlineData(100, 0.8, 80)]
    [InlineData(10, 0.8, 8)]
    [InlineData(5, 0.5, 3)] // 2.5 rounds away from zero
    [InlineData(1, 0.8, 1)]
    [InlineData(0, 0.8, 0)]
    public void The_train_count_is_the_fraction_rounded_half_away_from_zero(int n, double fraction, int train) =>
        Assert.Equal(train, DatasetSplitter.TrainCount(n, fraction));

    [Fact]
    public void Duplicate_ids_or_a_fraction_outside_0_1_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DatasetSplitter.Seeded(["a", "a"], 1));
        Assert.Throws<ArgumentException>(() => DatasetSplitter.Seeded(["a"], 1, 1.5));
    }

    [Fact]
    public void List_files_put_train_list_cases_in_train_and_test_list_cases_in_validation_ignoring_absent_ids()
    {
        var lists = new SplitLists("train.list", "test.list", ["a", "b", "zz"], ["c"]);
        var split = DatasetSplitter.FromLists(["c", "a", "b"], lists);
        Assert.Equal(DatasetSplit.Train, split["a"]);
        Assert.Equal(DatasetSplit.Train, split["b"]);
        Assert.Equal(DatasetSplit.Validation, split["c"]);
        Assert.Equal(3, split.Count);
    }

    [Fact]
    public void A_case_in_neither_list_or_in_both_is_an_error_naming_it()
    {
        var lists = new SplitLists("train.list", "test.list", ["a", "b"], ["b"]);
        Assert.Contains("b", Assert.Throws<DatasetException>(() => DatasetSplitter.FromLists(["a", "b"], lists)).Message);
        var e = Assert.Throws<DatasetException>(() => DatasetSplitter.FromLists(["a", "q"], lists with { Test = [] }));
        Assert.Contains("neither list: q", e.Message);
    }

    [Fact]
    public void List_files_are_read_one_id_per_line_skipping_blanks_and_taking_folder_names_from_paths()
    {
        var dir = TestSupport.TestPaths.NewTempDir();
        var path = DataTestFiles.Touch(dir, "train.list", "A\r\n\n  B  \n# comment\nC/mri_norm2.h5\n./D\n");
        Assert.Equal(["A", "B", "C", "D"], SplitLists.ReadIds(path));
    }

    [Fact]
    public void The_shared_la2018_lists_give_80_train_and_20_validation_cases()
    {
        var folder = TestSupport.TestPaths.RequireSharedData("la2018-split");
        var lists = SplitLists.Find(folder)!;
        var split = DatasetSplitter.FromLists(lists.Train.Concat(lists.Test), lists);
        Assert.Equal(80, split.Values.Count(s => s == DatasetSplit.Train));
        Assert.Equal(20, split.Values.Count(s => s == DatasetSplit.Validation));
    }
}
