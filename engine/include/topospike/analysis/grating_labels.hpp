#pragma once
/// @file grating_labels.hpp
/// What each sine-grating image shows: orientation (degrees), spatial frequency (cycles/image), phase (radians)
/// and colour (0 black/white, 1 colour), one entry per image in the order of the response matrix.
///
/// Three sources:
/// - a CSV table (readGratingLabels) with columns `orientation` (or `angle`), `sf`, `phase`, `color` (or
///   `colour`); other columns are ignored. The colour cell is a number (0 / 1) or `bw` / `color` / `colour` /
///   `red-cyan`;
/// - TopoSpike's own grating stimuli (gratingLabels), e.g. tdannGratingSet() as `run --gratings tdann` records it;
/// - image file names in TDANN's pattern "[prefix_]<angle>deg_<sf>sf_<phase>phase_<bw|color>[.ext]"
///   (parseGratingName). TDANN splits the name at '_' and reads parts 1–4 after a prefix; this reader takes the
///   last four parts, so names with or without a prefix (TopoSpike's GratingStimulus::name has none) both work.
///   As in TDANN, any colour word other than `bw` means colour.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "topospike/stimuli/gratings.hpp"

namespace topospike::analysis {

/// Labels of every image, index-aligned with the images of a response matrix.
struct GratingLabels {
    std::vector<double> orientation;  ///< degrees
    std::vector<double> sf;           ///< cycles per image (TDANN converts to cycles/degree by / 8)
    std::vector<double> phase;        ///< radians
    std::vector<double> color;        ///< 0 black/white, 1 colour
    std::string source;               ///< where they came from, for messages

    std::int64_t images() const noexcept { return static_cast<std::int64_t>(orientation.size()); }
    /// Appends one image's labels.
    void push(double orientationDeg, double sfCyclesPerImage, double phaseRad, double colorFlag);
};

/// Reads a label table (see the file comment). Throws FileError naming the file (and line) for a missing
/// column, a non-numeric or non-finite cell, an unknown colour word, or — when expectedImages >= 0 — a row count
/// different from expectedImages (the number of images in the responses).
GratingLabels readGratingLabels(const std::filesystem::path& csv, std::int64_t expectedImages = -1);

/// Labels of TopoSpike grating stimuli, in the given order (colour = 1 for red/cyan).
GratingLabels gratingLabels(const std::vector<stimuli::GratingStimulus>& stimuli);

/// One image's labels from a file name in TDANN's pattern (see the file comment; directories and the extension
/// are stripped first). Throws FileError naming the file when the name does not follow the pattern.
GratingLabels parseGratingName(std::string_view fileName);

/// Labels of several image files (parseGratingName for each, in the given order); `source` names the set.
GratingLabels gratingLabelsFromNames(const std::vector<std::string>& fileNames, const std::string& source);

/// Throws FileError naming labels.source unless it has exactly `images` entries.
void requireImageCount(const GratingLabels& labels, std::int64_t images);

}  // namespace topospike::analysis
