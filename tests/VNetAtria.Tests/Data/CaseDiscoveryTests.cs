using VNetAtria.Data;
using static VNetAtria.Tests.Data.DataTestFiles;

namespace VNetAtria.Tests.Data;

public class CaseDiscoveryTests
{
    [Fact]
    public void Lasc_layout_pairs_each_case_folders_image_and_label_sorted_by_id()
    {
        var root = LascFolder("Case02", "Case01", "B");
        Directory.CreateDirectory(Path.Combine(root, "notes")); // a folder without volumes is not a case

        var found = CaseDiscovery.Discover(root);

        Assert.Equal(DatasetLayout.Lasc, found.Layout);
        Assert.Equal(["B", "Case01", "Case02"], found.Cases.Select(c => c.CaseId));
        var c1 = found.Cases[1];
        Assert.Equal(Path.Combine(root, "Case01", "lgemri.nrrd"), c1.ImagePath);
        Assert.Equal(Path.Combine(root, "Case01", "laendo.nrrd"), c1.LabelPath);
        Assert.Null(c1.Split);
        Assert.Null(c1.ImageDataset);
    }

    [Fact]
    public void Split_layout_pairs_raw_and_label_files_by_case_id_and_takes_the_split_from_the_folder()
    {
        var root = TestSupport.TestPaths.NewTempDir();
        Touch(root, "train/raw/A_lgemri.nrrd");
        Touch(root, "train/label/A_laendo.nrrd");
        Touch(root, "train/raw/B.nrrd");
        Touch(root, "train/label/B.nrrd");
        Touch(root, "train/raw/.DS_Store");
        Touch(root, "validate/raw/C.nii.gz");
        Touch(root, "validate/label/label-C.nii.gz");
        Touch(root, "test/raw/D.nrrd");

        var found = CaseDiscovery.Discover(root, new DiscoveryOptions { AllowUnlabeled = true });

        Assert.Equal(DatasetLayout.SplitFolders, found.Layout);
        Assert.Equal(["A", "B", "C", "D"], found.Cases.Select(c => c.CaseId));
        Assert.Equal([DatasetSplit.Train, DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test], found.Cases.Select(c => c.Split!.Value));
        Assert.EndsWith(Path.Combine("train", "label", "A_laendo.nrrd"), found.Cases[0].LabelPath);
        Assert.Null(found.Cases[3].LabelPath);
    }

    [Fact]
    public void Uamt_layout_uses_one_h5_file_as_image_and_label_and_finds_list_files_above_the_root()
    {
        var parent = TestSupport.TestPaths.NewTempDir();
        var root = Path.Combine(parent, "2018LA_Seg_Training Set");
        Touch(root, "X1/mri_norm2.h5");
        Touch(root, "X2/mri_norm2.h5");
        Touch(parent, "train.list", "X1\nX9\n");
        Touch(parent, "test.list", "X2\n");

        var found = CaseDiscovery.Discover(root);

        Assert.Equal(DatasetLayout.UamtH5, found.Layout);
        Assert.Equal(["X1", "X2"], found.Cases.Select(c => c.CaseId));
        Assert.Equal(found.Cases[0].ImagePath, found.Cases[0].LabelPath);
        Assert.Equal("image", found.Cases[0].ImageDataset);
        Assert.Equal("label", found.Cases[0].LabelDataset);
        Assert.NotNull(found.Lists);
        Assert.Equal(["X1", "X9"], found.Lists.Train);
        Assert.Equal(["X2"], found.Lists.Test);
    }

    [Theory]
    [InlineData("lasc", DatasetLayout.Lasc)]
    [InlineData("split", DatasetLayout.SplitFolders)]
    [InlineData("uamt", DatasetLayout.UamtH5)]
    public void Auto_detection_recognises_each_layout(string kind, DatasetLayout expected)
    {
        var root = TestSupport.TestPaths.NewTempDir();
        switch (kind)
        {
            case "lasc": Touch(root, "A/lgemri.nrrd"); break;
            case "split": Touch(root, "train/raw/A.nrrd"); break;
            default: Touch(root, "A/mri_norm2.h5"); break;
        }
        Assert.Equal(expected, CaseDiscovery.DetectLayout(root));
    }

