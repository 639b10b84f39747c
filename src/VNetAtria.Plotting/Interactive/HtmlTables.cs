using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace VNetAtria.Plotting.Interactive;

/// <summary>Plain HTML tables (every cell encoded) for the notebook formatters.</summary>
public static class HtmlTables
{
    /// <summary>A table with a header row and the given rows; cells are HTML-encoded text.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder("<table>");
        if (caption is not null) sb.Append("<caption>").Append(WebUtility.HtmlEncode(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in header) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(WebUtility.HtmlEncode(cell ?? "")).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>A data frame's first <paramref name="maxRows"/> rows (numbers to 4 significant digits) and a note of how many were left out.</summary>
    public static string Of(DataFrame frame, int maxRows = 100)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var header = frame.Columns.Select(c => c.Name).ToList();
        var shown = (int)Math.Min(frame.Rows.Count, maxRows);
        var rows = Enumerable.Range(0, shown).Select(r => (IReadOnlyList<string?>)frame.Columns.Select(c => Cell(c[r])).ToList());
        var caption = frame.Rows.Count > shown ? $"{shown} of {frame.Rows.Count} rows" : null;
        return Table(header, rows, caption);
    }

    /// <summary>A cell's text: numbers in invariant culture to 4 significant digits, null as empty.</summary>
    public static string? Cell(object? value) => value switch
    {
        null => null,
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
