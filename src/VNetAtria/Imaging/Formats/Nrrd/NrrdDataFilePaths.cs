namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// Resolves a detached header's data file names against the header's folder and keeps them inside it:
/// a header from elsewhere must not make the reader open arbitrary files (absolute paths, "..").
/// </summary>
internal static class NrrdDataFilePaths
{
    public static string Resolve(string headerPath, string name, NrrdReadOptions options)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(headerPath))!;
        var rooted = Path.IsPathRooted(name) || name.StartsWith('/') || name.StartsWith('\\');
        var climbs = name.Split('/', '\\').Any(part => part == "..");
        if ((rooted || climbs) && !options.AllowDataFilesOutsideHeaderFolder)
            throw new VolumeFormatException(headerPath, NrrdFieldNames.DataFile,
                $"'{name}' is {(rooted ? "an absolute path" : "a path that leaves the header's folder ('..')")}: expected a file in or below '{folder}'. " +
                "Move the data beside the header, or set NrrdReadOptions.AllowDataFilesOutsideHeaderFolder if you trust this header.");
        var full = Path.GetFullPath(Path.Combine(folder, name));
        if (!options.AllowDataFilesOutsideHeaderFolder && !full.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new VolumeFormatException(headerPath, NrrdFieldNames.DataFile, $"'{name}' resolves to '{full}', outside the header's folder '{folder}'.");
        if (!File.Exists(full))
            throw new VolumeFormatException(headerPath, NrrdFieldNames.DataFile, $"the data file '{full}' does not exist.");
        return full;
    }
}
