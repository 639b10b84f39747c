using Microsoft.Data.Analysis;
using VNetAtria.Results;

namespace VNetAtria.Tests.Experiments;

public sealed class ResultsTableTests
{
    private static string[] Cells(string markdownLine) => markdownLine.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    [Fact]
    public void A_row_shows_mean_plus_minus_population_std_computed_by_hand()
    {
        var row = ResultsTable.RowOf(ResultsFixtures.AttentionRun(ResultsFixtures.ThreeCases));
        // Dice 0.8, 0.9, 1.0: mean 0.9, std sqrt((0.01 + 0 + 0.01) / 3) = 0.0816497.
        Assert.Equal(0.9, row.Dice!.Value.Mean, 12);
        Assert.Equal(Math.Sqrt(0.02 / 3), row.Dice.Value.Std, 12);
        // Precision 0.5, 0.5, 0.8: mean 0.6, std sqrt((0.01 + 0.01 + 0.04) / 3) = 0.1414214.
        Assert.Equal(0.6, row.Precision!.Value.Mean, 12);
        Assert.Equal(Math.Sqrt(0.06 / 3), row.Precision.Value.Std, 12);
        // Recall constant: std 0.
        Assert.Equal(0, row.Recall!.Value.Std, 12);
        Assert.Equal(3, row.Cases);

        var markdown = new ResultsTable([row]).ToMarkdown().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cells = Cells(markdown[2]);
        string Cell(string header) => cells[ResultsTable.MarkdownHeaders.ToList().IndexOf(header)];
        Assert.Equal("att3", Cell("Run"));
        Assert.Equal("VNet + attention (red 4, dil 3)", Cell("Architecture"));
        Assert.Equal("10.76 M", Cell("Params")); // 10,760,540 truncated to two decimals of a million
        Assert.Equal("14.5 h", Cell("Training time"));
        Assert.Equal("Dice", Cell("Loss"));
        Assert.Equal("3", Cell("Batch"));
        Assert.Equal("0.00025", Cell("LR"));
        Assert.Equal("20.00 ± 8.16", Cell("HD (mm)")); // 10, 20, 30: std sqrt(200 / 3) = 8.165
        Assert.Equal("2.00 ± 0.82", Cell("HD95 (mm)"));
        Assert.Equal("1.00 ± 0.41", Cell("ASSD (mm)"));
        Assert.Equal("0.700 ± 0.082", Cell("IoU"));
        Assert.Equal("0.600 ± 0.141", Cell("Precision"));
        Assert.Equal("0.900 ± 0.000", Cell("Recall"));
        Assert.Equal("0.900 ± 0.082", Cell("Dice"));
        Assert.Equal("3", Cell("Cases"));
    }

