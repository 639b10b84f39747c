using TorchSharp;
using static TorchSharp.torch;

namespace VNetAtria.Runtime;

/// <summary>
/// The TorchSharp scalars that recur across formulas (0, 1, 2), each made once and held for the process, and
/// <c>1 - t</c> without temporaries. Scalars that belong to one formula live beside it (<c>using var</c>).
/// <para>
/// Why: TorchSharp 0.107 turns a number passed where a <see cref="Scalar"/> is expected (<c>t * 2</c>,
/// <c>t.ne(0)</c>, the hidden <c>alpha = 1</c> of <c>a + b</c>) into a temporary that only its finalizer frees. Once
/// its handle reaches native code nothing references it, so a garbage collection during the call can free it while
/// libtorch still reads it ("Expected false to be true ... toFloat (Scalar.h)"; dotnet/TorchSharp#1434, #1496).
/// A scalar held by a static field is never finalized, and reading it from several threads is safe (it is
/// immutable). The analyzer in src/VNetAtria.Analyzers fails the build on every temporary.
/// </para>
/// <para>
/// Each constant has the C# type of the literal it replaces (<c>int</c>), so the result dtypes and values are
/// those of the operator form: an integer scalar keeps integer tensors integral, as <c>t.ne(0)</c> did.
/// </para>
/// </summary>
internal static class HeldScalars
{
    /// <summary>The integer 0.</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>The integer 1, also the <c>alpha</c> of a plain sum: <c>a.add(b, One)</c> is <c>a + b</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>The integer 2.</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>
    /// <c>1 - t</c> computed exactly as TorchSharp's operator computes it (<c>(-t) + 1</c>, hence the same bits), with
    /// held scalars.
    /// </summary>
    public static Tensor OneMinus(Tensor t) => t.negative().add(One, One);
}
