using VNetAtria.Data;

namespace VNetAtria.Pipeline.Prediction;

/// <summary>One image to predict.</summary>
/// <param name="CaseId">The case id the output is named after.</param>
/// <param name="Path">The image file.</param>
public sealed record PredictionInput(string CaseId, string Path);

/// <summary>Finds the images of a folder to predict and names their outputs.</summary>
public static class PredictionInputs
{
    /// <summary>
    /// The images under <paramref name="folder"/>, sorted by case id: every sub-folder holding lgemri.nrrd (the LASC
    /// layout: the case id is the folder's name) or mri_norm2.h5 (UA-MT: the image dataset), and every volume file
    /// directly in the folder (.nrrd, .nhdr, .nii, .nii.gz; the case id is the file name without its extension and
    /// without a role word such as _lgemri or -image, as <see cref="CaseDiscovery"/> names cases).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="PredictionException">Nothing to predict, or two images give the same case id.</exception>
    public static IReadOnlyList<PredictionInput> Find(string folder)
    {
        var full = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{full}: no such input folder.");
        var inputs = new List<PredictionInput>();
        foreach (var dir in Directory.GetDirectories(full).Order(StringComparer.Ordinal))
        {
            var lasc = System.IO.Path.Combine(dir, CaseDiscovery.LascImageFile);
            var uamt = System.IO.Path.Combine(dir, CaseDiscovery.UamtFile);
            if (File.Exists(lasc)) inputs.Add(new PredictionInput(System.IO.Path.GetFileName(dir), lasc));
            else if (File.Exists(uamt)) inputs.Add(new PredictionInput(System.IO.Path.GetFileName(dir), uamt));
        }
        foreach (var file in Directory.GetFiles(full).Order(StringComparer.Ordinal))
            if (SplitFolderScanner.IsVolumeFile(file)) inputs.Add(new PredictionInput(SplitFolderScanner.CaseIdOf(file), file));
        if (inputs.Count == 0)
            throw new PredictionException(
                $"{full}: no images to predict; expected <case>/{CaseDiscovery.LascImageFile} folders (LASC), <case>/{CaseDiscovery.UamtFile}, " +
                "or volume files (.nrrd, .nhdr, .nii, .nii.gz) directly in the folder.");
        var duplicate = inputs.GroupBy(i => i.CaseId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new PredictionException(
                $"{full}: the case id '{duplicate.Key}' comes from several images ({string.Join(", ", duplicate.Select(i => i.Path))}); " +
                "rename them or predict them from separate folders.");
        return inputs.OrderBy(i => i.CaseId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The case id of one image file: the folder's name for LASC's &lt;id&gt;/lgemri.nrrd and UA-MT's &lt;id&gt;/mri_norm2.h5,
    /// else the file name without extension and role word ("Case01_lgemri.nii.gz" gives "Case01").
    /// </summary>
    public static string CaseIdOf(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        var folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)));
        var inCaseFolder = string.Equals(name, CaseDiscovery.LascImageFile, StringComparison.OrdinalIgnoreCase) ||
                           string.Equals(name, CaseDiscovery.UamtFile, StringComparison.OrdinalIgnoreCase);
        return inCaseFolder && !string.IsNullOrEmpty(folder) ? folder : SplitFolderScanner.CaseIdOf(path);
    }

    /// <summary>
    /// One image predicted on its own (<c>vnet-atria predict --input FILE</c>): the case id <see cref="Find"/> gives it
    /// among its folder's images, else the file name without its extension (.nii.gz, .nii, .nrrd, .h5). The path is kept as given.
    /// </summary>
    /// <exception cref="PredictionException">As <see cref="Find"/> for the image's folder (no images there, or two with one case id).</exception>
    public static PredictionInput ForFile(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var id = Find(System.IO.Path.GetDirectoryName(full)!).FirstOrDefault(i => System.IO.Path.GetFullPath(i.Path) == full)?.CaseId
                 ?? WithoutExtension(System.IO.Path.GetFileName(path));
        return new PredictionInput(id, path);
    }

    /// <summary>The output file of a case: &lt;folder&gt;/&lt;case&gt;.nii.gz (or .nii) for NIfTI inputs, &lt;case&gt;.nrrd otherwise.</summary>
    public static string OutputPath(string outputFolder, PredictionInput input)
    {
        var name = System.IO.Path.GetFileName(input.Path).ToLowerInvariant();
        var extension = name.EndsWith(".nii.gz") ? ".nii.gz" : name.EndsWith(".nii") ? ".nii" : ".nrrd";
        return System.IO.Path.Combine(outputFolder, input.CaseId + extension);
    }

    private static string WithoutExtension(string name)
    {
        foreach (var ext in new[] { ".nii.gz", ".nii", ".nrrd", ".h5" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name;
    }
}
