#pragma once
/// @file smoothed_map.hpp
/// A per-unit preference map smoothed into a regular image (reference §5.1 "Smoothed map"; TDANN
/// `maps/smoother.py`), used for the orientation / SF / colour map figures and for pinwheel detection.
///
/// Windows (TDANN's Smoother):
/// - per axis n = ⌊(max − width) / stride⌋ (note: from the maximum coordinate, not the range — TDANN's sheets
///   start at 0), window starts linspace(min, max − width, n), so the actual spacing is
///   (max − width − min)/(n − 1), close to but not exactly `stride`;
/// - a unit is in window (ix, iy) when xs ≤ x ≤ xs + width and ys ≤ y ≤ ys + width (inclusive);
/// - aggregation over the units of a window: circular mean (orientation; period 180°), mean (SF, colour) or mode
///   (the most frequent non-negative integer value, the smallest on ties, as np.argmax(np.bincount)); an empty
///   window is NaN. With a circular aggregation the circular standard deviation (SciPy's circstd,
///   sqrt(−2 ln R) in period units) is computed alongside.
/// - TDANN passes `high − 1` to SciPy, i.e. a 179° period for orientation; TopoSpike uses the true period and
///   offers the quirk as `tdannPeriodMinusOne` (to reproduce TDANN's figures).
/// Units whose value is NaN are left out before anything (extent included), as a masked unit is in TDANN.
/// Layout: values[iy·nx + ix], iy ascending with y (row 0 = the lowest y, origin lower-left), ix ascending with x.
/// TDANN returns the transposed, vertically flipped image (row 0 = the highest y): see tdannImage().
/// Cost: units are sorted into window columns once; each window then aggregates its own units only
/// (O(N·(width/stride)²) in all, not O(windows × N)), columns in parallel.

#include <cstdint>
#include <span>
#include <vector>

namespace topospike::analysis {

enum class MapAggregation { CircularMean, Mean, Mode };

struct SmoothedMapParams {
    double width = 1.5;     ///< window side wk, mm (TDANN V1 figure)
    double stride = 0.15;   ///< s, mm (TDANN V1 figure)
    MapAggregation aggregation = MapAggregation::CircularMean;
    double period = 180.0;  ///< circular period of the values (degrees for orientation)
    bool tdannPeriodMinusOne = false;  ///< use period − 1 as TDANN does (179° for orientation)
};

struct SmoothedMap {
    SmoothedMapParams params;
    std::int64_t nx = 0, ny = 0;
    std::vector<double> xStarts, yStarts;   ///< window lower-left corners, mm
    std::vector<double> values;             ///< ny × nx (see the file comment)
    std::vector<double> circularStd;        ///< ny × nx, circular aggregation only (NaN for empty windows)
    std::vector<std::int64_t> counts;       ///< ny × nx units per window
    std::int64_t unitsUsed = 0;             ///< units with a non-NaN value

    double at(std::int64_t ix, std::int64_t iy) const { return values[static_cast<std::size_t>(iy * nx + ix)]; }
    /// Centre of window ix / iy, mm.
    double xCenter(std::int64_t ix) const { return xStarts[static_cast<std::size_t>(ix)] + params.width / 2; }
    double yCenter(std::int64_t iy) const { return yStarts[static_cast<std::size_t>(iy)] + params.width / 2; }
    /// `grid` (ny × nx in this layout) as TDANN's image: row r = iy (ny − 1 − r), i.e. np.fliplr(A).T.
    std::vector<double> tdannImage(std::span<const double> grid) const;
};

/// Smooths `values` (one per unit) at `coordinates` (N × 2, mm). Throws std::invalid_argument for bad
/// parameters, mismatched sizes, no unit with a value, a sheet too small for one window, or (Mode) values that
/// are not integers in [0, 65535].
SmoothedMap smoothMap(std::span<const double> coordinates, std::span<const double> values,
                      const SmoothedMapParams& params = {});

}  // namespace topospike::analysis
