using VNetAtria.Imaging.Formats;
using VNetAtria.Metrics;
using VNetAtria.Results;

namespace VNetAtria.Tests.Imaging.Formats;

/// <summary>The library's one CSV helper: RFC 4180 quoting, splitting, and what the metrics table writes with it.</summary>
public class CsvTests
{
    [Theory]
    [InlineData("Case001", "Case001")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    public void Quote_leaves_plain_fields_and_quotes_commas_quotes_and_line_breaks(string field, string expected)
    {
        Assert.Equal(expected, Csv.Quote(field));
    }

    [Fact]
    public void Record_joins_quoted_fields_with_commas()
    {
        Assert.Equal("case,\"HD, mm\",\"a \"\"b\"\"\",\"x\ny\"", Csv.Record(["case", "HD, mm", "a \"b\"", "x\ny"]));
    }

    [Fact]
    public void Awkward_fields_round_trip_through_Record_and_Parse()
    {
        string[][] rows =
        [
            ["case", "note", "value"],
            ["a,b", "say \"hi\"", "1"],
            ["two\nlines", "crlf\r\nend", ""],
            ["", "\"", ","],
        ];
        var text = string.Concat(rows.Select(r => Csv.Record(r) + "\n"));

        var parsed = Csv.Parse(text);

        Assert.Equal(rows, parsed.Select(r => r.Fields));
        Assert.Equal([1, 2, 3, 6], parsed.Select(r => r.Line));   // the quoted line breaks count
    }

    [Fact]
    public void SplitLine_splits_one_line_like_Split_for_plain_fields_and_unquotes_the_rest()
    {
        Assert.Equal(["1", "", "0.5"], Csv.SplitLine("1,,0.5"));
        Assert.Equal([""], Csv.SplitLine(""));
        Assert.Equal(["a,b", "c\"d", "e"], Csv.SplitLine("\"a,b\",\"c\"\"d\",e"));
        Assert.Contains("not closed", Assert.Throws<FormatException>(() => Csv.SplitLine("\"open,1")).Message);
    }

    [Fact]
    public void The_metrics_table_is_written_byte_for_byte_as_before_and_quotes_awkward_case_ids()
    {
        var plain = new CaseMetrics("Case001", new OverlapCounts(3, 1, 2, 10), 0.5, 0.25, 0.75, 0.6, 0.9, 4, 3.5, 1.25, 1, false, true, 12);
        var expected = "case,Dice,IoU,Precision,Recall,Specificity,HD (mm),HD95 (mm),ASSD (mm),ASD (mm),tp,fp,fn,tn,empty_prediction,empty_reference" + Environment.NewLine +
                       "Case001,0.5,0.25,0.75,0.6,0.9,4,3.5,1.25,1,3,1,2,10,false,true" + Environment.NewLine;
        Assert.Equal(expected, MetricsTables.ToCsv([plain]));

        // A case id with a line break (the old private quoting left it bare, splitting the row) now reads back.
        var awkward = plain with { CaseId = "odd,\"id\"\nhere" };
        Assert.Equal(awkward.CaseId, MetricsCsvReader.Parse(MetricsTables.ToCsv([awkward])).Single().CaseId);
    }
}