    [Fact]
    public void A_folder_in_no_known_layout_is_an_error_that_describes_the_layouts()
    {
        var root = TestSupport.TestPaths.NewTempDir();
        Touch(root, "A/something.nrrd");
        var e = Assert.Throws<DatasetException>(() => CaseDiscovery.Discover(root));
        Assert.Contains("lgemri.nrrd", e.Message);
        Assert.Contains("mri_norm2.h5", e.Message);
        Assert.Contains("train|validate|test", e.Message);
    }

    [Fact]
    public void A_folder_matching_two_layouts_asks_for_the_layout_and_discovery_obeys_an_explicit_one()
    {
        var root = TestSupport.TestPaths.NewTempDir();
        Touch(root, "A/lgemri.nrrd");
        Touch(root, "A/laendo.nrrd");
        Touch(root, "B/mri_norm2.h5");
        var e = Assert.Throws<DatasetException>(() => CaseDiscovery.Discover(root));
        Assert.Contains("--layout", e.Message);

        var lasc = CaseDiscovery.Discover(root, new DiscoveryOptions { Layout = DatasetLayout.Lasc });
        Assert.Equal(["A"], lasc.Cases.Select(c => c.CaseId));
    }

    [Fact]
    public void Images_without_labels_are_an_error_listing_every_one_unless_allowed()
    {
        var root = LascFolder("A");
        Touch(root, "B/lgemri.nrrd");
        Touch(root, "C/lgemri.nrrd");

        var e = Assert.Throws<DatasetException>(() => CaseDiscovery.Discover(root));
        Assert.Contains("2 image(s) without a label", e.Message);
        Assert.Contains("B (", e.Message);
        Assert.Contains("C (", e.Message);
        Assert.Contains("--allow-unlabeled", e.Message);
        Assert.Equal(2, e.Problems.Count);

        var allowed = CaseDiscovery.Discover(root, new DiscoveryOptions { AllowUnlabeled = true });
        Assert.Equal([true, false, false], allowed.Cases.Select(c => c.HasLabel));
    }

    [Fact]
    public void A_label_without_an_image_is_an_error_even_when_unlabelled_cases_are_allowed()
    {
        var root = LascFolder("A");
        Touch(root, "B/laendo.nrrd");
        var e = Assert.Throws<DatasetException>(() => CaseDiscovery.Discover(root, new DiscoveryOptions { AllowUnlabeled = true }));
        Assert.Contains("label(s) without an image", e.Message);
        Assert.Contains("B", e.Message);
    }

    [Fact]
    public void Two_files_with_the_same_case_id_are_reported_as_duplicates_with_both_paths()
    {
        var root = TestSupport.TestPaths.NewTempDir();
        Touch(root, "train/raw/A.nrrd");
        Touch(root, "train/label/A.nrrd");
        Touch(root, "validate/raw/A_lgemri.nrrd");
        Touch(root, "train/raw/B.nrrd");
        Touch(root, "train/label/B.nrrd");

        var e = Assert.Throws<DatasetException>(() => CaseDiscovery.Discover(root));
        Assert.Contains("duplicate case id", e.Message);
        Assert.Contains(Path.Combine("train", "raw", "A.nrrd"), e.Message);
        Assert.Contains(Path.Combine("validate", "raw", "A_lgemri.nrrd"), e.Message);
    }

    [Fact]
    public void A_missing_folder_is_a_directory_not_found_error_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "vnetatria-no-such-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<DirectoryNotFoundException>(() => CaseDiscovery.Discover(missing));
        Assert.Contains(missing, e.Message);
    }

    [Theory]
    [InlineData("Case01.nrrd", "Case01")]
    [InlineData("Case01_lgemri.nrrd", "Case01")]
    [InlineData("Case01-laendo.nrrd", "Case01")]
    [InlineData("Case01.label.nii.gz", "Case01")]
    [InlineData("image_Case01.nii", "Case01")]
    [InlineData("Case01_LABEL.nhdr", "Case01")]
    [InlineData("lgemri.nrrd", "lgemri")]
    [InlineData("Case_raw_01.nrrd", "Case_raw_01")]
    public void The_split_layout_case_id_is_the_file_name_without_extension_and_role_word(string file, string id) =>
        Assert.Equal(id, SplitFolderScanner.CaseIdOf(file));
}
