using System.Globalization;

namespace VNetAtria.Experiments;

/// <summary>Collects the problems of a config, each prefixed with the field's dotted path, so that all are reported at once.</summary>
internal sealed class ConfigProblems
{
    private readonly List<string> _items = [];

    /// <summary>The problems found so far.</summary>
    public IReadOnlyList<string> Items => _items;

    /// <summary>Adds "path: message".</summary>
    public void Add(string path, string message) => _items.Add($"{path}: {message}");

    /// <summary>Adds "path must be &gt; 0, found v" unless the value is finite and positive.</summary>
    public void Positive(string path, double value)
    {
        if (!(double.IsFinite(value) && value > 0)) _items.Add($"{path} must be > 0, found {Format(value)}");
    }

    /// <summary>Adds a problem unless lo &lt;= value &lt;= hi.</summary>
    public void InRange(string path, double value, double lo, double hi)
    {
        if (!(value >= lo && value <= hi)) _items.Add($"{path} must be in [{Format(lo)}, {Format(hi)}], found {Format(value)}");
    }

    /// <summary>Adds a problem unless value &gt;= min.</summary>
    public void AtLeast(string path, double value, double min)
    {
        if (!(value >= min)) _items.Add($"{path} must be >= {Format(min)}, found {Format(value)}");
    }

    /// <summary>Adds a problem unless the array has exactly <paramref name="length"/> elements; true when it has.</summary>
    public bool Length<T>(string path, IReadOnlyList<T>? values, int length, string example)
    {
        if (values is not null && values.Count == length) return true;
        _items.Add($"{path} must have {length} values, found {(values is null ? "null" : values.Count.ToString(CultureInfo.InvariantCulture))} (e.g. {example})");
        return false;
    }

    /// <summary>A number as the config would write it.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