    [Fact]
    public void The_markdown_table_is_a_github_table_with_one_line_per_row()
    {
        var table = ResultsTable.From([ResultsFixtures.AttentionRun(ResultsFixtures.ThreeCases), ResultsFixtures.LocatorRun(ResultsFixtures.ThreeCases)]);
        var lines = table.ToMarkdown().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.True(l.StartsWith('|') && l.EndsWith('|'), l));
        Assert.All(lines, l => Assert.Equal(ResultsTable.MarkdownHeaders.Count, Cells(l).Length));
        Assert.Equal(ResultsTable.MarkdownHeaders, Cells(lines[0]));
        Assert.All(Cells(lines[1]), c => Assert.Equal(":---:", c));
        var locator = Cells(lines[3]);
        Assert.Equal("VNet locator", locator[1]);
        Assert.Equal("170.3 k", locator[2]);
        Assert.Equal("45 s", locator[3]);
        Assert.Equal("5", locator[5]);
        Assert.Equal("0.0001", locator[6]);
    }

    [Fact]
    public void The_original_rows_print_as_the_readme_printed_them()
    {
        var lines = OriginalResults.Table.ToMarkdown().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 + 7, lines.Length);
        var row1 = Cells(lines[2]);
        Assert.Equal(["original 1", "VNet locator", "10.75 M", "1 h", "Dice", "5", "0.0001", "-", "-", "-", "0.623 ± 0.166", "0.855 ± 0.128", "0.700 ± 0.200", "0.750 ± 0.175", "20"], row1);
        var row6 = Cells(lines[7]);
        Assert.Equal("0.000025", row6[6]);
        Assert.Equal("18.05 ± 12.26", row6[7]);
        var row7 = Cells(lines[8]);
        Assert.Equal(["16.2 M", "26.5 h"], row7[2..4]);
        Assert.Equal("0.884 ± 0.051", row7[13]);
    }

    [Fact]
    public void A_comparison_puts_the_matching_original_row_under_each_run()
    {
        var table = ResultsTable.Comparison([ResultsFixtures.AttentionRun(ResultsFixtures.ThreeCases), ResultsFixtures.LocatorRun(ResultsFixtures.ThreeCases)]);
        Assert.Equal(["att3", "original 4", "loc", "original 1"], table.Rows.Select(r => r.Run));
    }

    [Fact]
    public void Cases_with_an_empty_mask_can_be_left_out_of_the_summary()
    {
        var cases = ResultsFixtures.ThreeCases.Append(ResultsFixtures.Case("Empty", 0, 0, 0, 0, 99, 99, 99, emptyPrediction: true)).ToList();
        var all = ResultsTable.RowOf(ResultsFixtures.AttentionRun(cases));
        var kept = ResultsTable.RowOf(ResultsFixtures.AttentionRun(cases), excludeEmpty: true);
        Assert.Equal(4, all.Cases);
        Assert.Equal(0.675, all.Dice!.Value.Mean, 12);
        Assert.Equal(3, kept.Cases);
        Assert.Equal(0.9, kept.Dice!.Value.Mean, 12);
    }

    [Fact]
    public void The_csv_reads_back_to_the_same_rows()
    {
        var table = new ResultsTable(ResultsTable.From([ResultsFixtures.AttentionRun(ResultsFixtures.ThreeCases)]).Rows
            .Concat(OriginalResults.Rows).Append(OriginalResults.Rows[6] with { Run = "quote \" and, comma", TrainingTime = null, Parameters = null }));
        var csv = table.ToCsv();
        var back = ResultsTable.FromCsv(csv);
        Assert.Equal(table.Rows, back.Rows);
        Assert.Equal(string.Join(",", ResultsTable.CsvColumns), csv.Split('\n')[0]);
    }

    [Fact]
    public void A_csv_with_another_header_or_a_bad_number_is_rejected()
    {
        Assert.Throws<FormatException>(() => ResultsTable.FromCsv("run,architecture\nx,y\n"));
        var csv = OriginalResults.Table.ToCsv().Replace("0.0001,", "fast,");
        var e = Assert.Throws<FormatException>(() => ResultsTable.FromCsv(csv));
        Assert.Contains("column 'lr': 'fast' is not a number", e.Message);
    }

    [Fact]
    public void The_data_frame_has_the_csv_columns_with_typed_values()
    {
        var frame = ResultsTable.From([ResultsFixtures.AttentionRun(ResultsFixtures.ThreeCases), ResultsFixtures.LocatorRun(ResultsFixtures.ThreeCases)]).ToDataFrame();
        Assert.Equal(ResultsTable.CsvColumns, frame.Columns.Select(c => c.Name));
        Assert.Equal(2, frame.Rows.Count);
        Assert.IsType<StringDataFrameColumn>(frame.Columns["run"]);
        Assert.IsType<StringDataFrameColumn>(frame.Columns["loss"]);
        Assert.Equal(typeof(long), frame.Columns["parameters"].DataType);
        Assert.Equal(typeof(int), frame.Columns["batch"].DataType);
        Assert.Equal(typeof(int), frame.Columns["cases"].DataType);
        Assert.All(ResultsTable.CsvColumns.Skip(8).Append("lr").Append("training_seconds"), n => Assert.Equal(typeof(double), frame.Columns[n].DataType));
        Assert.Equal(0.9, (double)frame.Columns["dice_mean"][0]!, 12);
        Assert.Equal(5, (int)frame.Columns["batch"][1]!);
        var original = OriginalResults.Table.ToDataFrame();
        Assert.Null(original.Columns["hd_mean"][0]);
        Assert.Null(original.Columns["hd95_mean"][3]);
    }

    [Theory]
    [InlineData(10_759_306L, "10.75 M")]
    [InlineData(16_200_266L, "16.2 M")]
    [InlineData(999_999L, "999.9 k")]
    [InlineData(1_000_000L, "1 M")]
    public void Parameter_counts_print_as_the_readme_truncated_them(long parameters, string expected) =>
        Assert.Equal(expected, ResultsTable.FormatParameters(parameters));

    [Theory]
    [InlineData(45.0, "45 s")]
    [InlineData(720.0, "12 min")]
    [InlineData(3600.0, "1 h")]
    [InlineData(52200.0, "14.5 h")]
    public void Training_times_print_in_the_largest_unit_reached(double seconds, string expected) =>
        Assert.Equal(expected, ResultsTable.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void The_display_frame_reads_as_the_original_table_with_mean_plus_minus_std_cells()
    {
        var frame = new ResultsTable(OriginalResults.Rows).ToDisplayDataFrame();

        Assert.Equal(ResultsTable.MarkdownHeaders, frame.Columns.Select(c => c.Name));
        Assert.Equal(OriginalResults.Rows.Count, (int)frame.Rows.Count);
        // Row 2 of the original README: VNet, Dice, 0.877 ± 0.073.
        Assert.Equal("0.877 ± 0.073", frame["Dice"][1]);
        Assert.Equal("10.75 M", frame["Params"][1]);
    }
}
