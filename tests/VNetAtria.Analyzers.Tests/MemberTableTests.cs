using Microsoft.CodeAnalysis;

namespace VNetAtria.Analyzers.Tests;

/// <summary>The analyzer's member table against the TorchSharp.dll the solution builds with.</summary>
public sealed class MemberTableTests
{
    [Fact]
    public void MemberTableMatchesTorchSharpIl()
    {
        var scanned = TorchSharpIlScan.MembersMakingTemporaryScalars(AnalyzerHarness.TorchSharpPath);
        var table = new SortedSet<string>(TorchSharpScalarMembers.Ids, StringComparer.Ordinal);
        var missing = scanned.Except(table).ToList();
        var stale = table.Except(scanned).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"TorchSharpScalarMembers.Ids (made from TorchSharp {TorchSharpScalarMembers.TorchSharpVersion}) differs from {AnalyzerHarness.TorchSharpPath}: " +
            $"add\n  {string.Join("\n  ", missing)}\nremove\n  {string.Join("\n  ", stale)}");
    }

    [Fact]
    public void Every_listed_id_names_a_TorchSharp_member()
    {
        // The analyzer compares Roslyn's IDs with these strings: one misspelt ID would silently never match.
        var compilation = AnalyzerHarness.Compile("class C { }");
        var unresolved = TorchSharpScalarMembers.Ids
            .Where(id => DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not IMethodSymbol m
                || m.GetDocumentationCommentId() != id)
            .ToList();
        Assert.Empty(unresolved);
    }

    [Fact]
    public void The_table_covers_the_members_this_repository_needed_to_avoid()
    {
        // Independent of the scan: the members read in TorchSharp's source that issue 11 names.
        string[] expected =
        [
            "M:TorchSharp.torch.Tensor.op_Addition(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)",
            "M:TorchSharp.torch.Tensor.add_(TorchSharp.torch.Tensor)",
            "M:TorchSharp.torch.Tensor.op_Subtraction(TorchSharp.Scalar,TorchSharp.torch.Tensor)",
            "M:TorchSharp.torch.Tensor.addcdiv(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)",
            "M:TorchSharp.torch.Tensor.op_Multiply(System.Int32,TorchSharp.torch.Tensor)",
            "M:TorchSharp.Modules.Adam.step(System.Func{TorchSharp.torch.Tensor})",
            "M:TorchSharp.Modules.BatchNorm.forward(TorchSharp.torch.Tensor)",
        ];
        Assert.Empty(expected.Except(TorchSharpScalarMembers.Ids));
        // ... and not the safe ones: sub has no alpha in TorchSharp 0.107, mul and div take no hidden scalar.
        string[] safe =
        [
            "M:TorchSharp.torch.Tensor.op_Subtraction(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)",
            "M:TorchSharp.torch.Tensor.sub_(TorchSharp.torch.Tensor)",
            "M:TorchSharp.torch.Tensor.op_Multiply(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)",
            "M:TorchSharp.torch.Tensor.op_Division(TorchSharp.torch.Tensor,TorchSharp.Scalar)",
            "M:TorchSharp.torch.Tensor.addcmul(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor,TorchSharp.Scalar)",
        ];
        Assert.Empty(safe.Intersect(TorchSharpScalarMembers.Ids));
    }
}
