using VNetAtria.Models.Interop;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Models;

/// <summary>The fixtures tools/pytorch-reference/make_fixtures.py wrote with PyTorch 1.13 from the original module.</summary>
internal static class PyTorchFixtures
{
    public static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "VNetAtria.Tests", "Fixtures", "pytorch");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>The (input, output) pair saved beside a fixture's weights.</summary>
    public static (Tensor Input, Tensor Output) InputOutput(string name)
    {
        var io = PyTorchWeights.ReadPickle(PathOf($"{name}.io.pt"));
        return ((Tensor)io["input"]!, (Tensor)io["output"]!);
    }

    /// <summary>Lines "key shape" of a full-width key list, without the comment line.</summary>
    public static IReadOnlyList<(string Key, string Shape)> KeyList(string name) =>
        File.ReadAllLines(PathOf($"{name}.keys.txt"))
            .Where(l => !l.StartsWith('#') && l.Length > 0)
            .Select(l => l.Split(' '))
            .Select(p => (p[0], p[1]))
            .ToList();

    /// <summary>The trainable parameter count PyTorch reported, from the key list's comment line.</summary>
    public static long ParameterCount(string name) =>
        long.Parse(File.ReadAllLines(PathOf($"{name}.keys.txt"))[0].Split(':')[1].Trim());
}
