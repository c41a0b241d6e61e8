#pragma once
/// @file sheet_windows.hpp
/// Square windows on a cortical sheet: TDANN's tiling of the sheet into adjacent windows (used by the
/// correlation-vs-distance and rCCG-vs-distance curves) and random squares (used by the STC loss clusters).
///
/// Tiling (TDANN `spatial_utils.get_adjacent_windows`, defaults from `WindowParams`):
/// - windows per axis n = ⌊ptp / width⌋ (Python floor division of the coordinate range by the width);
/// - window starts linspace(min, max − width, n) per axis (plus an optional shift): the n windows are spread
///   evenly from min to max, so when ptp is not a multiple of width there are gaps between them (a 4.49 mm
///   range gives 2 windows of 1.5 mm, at both ends) — units in a gap are in no window, as in TDANN;
/// - `edgeBuffer` > 0 drops that many windows from both ends of each axis;
/// - a unit belongs to a window when x0 ≤ x ≤ x0 + width and y0 ≤ y ≤ y0 + width (both limits inclusive, so a
///   unit on a shared edge is in both windows);
/// - windows are listed x-major (all y windows of the first x column first), windows with fewer than 2 units
///   are dropped, a window with more than `unitLimit` units keeps a random subset of that size, and with
///   `windowLimit` at most that many windows are kept at random.
/// TDANN draws the subsets with numpy's global generator; TopoSpike draws them from `seed` (window k uses
/// Rng(seed).stream(k), window selection uses Rng(seed).stream(2^32)), so the subsets differ from TDANN's
/// draw for draw but not in distribution. Unit indices in a window are ascending.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "topospike/random.hpp"

namespace topospike::analysis {

/// TDANN's WindowParams (spacetorch/utils/spatial_utils.py); defaults are TDANN's.
struct WindowParams {
    double width = 1.5;                          ///< window side, mm
    std::optional<std::int64_t> windowLimit;     ///< keep at most this many windows (TDANN: None)
    std::int64_t edgeBuffer = 0;                 ///< windows dropped at each end of each axis
    std::optional<std::int64_t> unitLimit = 5000;  ///< keep at most this many units per window
    double shiftX = 0.0, shiftY = 0.0;           ///< shift of the whole grid, mm (TDANN's `shift`)
    std::uint64_t seed = 0;                      ///< for the unit and window subsampling
};

/// A square window and the units in it.
struct SheetWindow {
    std::vector<std::int64_t> units;  ///< ascending unit indices
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;  ///< limits, mm (inclusive)
};

/// Units with x0 ≤ x ≤ x1 and y0 ≤ y ≤ y1, ascending. `coordinates` is N × 2 row-major (x, y) in mm.
std::vector<std::int64_t> unitsWithin(std::span<const double> coordinates, double x0, double x1, double y0,
                                      double y1);

/// TDANN's tiling of the sheet (see the file comment). Throws std::invalid_argument for a non-positive width
/// or limits, or coordinates that are not N × 2.
std::vector<SheetWindow> adjacentWindows(std::span<const double> coordinates, const WindowParams& params = {});

/// A random square of side `width` whose centre is uniform in [min + width/2, max − width/2] per axis (the
/// centre range collapses to the middle when the sheet is narrower than `width`), as TDANN's
/// `precompute_neighborhoods` places neighborhoods. Limits inclusive.
SheetWindow randomSquare(std::span<const double> coordinates, double width, Rng& rng);

}  // namespace topospike::analysis
