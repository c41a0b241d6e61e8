#pragma once
/// @file image_set.hpp
/// Labelled image sets for the category analyses (fLoc and any user set; tdsnn-reference §4.2): a folder of
/// PNG / JPEG files whose category is given by the sub-folder they sit in or by an fLoc-style file-name prefix.
///
/// Scanning only lists and labels files; it does not decode them (readInputImage() in image.hpp does that, and
/// replicates grayscale to R = G = B as TDANN's fLoc loader does with np.repeat).

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace topospike::stimuli {

/// fLoc's categories in TDANN's order (spacetorch datasets/floc.py CATEGORIES), scrambled last.
inline constexpr std::array<std::string_view, 11> kFlocCategories{
    "number", "word", "limb", "body", "adult", "child", "car", "instrument", "house", "corridor", "scrambled"};

/// fLoc's phase-scrambled control class, which TDANN drops before every analysis.
inline constexpr std::string_view kScrambledCategory = "scrambled";

/// Where an image's category comes from.
enum class CategorySource {
    /// Sub-folders if the folder holds images only inside sub-folders; file-name prefixes if it holds images
    /// only at its top level; a folder with both is refused (choose explicitly).
    Auto,
    /// The name of the top-level sub-folder an image sits in (images anywhere below it count; images directly
    /// in the folder are ignored).
    SubFolder,
    /// fLoc's rule: the file stem up to the first '-' (`adult-12.jpg` → "adult"; a stem without '-' is its own
    /// category). Only files directly in the folder are read, as TDANN's `glob("*.jpg")`.
    FilePrefix,
};

struct ImageSetOptions {
    CategorySource source = CategorySource::Auto;
    /// Drop images of the category "scrambled" (TDANN's fLocResponses drops them).
    bool dropScrambled = true;
};

/// One image and its category.
struct LabelledImage {
    std::filesystem::path path;
    std::string category;
};

struct ImageSet {
    std::filesystem::path folder;
    /// Images sorted by path (byte order of the generic path string; TDANN sorts its glob the same way),
    /// so the order is the same on every run and machine.
    std::vector<LabelledImage> images;
    /// The distinct categories present: fLoc's in fLoc order first, then any others alphabetically.
    std::vector<std::string> categories;
    /// The rule actually used (never Auto).
    CategorySource source = CategorySource::SubFolder;
    /// Images left out because they were "scrambled".
    std::int64_t droppedScrambled = 0;

    /// Index of each image's category in `categories`, image by image.
    std::vector<std::int32_t> categoryIndices() const;
};

/// True for the extensions read as images: .png, .jpg, .jpeg in any letter case.
bool isImageFileName(const std::filesystem::path& path);

/// The category an fLoc file name gives: its stem up to the first '-'.
std::string flocPrefixCategory(const std::filesystem::path& path);

/// Sorts category names: fLoc's (kFlocCategories order) first, then the rest alphabetically (byte order).
/// Duplicates are removed.
std::vector<std::string> orderCategories(std::vector<std::string> names);

/// Scans `folder` (see CategorySource). Hidden files and folders (name starting with '.') are skipped.
/// Throws FileError naming the folder when it is missing, not a folder or unreadable, holds no image, holds
/// images both at its top level and in sub-folders under CategorySource::Auto, or holds only scrambled images.
ImageSet scanImageSet(const std::filesystem::path& folder, const ImageSetOptions& options = {});

}  // namespace topospike::stimuli
