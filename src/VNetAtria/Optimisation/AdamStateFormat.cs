using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace VNetAtria.Optimisation;

/// <summary>
/// TorchSharp 0.107's Adam.save_state_dict layout, so checkpoints written with TorchSharp's Adam resume with
/// <see cref="AdamOptimiser"/> and the other way round. Counts, dtypes and shapes are unsigned LEB128; the rest is
/// BinaryWriter's little-endian encoding:
/// <code>
/// string "Adam"; count groups; count states
/// per group: double initial_lr, lr, beta1, beta2, eps, weight_decay; bool amsgrad, maximize
/// per state: int64 step; tensor exp_avg; tensor exp_avg_sq; bool has_max_exp_avg_sq [tensor]
/// tensor: count dtype (c10 ScalarType); count rank; count size per dimension; the raw bytes, C order
/// </code>
/// </summary>
internal static class AdamStateFormat
{
    private const string TypeName = "Adam";

    public static void Write(BinaryWriter writer, AdamOptimiser optimizer)
    {
        var o = optimizer.Options;
        writer.Write(TypeName);
        WriteCount(writer, 1);
        WriteCount(writer, optimizer.State.Count);
        writer.Write(optimizer.InitialLearningRate);
        writer.Write(optimizer.LearningRate);
        writer.Write(o.Beta1);
        writer.Write(o.Beta2);
        writer.Write(o.Eps);
        writer.Write(o.WeightDecay);
        writer.Write(false); // amsgrad
        writer.Write(false); // maximize
        foreach (var state in optimizer.State)
        {
            writer.Write(state.Step);
            WriteTensor(writer, state.ExpAvg);
            WriteTensor(writer, state.ExpAvgSq);
            writer.Write(false); // no max_exp_avg_sq without amsgrad
        }
        writer.Flush();
    }

    public static void Read(BinaryReader reader, AdamOptimiser optimizer)
    {
        var loaded = new List<(long Step, Tensor ExpAvg, Tensor ExpAvgSq)>();
        try
        {
            double initialLearningRate, learningRate;
            try
            {
                var type = reader.ReadString();
                if (type != TypeName) throw new InvalidDataException($"The optimiser state is {type}'s, not Adam's.");
                var groups = ReadCount(reader);
                var states = ReadCount(reader);
                if (groups != 1) throw new InvalidDataException($"The Adam state has {groups} parameter groups; this optimiser has one.");
                if (states != optimizer.State.Count)
                    throw new InvalidDataException($"The Adam state holds {states} parameters; this model has {optimizer.State.Count}. It was saved for another model.");
                initialLearningRate = reader.ReadDouble();
                learningRate = reader.ReadDouble();
                var o = optimizer.Options;
                Same("beta1", reader.ReadDouble(), o.Beta1);
                Same("beta2", reader.ReadDouble(), o.Beta2);
                Same("eps", reader.ReadDouble(), o.Eps);
                Same("weight_decay", reader.ReadDouble(), o.WeightDecay);
                if (reader.ReadBoolean()) throw new InvalidDataException("The Adam state was saved with amsgrad, which this optimiser does not implement.");
                if (reader.ReadBoolean()) throw new InvalidDataException("The Adam state was saved with maximize, which this optimiser does not implement.");
                if (!double.IsFinite(learningRate) || learningRate < 0)
                    throw new InvalidDataException($"The Adam state's learning rate is {Format(learningRate)}; it must be a finite number >= 0.");
                foreach (var state in optimizer.State)
                {
                    var step = reader.ReadInt64();
                    if (step < 0) throw new InvalidDataException($"The Adam state of parameter '{state.Name}' has step count {step}; it must be >= 0.");
                    var expAvg = ReadTensor(reader, state, "exp_avg");
                    var expAvgSq = ReadTensor(reader, state, "exp_avg_sq");
                    loaded.Add((step, expAvg, expAvgSq));
                    if (reader.ReadBoolean()) throw new InvalidDataException($"The Adam state of parameter '{state.Name}' has amsgrad's max_exp_avg_sq; this optimiser does not implement amsgrad.");
                }
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException("The Adam state ends early: it is truncated.", e);
            }
            // Everything read and checked: only now change the optimiser.
            using var noGrad = no_grad();
            for (var i = 0; i < loaded.Count; i++)
            {
                var state = optimizer.State[i];
                state.Step = loaded[i].Step;
                state.ExpAvg.copy_(loaded[i].ExpAvg);
                state.ExpAvgSq.copy_(loaded[i].ExpAvgSq);
            }
            optimizer.InitialLearningRate = initialLearningRate;
            optimizer.LearningRate = learningRate;
        }
        finally
        {
            foreach (var (_, expAvg, expAvgSq) in loaded)
            {
                expAvg.Dispose();
                expAvgSq.Dispose();
            }
        }
    }

    private static void WriteTensor(BinaryWriter writer, Tensor tensor)
    {
        using var cpu = tensor.device_type == DeviceType.CPU ? tensor.contiguous() : tensor.cpu().contiguous();
        WriteCount(writer, (long)cpu.dtype);
        WriteCount(writer, cpu.shape.Length);
        foreach (var size in cpu.shape) WriteCount(writer, size);
        writer.Flush();
        cpu.WriteBytesToStream(writer.BaseStream);
    }

    private static Tensor ReadTensor(BinaryReader reader, AdamParameterState state, string what)
    {
        var dtype = (ScalarType)ReadCount(reader);
        var rank = ReadCount(reader);
        if (rank > 64) throw new InvalidDataException($"The Adam {what} of parameter '{state.Name}' claims {rank} dimensions; the state is corrupt.");
        var shape = new long[rank];
        for (var d = 0; d < rank; d++) shape[d] = ReadCount(reader);
        var expectedShape = state.ExpAvg.shape;
        if (dtype != state.ExpAvg.dtype || !shape.SequenceEqual(expectedShape))
            throw new InvalidDataException($"The Adam {what} of parameter '{state.Name}' is {dtype} ({string.Join(", ", shape)}); the parameter is {state.ExpAvg.dtype} ({string.Join(", ", expectedShape)}). It was saved for another model.");
        var tensor = empty(shape, dtype);
        try
        {
            tensor.ReadBytesFromStream(reader.BaseStream);
            if (state.ExpAvg.device_type == DeviceType.CPU) return tensor;
            using (tensor) return tensor.to(state.ExpAvg.device);
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    private static void Same(string name, double saved, double expected)
    {
        if (saved.Equals(expected)) return;
        throw new InvalidDataException($"The Adam state was saved with {name} {Format(saved)}; this optimiser uses {Format(expected)}.");
    }

    private static void WriteCount(BinaryWriter writer, long value)
    {
        // Unsigned LEB128, as TorchSharp's internal LEB128Codec.
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        do
        {
            var low = (byte)(value & 0x7F);
            value >>= 7;
            writer.Write(value == 0 ? low : (byte)(low | 0x80));
        }
        while (value != 0);
    }

    private static long ReadCount(BinaryReader reader)
    {
        long value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 56) throw new InvalidDataException("The Adam state holds a malformed count (more than 9 LEB128 bytes); it is corrupt.");
            var b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
