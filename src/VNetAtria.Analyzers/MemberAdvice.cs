namespace VNetAtria.Analyzers;

/// <summary>What a flagged TorchSharp member does with a temporary Scalar, and how to avoid it.</summary>
internal static class MemberAdvice
{
    /// <summary>
    /// The reason and the fix for the member with documentation-comment ID <paramref name="id"/> (one of
    /// <see cref="TorchSharpScalarMembers.Ids"/>, or a method returning a type whose forward/step is one).
    /// </summary>
    public static (string Why, string Fix) For(string id)
    {
        if (IsOperator(id, "op_Addition") && !HasNumberOperand(id) || Is(id, ".add(") || Is(id, ".add_("))
            return ("passes a hidden alpha = 1 (a new Scalar per call)",
                "call 'a.add(b, one)' with a held 'one' (e.g. 'static readonly Scalar One = 1.ToScalar();', as Models/ResidualSum does)");
        if (IsOperator(id, "op_Subtraction") && id.Contains("op_Subtraction(TorchSharp.Scalar,"))
            return ("computes '-t + s' through add(s) with a hidden alpha = 1",
                "write 't.neg().add(s, one)' with held 's' and 'one' (the same operations, so the same bits)");
        if (IsOperator(id, "op_Subtraction") && id.Contains("op_Subtraction(System."))
            return ("converts the number to a Scalar and computes '-t + s' with a hidden alpha = 1",
                "write 't.neg().add(s, one)' with held 's' and 'one' (the same operations, so the same bits)");
        if (IsOperator(id, "op_Division") && id.Contains("op_Division(System."))
            return ("converts the number to a Scalar (it computes 't.reciprocal().mul(s)')",
                "write 't.reciprocal().mul(s)' with a held 's'");
        if (IsOperator(id, "op_Addition") && HasNumberOperand(id))
            return ("converts the number to a Scalar and passes a hidden alpha = 1",
                "write 't.add(s, one)' with held 's' and 'one' ('using var s = 2.0.ToScalar();' or a 'static readonly Scalar')");
        if (IsOperator(id, "op_Multiply") || IsOperator(id, "op_Subtraction") || IsOperator(id, "op_Division") || IsOperator(id, "op_Modulus"))
            return ("converts the number operand to a Scalar",
                "hold the number ('using var s = 2.0.ToScalar();' or a 'static readonly Scalar') and call 'mul(s)' / 'sub(s)' / 'div(s)' / 'remainder(s)'");
        if (Is(id, "TorchSharp.torch.arange("))
            return ("passes a hidden start = 0 and/or step = 1 (new Scalars per call)",
                "call 'arange(start, stop, step, ...)' with held scalars");
        if (Is(id, ".addcdiv"))
            return ("passes a hidden value = 1", "call the overload with 'value' and pass a held scalar");
        if (Is(id, ".square"))
            return ("computes pow(t, 2) with a temporary exponent", "write 't.pow(two)' with a held 'two' (the same kernel)");
        if (Is(id, ".step("))
            return ("updates parameters with several temporary Scalars per parameter and step",
                "use an optimiser whose step holds its scalars");
        if (Is(id, ".forward(") || Is(id, ".call("))
            return ("runs a forward pass that makes temporary Scalars (BatchNorm in training: num_batches_tracked.add_(1))",
                "use a module whose forward holds its scalars");
        if (Is(id, ".op_Explicit(") || Is(id, "TensorExtensionMethods.To") || Is(id, ".tolist") || Is(id, ".ToString(")
            || Is(id, "TensorExtensionMethods.str(") || Is(id, "TensorExtensionMethods.print(") || Is(id, "str("))
            return ("reads tensor values through temporary Scalars",
                "read with 't.item<T>()' (T the tensor's element type) or 'using var s = t.ToScalar();' then 's.ToDouble()'");
        if (Is(id, "nn.PReLU("))
            return ("fills the initial slopes with a temporary Scalar", "create the slopes with a held scalar (e.g. torch.full with a 'static readonly Scalar')");
        return ("converts its number arguments to temporary Scalars",
            "hold each scalar ('using var s = ...ToScalar();' or a 'static readonly Scalar') and call an overload that takes Scalars");
    }

    private static bool Is(string id, string part) => id.IndexOf(part, System.StringComparison.Ordinal) >= 0;

    private static bool IsOperator(string id, string name) => Is(id, "TorchSharp.torch.Tensor." + name + "(");

    private static bool HasNumberOperand(string id) => Is(id, "(System.") || Is(id, ",System.");
}
