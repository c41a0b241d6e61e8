#pragma once
/// @file positions.hpp
/// Cortical-sheet positions of every unit of a layer, read from TDANN-style files or TopoSpike's own format.
///
/// Formats read by readPositions():
/// - **TDANN folder**: one `<layer>.npz` per layer (written by spacetorch's `LayerPositions.save_np`) and an
/// optional
///   `version.txt`. Version 1 (or no version.txt) positions are rescaled per layer exactly as spacetorch's
///   `core.get_positions` does (see tdannRescaleFactor()); `.pkl` layer files are refused with a hint to
///   convert them.
/// - **TDANN layer file**: a single `<layer>.npz`. The folder rule applies using a `version.txt` beside the
/// file if
///   there is one; without it the file is treated as version 1 (rescaled), as TDANN treats its own folders.
/// - **TopoSpike positions** (`.tspos`, also `.safetensors`): a safetensors file with `"format":
///   "topospike-positions"` metadata, coordinates already in final millimetres. See docs/position-format.md.
///
/// Every layer is validated: prod(dims) = number of units, finite coordinates, neighborhood indices in [0,
/// N), a finite non-negative neighborhood width. Problems are reported as FileError.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace topospike::io {

/// Positions of one layer's units on its cortical sheet.
struct LayerPositions {
    /// Layer name, e.g. "layer2.0".
    std::string name;
    /// Unit grid: C, H, W for a convolutional layer, or N for a fully connected one. prod(dims) = units().
    std::vector<std::int64_t> dims;
    /// N × 2, row-major: x then y of unit u = c·H·W + h·W + w, in millimetres.
    std::vector<double> coordinates;
    /// Neighborhoods (P of them, Q units each) used by the swap optimiser and the smoothness analyses.
    std::int64_t neighborhoodCount = 0;
    std::int64_t neighborhoodSize = 0;
    /// P × Q, row-major, unit indices in [0, N).
    std::vector<std::int64_t> neighborhoodIndices;
    /// Side of the square neighborhoods, in millimetres.
    double neighborhoodWidth = 0.0;
    /// Optional cortical area label ("V1", "IT", ...); empty when unknown.
    std::string area;
    /// Optional free text saying where the positions came from.
    std::string source;

    /// Number of units N.
    std::int64_t units() const noexcept { return static_cast<std::int64_t>(coordinates.size() / 2); }
    /// Sheet side in mm: the larger of the peak-to-peak ranges of x and of y (0 with no units).
    double sheetExtent() const noexcept;
};

/// All layers of one network's positions.
struct PositionSet {
    /// Layers in network order: layer1.0, layer1.1, …, layer4.1, then any others alphabetically.
    std::vector<LayerPositions> layers;
    /// Where they came from: "tdann-folder", "tdann-npz" or "topospike".
    std::string format;
    /// TDANN: the version.txt number (1 when absent). TopoSpike format: its format version.
    int version = 1;
    /// True if TDANN version-1 rescaling was applied while reading.
    bool rescaled = false;
    /// Human-readable remarks from reading (layers left unscaled, name mismatches, skipped files); ";
    /// "-separated.
    std::string note;

    /// The layer with this name, or nullptr.
    const LayerPositions* find(std::string_view name) const;
};

struct PositionReadOptions {
    /// Apply TDANN's version-1 rescale (only matters for TDANN files of version 1).
    bool rescale = true;
};

/// Reads positions from a TDANN folder, a TDANN `<layer>.npz`, or a TopoSpike positions file (chosen by what
/// the path is and by content, not by extension). Throws FileError.
PositionSet readPositions(const std::filesystem::path& path, const PositionReadOptions& options = {});

/// Writes `set` in TopoSpike's positions format (safetensors with metadata; temporary file + rename). Layers
/// are validated first; names must be non-empty without ',' and unique. Throws FileError (naming `path`).
void writePositions(const std::filesystem::path& path, const PositionSet& set);

/// The version.txt number written by writeTdannFolder(): 2, TDANN's own current POS_VERSION
/// (scripts/save_retinotopic_positions.py). spacetorch's `core.get_positions` rescales only folders whose
/// version is 1 (or that have no version.txt), and so does readPositions(), so version-2 coordinates are read
/// as the final millimetres they are.
inline constexpr int kTdannFinalVersion = 2;

/// Writes `set` as a TDANN positions folder: one `<layer>.npz` per layer in the layout of spacetorch's
/// `LayerPositions.save_np` (name '<U' 0-d, dims int64 [3], coordinates float64 [N, 2], neighborhood_indices
/// int64 [P, Q], neighborhood_width float64 0-d) and a version.txt holding kTdannFinalVersion, so neither TDANN
/// nor readPositions() rescales the coordinates again. Area and source labels are not part of TDANN's layout
/// and are not written. Layers are validated first; names must be non-empty, unique and usable as file names.
/// The folder is created if needed; an existing folder may only hold files this write replaces (the same
/// `<layer>.npz` names and version.txt), otherwise nothing is written. Files are written to a temporary folder
/// beside the target and moved in, so a refused or failed write leaves no partial layer files. Throws FileError.
void writeTdannFolder(const std::filesystem::path& folder, const PositionSet& set);

/// The factor TDANN's `core.get_positions` multiplies version-1 coordinates and neighborhood widths by:
/// layer1.x 0.6, layer2.x 1.5, layer3.0 1.75, layer3.1 1.4, layer4.x 7; nullopt for other layers.
std::optional<double> tdannRescaleFactor(std::string_view layer);

/// Sorts layers in network order (layer1.0 … layer4.1 first, then the rest by name).
void sortLayersInNetworkOrder(std::vector<LayerPositions>& layers);

/// Checks one layer's consistency (see the file comment). Throws FileError naming `sourceName` and the layer.
void validateLayer(const LayerPositions& layer, const std::string& sourceName);

}  // namespace topospike::io
