using TorchSharp;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>
/// <c>a + b</c> for the networks' residual and attention sums, without TorchSharp's per-call temporary scalar.
/// <para>
/// Why: <c>Tensor + Tensor</c> calls <c>add(b, alpha: 1)</c> with a fresh <see cref="Scalar"/> that only its finalizer
/// frees (TorchSharp 0.107; upstream dotnet/TorchSharp#1434, #1496). Nothing references it once its handle is passed
/// to native code, so a garbage collection during a long native add can finalize it while libtorch still reads it: we
/// saw one such crash ("Expected false to be true ... toFloat", Scalar.h) in a long in-process notebook session. The
/// held <see cref="HeldScalars.One"/> is never finalized.
/// </para>
/// </summary>
internal static class ResidualSum
{
    /// <summary>The element-wise sum of <paramref name="a"/> and <paramref name="b"/> (broadcasting as <c>+</c>).</summary>
    public static Tensor Of(Tensor a, Tensor b) => a.add(b, HeldScalars.One);
}
