using System.Globalization;
using System.Numerics;
using System.Text;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>Decodes the text encodings: ascii (decimal values separated by whitespace or commas) and hex (two digits per byte).</summary>
internal static class TextData
{
    /// <summary>Parses exactly destination.Length values; fewer or more is an error.</summary>
    public static void DecodeAscii<T>(ReadOnlySpan<byte> text, Span<T> destination, Func<string, Exception> error)
        where T : unmanaged, INumberBase<T>
    {
        var isFloat = typeof(T) == typeof(float) || typeof(T) == typeof(double);
        var style = isFloat ? NumberStyles.Float : NumberStyles.Integer;
        var count = 0;
        var i = 0;
        while (true)
        {
            while (i < text.Length && IsSeparator(text[i])) i++;
            if (i >= text.Length) break;
            var start = i;
            while (i < text.Length && !IsSeparator(text[i])) i++;
            var token = text[start..i];
            if (count == destination.Length)
                throw error($"too much data: more than the {destination.Length} values the header's sizes need (value {count + 1} is '{Clip(token)}').");
            if (!T.TryParse(token, style, CultureInfo.InvariantCulture, out var value))
            {
                if (isFloat && NrrdValueParsing.TryParseDouble(Encoding.ASCII.GetString(token), out var special))
                    value = T.CreateTruncating(special);
                else
                    throw error($"value {count + 1} '{Clip(token)}' is not a valid {typeof(T).Name} (out of range, or not a {(isFloat ? "number" : "whole number")}).");
            }
            destination[count++] = value;
        }
        if (count < destination.Length)
            throw error($"too little data: {count} values, but the header's sizes need {destination.Length}.");
    }

    /// <summary>Decodes exactly destination.Length bytes of hex digits (whitespace between digits is ignored).</summary>
    public static void DecodeHex(ReadOnlySpan<byte> text, Span<byte> destination, Func<string, Exception> error)
    {
        var nibbles = 0L;
        var current = 0;
        foreach (var c in text)
        {
            var v = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (v < 0)
            {
                if (IsSeparator(c) && c != (byte)',') continue;
                throw error($"'{(char)c}' after {nibbles} hex digits is not a hex digit.");
            }
            if (nibbles >= 2L * destination.Length)
                throw error($"too much data: more than the {2L * destination.Length} hex digits the header's sizes need.");
            current = (current << 4) | v;
            if ((nibbles & 1) == 1) destination[(int)(nibbles >> 1)] = (byte)current;
            nibbles++;
        }
        if (nibbles < 2L * destination.Length)
            throw error($"too little data: {nibbles} hex digits, but the header's sizes need {2L * destination.Length}.");
    }

    private static bool IsSeparator(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f' or (byte)',';

    private static string Clip(ReadOnlySpan<byte> token) => Encoding.ASCII.GetString(token.Length <= 30 ? token : token[..30]);
}
