#pragma once
/// @file categories.hpp
/// Image category labels and the contrasts the IT analyses compare (tdsnn-reference §4.2, §5.5).
///
/// A contrast is a set of "on" categories against a set of "off" categories. TDANN's five fLoc domain contrasts
/// (spacetorch datasets/floc.py DOMAIN_CONTRASTS) are the default; their "off" set is every other non-scrambled
/// category. Users may define their own (Big-Small, Original-vs-Texform, any labelled set).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "topospike/stimuli/image_set.hpp"

namespace topospike::analysis {

/// One category contrast.
struct Contrast {
    std::string name;                     ///< e.g. "Faces"; also names the result arrays (lower-case)
    std::string color;                    ///< display colour, "#RRGGBB"
    std::vector<std::string> on;          ///< the preferred categories
    std::vector<std::string> off;         ///< the compared categories; empty = every other labelled category
};

/// TDANN's five fLoc domain contrasts in the order of its RSM (spacetorch analyses/rsa.py CONTRAST_ORDER):
/// Faces (adult, child; #D43328), Bodies (body, limb; #E8B631), Characters (word, number; #4B2021),
/// Places (house, corridor; #20913E), Objects (car, instrument; #33B0FF). "off" is left empty (= the rest).
std::vector<Contrast> domainContrasts();

/// Parses a user contrast "name:on1,on2[/off1,off2]" (spaces around names are ignored). The name is 1–40
/// characters of letters, digits, '_' and '-', starting with a letter. Its colour is taken from a fixed
/// palette by `index` (the contrast's position among the user contrasts). Throws std::invalid_argument with
/// a message quoting the spec.
Contrast parseContrast(std::string_view spec, int index = 0);

/// The category of every image of a response matrix.
struct ImageLabels {
    /// Categories present (fLoc order first, then alphabetical; stimuli::orderCategories).
    std::vector<std::string> categories;
    /// Per image: index into `categories`, or -1 for an image left out of every analysis (fLoc "scrambled").
    std::vector<std::int32_t> category;
    /// Images left out.
    std::int64_t excluded = 0;
    /// Where the labels came from, for messages and result metadata.
    std::string source;

    std::int64_t images() const noexcept { return static_cast<std::int64_t>(category.size()); }
    /// Index of `name` in `categories`, or -1.
    std::int32_t find(std::string_view name) const;
    /// True when every fLoc category but "scrambled" is present.
    bool hasFlocCategories() const;
};

/// Labels from category names, one per image; images named "scrambled" are left out when `dropScrambled`.
/// Throws std::invalid_argument for an empty name.
ImageLabels labelsFromNames(const std::vector<std::string>& names, bool dropScrambled = true,
                            std::string source = {});

/// Labels from a CSV table with a `category` column (one row per image, in response order; names, e.g.
/// "adult"). Throws FileError naming the file (and line) for a missing column or an empty name.
ImageLabels labelsFromCsv(const std::filesystem::path& csv, bool dropScrambled = true);

/// Labels of a scanned image set, image by image in the set's order. If the set still holds "scrambled"
/// images (scanned with dropScrambled = false, e.g. because the responses were recorded for every file),
/// they are left out of the analyses here when `dropScrambled`.
ImageLabels labelsFromImageSet(const stimuli::ImageSet& set, bool dropScrambled = true);

/// A contrast bound to a label set: category indices and the role of every image.
struct ResolvedContrast {
    Contrast contrast;                  ///< with `off` filled in
    std::vector<std::int32_t> on, off;  ///< indices into ImageLabels::categories
    std::int64_t onImages = 0, offImages = 0;
};

/// Binds a contrast to `labels`. Throws std::invalid_argument naming the contrast for a category absent from
/// the labels (listing the known ones), a category both on and off, an empty side, or no image on a side.
ResolvedContrast resolveContrast(const Contrast& contrast, const ImageLabels& labels);

/// Lower-cased contrast name for result array names ("Faces" → "faces"; '-' becomes '_').
std::string contrastKey(std::string_view name);

}  // namespace topospike::analysis
