using System.Buffers.Binary;
using System.Text;
using Razorvine.Pickle;

namespace VNetAtria.Models.Interop;

/// <summary>
/// Teaches the pickle reader behind TorchSharp.PyBridge the numpy scalars the original's checkpoints hold
/// (`mean`, `std` saved as numpy.float64/float32): `numpy.core.multiarray.scalar(dtype, bytes)` becomes a double
/// (or long for integer dtypes). Without this, unpickling such a checkpoint fails on `numpy.dtype`.
/// </summary>
internal static class NumpyScalarPickling
{
    private static int _registered;

    /// <summary>Registers the constructors once per process (they are global to the pickle library).</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        foreach (var module in new[] { "numpy", "numpy.core.multiarray", "numpy._core.multiarray" })
        {
            Unpickler.registerConstructor(module, "dtype", new DTypeConstructor());
            Unpickler.registerConstructor(module, "scalar", new ScalarConstructor());
        }
    }

    /// <summary>A numpy dtype as pickled: its code ('f8', 'f4', 'i8', ...) and byte order from __setstate__.</summary>
    public sealed class NumpyDType
    {
        /// <summary>The dtype string, e.g. "f8".</summary>
        public string Code { get; init; } = "";

        /// <summary>Byte order: '&lt;' little, '&gt;' big, '|' not applicable, '=' native.</summary>
        public string ByteOrder { get; private set; } = "<";

        /// <summary>Called by the unpickler with the pickled state tuple (version, byte order, ...).</summary>
#pragma warning disable IDE1006 // The pickle protocol's method name.
        public void __setstate__(object[] state)
#pragma warning restore IDE1006
        {
            if (state.Length > 1 && state[1] is string order) ByteOrder = order;
        }
    }

    private sealed class DTypeConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            new NumpyDType { Code = args.Length > 0 && args[0] is string s ? s : throw new PickleException("numpy.dtype without a type code") };
    }

    private sealed class ScalarConstructor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length != 2 || args[0] is not NumpyDType dtype)
                throw new PickleException("numpy scalar: expected (dtype, bytes) arguments");
            var bytes = args[1] switch
            {
                byte[] b => b,
                string s => Encoding.Latin1.GetBytes(s),
                _ => throw new PickleException($"numpy scalar: unexpected payload {args[1]?.GetType().Name ?? "null"}"),
            };
            var big = dtype.ByteOrder == ">";
            return dtype.Code switch
            {
                "f8" when bytes.Length == 8 => big ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                "f4" when bytes.Length == 4 => (double)(big ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes)),
                "i8" when bytes.Length == 8 => big ? BinaryPrimitives.ReadInt64BigEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes),
                "i4" when bytes.Length == 4 => (long)(big ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes)),
                "b1" when bytes.Length == 1 => bytes[0] != 0,
                _ => throw new PickleException($"numpy scalar of dtype '{dtype.Code}' with {bytes.Length} bytes is not supported"),
            };
        }
    }
}
