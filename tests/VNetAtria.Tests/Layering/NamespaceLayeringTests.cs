using System.Text.RegularExpressions;
using VNetAtria.Models;

namespace VNetAtria.Tests.Layering;

/// <summary>
/// The library's areas form layers: no area uses one that (directly or through others) uses it back, and every use
/// is one the README's architecture drawing declares, so the drawing stays true to the code.
/// </summary>
public partial class NamespaceLayeringTests
{
    private static readonly IReadOnlyDictionary<string, Dictionary<string, string>> Actual =
        AreaDependencies.Of(typeof(VNet).Assembly.Location);

    [Fact]
    public void No_area_of_the_library_depends_on_itself_through_others()
    {
        var cycles = StronglyConnected(Actual.ToDictionary(kv => kv.Key, kv => (IEnumerable<string>)kv.Value.Keys))
            .Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(c =>
            $"cycle {string.Join(" <-> ", c)}:\n  " + string.Join("\n  ",
                c.SelectMany(a => Actual[a].Where(e => c.Contains(e.Key)).Select(e => $"{a} -> {e.Key}: {e.Value}"))))));
    }

    [Fact]
    public void Every_dependency_between_areas_is_declared_in_the_README_drawing()
    {
        var declared = ReadmeLayers();
        var problems = new List<string>();
        foreach (var (area, edges) in Actual)
        {
            if (!declared.ContainsKey(area)) { problems.Add($"area {area} is missing from the README drawing"); continue; }
            foreach (var (to, example) in edges)
                if (!Reachable(declared, area).Contains(to))
                    problems.Add($"{area} -> {to} is not declared in the README drawing (e.g. {example})");
        }
        foreach (var area in declared.Keys.Where(a => !Actual.ContainsKey(a)))
            problems.Add($"the README drawing names {area}, which is not an area of the library");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_dependency_reader_sees_uses_through_method_bodies_and_generic_arguments()
    {
        // Independent truths: Training.Trainer calls Models.VNet; Pipeline builds lists of Data records.
        Assert.Contains("Models", Actual["Training"].Keys);
        Assert.Contains("Imaging", Actual["Preprocessing"].Keys);
        Assert.DoesNotContain("Training", Actual["Imaging"].Keys);
    }

    /// <summary>The drawing's lines "   Area, Area (what) -> Dep, Dep" inside the README's architecture block.</summary>
    private static Dictionary<string, HashSet<string>> ReadmeLayers()
    {
        var readme = File.ReadAllText(Path.Combine(TestSupport.TestPaths.RepoRoot, "README.md"));
        var block = Regex.Match(readme, @"## Architecture in brief\s*```(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var layers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in block.Split('\n'))
        {
            var m = LayerLine().Match(line);
            if (!m.Success) continue;
            var deps = m.Groups["deps"].Success
                ? m.Groups["deps"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(d => d.Split(' ')[0]).ToHashSet()
                : [];
            foreach (var area in m.Groups["areas"].Value.Split(',', StringSplitOptions.TrimEntries))
                layers[area] = deps;
        }
        return layers;
    }

    [GeneratedRegex(@"^\s{4,}(?<areas>[A-Z][A-Za-z]+(?:, [A-Z][A-Za-z]+)*)\s(?:\([^)]*\))?\s*(?:->\s*(?<deps>.*?))?\s*(?::.*)?$")]
    private static partial Regex LayerLine();

    private static HashSet<string> Reachable(Dictionary<string, HashSet<string>> graph, string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(graph.GetValueOrDefault(from) ?? []);
        while (stack.TryPop(out var next))
            if (seen.Add(next))
                foreach (var d in graph.GetValueOrDefault(next) ?? []) stack.Push(d);
        return seen;
    }

    // Tarjan's strongly connected components.
    private static List<List<string>> StronglyConnected(Dictionary<string, IEnumerable<string>> graph)
    {
        var index = new Dictionary<string, int>(); var low = new Dictionary<string, int>();
        var stack = new Stack<string>(); var onStack = new HashSet<string>(); var result = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count; stack.Push(v); onStack.Add(v);
            foreach (var w in graph.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            result.Add(component);
        }
        foreach (var v in graph.Keys.Order()) if (!index.ContainsKey(v)) Visit(v);
        return result;
    }
}
