using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VNetAtria.Cli;

/// <summary>
/// The <c>--json</c> option and the JSON form every verb shares. Rule for all verbs: with <c>--json</c>, standard output
/// carries exactly one JSON document when the verb produced its result, and nothing otherwise; progress, warnings and
/// "Wrote ..." lines go to standard error. A failure leaves standard output empty and prints the one-line error on
/// standard error (exit code 1, or 2 for bad usage). A check that ran and found problems (<c>manifest verify</c>,
/// <c>doctor</c>) has a result: its report is the document, and the exit code is 1.
/// </summary>
internal static class CliJson
{
    /// <summary>The option's name; <see cref="CliApp"/> recognises JSON mode by it.</summary>
    public const string OptionName = "--json";

    /// <summary>Serializer settings: indented, camelCase names, enums as strings, non-ASCII text kept as is.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        // JSON has no NaN: a value that is not a number (a std of one case) is written as the string "NaN", not an exception.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>A <c>--json</c> option: "Print one JSON document on standard output instead of ... (progress and messages go to standard error)."</summary>
    public static Option<bool> Option(string insteadOf) => new(OptionName)
    {
        Description = $"Print one JSON document on standard output instead of {insteadOf}; progress, warnings and messages go to standard error. " +
                      "On failure standard output stays empty.",
    };

    /// <summary>Serializes a result object with <see cref="Options"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>True when the command being run has a <c>--json</c> option and it is set.</summary>
    public static bool Requested(ParseResult parse) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == OptionName) is Option<bool> json && parse.GetValue(json);
}
