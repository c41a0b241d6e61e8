#pragma once
/// @file pinwheels.hpp
/// Orientation pinwheels (reference §5.4; TDANN `maps/pinwheel_detector.py`).
///
/// 1. Smoothed orientation map (smoothed_map.hpp) with width 1.5 mm and stride 0.45 mm (TDANN's
///    size_mult = 1.5: width 1·1.5, stride 0.3·1.5), circular mean with period 180°, and the variability map
///    used for the threshold. TDANN's variability is SciPy's circstd (degrees, period 179) divided by the
///    number of units in the window (its Smoother's "circstd" aggregation); `stdPerUnit` (default, TDANN)
///    keeps that, false uses the plain circular std in degrees (then pick `stdThreshold` in degrees).
/// 2. Winding number of each interior pixel: walk its 8 neighbours NW, N, NE, E, SE, S, SW, W (N = larger
///    y, E = larger x: a clockwise walk on the sheet), sum the wrapped steps ((d + 90) mod 180 − 90 degrees)
///    and divide by 360. TDANN sums only the 7 steps NW→…→W and never closes the loop W→NW (values then are
///    not multiples of ½; a perfect pinwheel gives ±0.4375); TopoSpike closes the loop by default (a perfect
///    pinwheel gives ±½, a smooth region 0) and offers TDANN's sum as `tdannOpenLoop`. Sign as TDANN's: the
///    walk is clockwise, so an orientation that turns counter-clockwise with the polar angle (θ = φ/2) winds
///    −½. Border pixels and pixels next to an empty window have no winding number (0 / NaN).
/// 3. Pinwheels: 8-connected components (as skimage.measure.label) of pixels with winding > threshold (or
///    < −threshold) and variability < stdThreshold, with at least `minPixels` pixels; positive components
///    first, each list in TDANN's image raster order (top row = highest y first). Centre = mean pixel position.
/// 4. Density = count / (side / hypercolumnWidth)², side = the larger peak-to-peak extent of the positions.

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/analysis/smoothed_map.hpp"

namespace topospike::analysis {

struct PinwheelParams {
    double width = 1.5;              ///< smoothing window, mm (TDANN: 1·size_mult, size_mult = 1.5)
    double stride = 0.45;            ///< mm (TDANN: 0.3·size_mult)
    double windingThreshold = 0.3;   ///< |winding| > this (TDANN `thresh`)
    double stdThreshold = 0.3;       ///< variability < this (TDANN `var_thresh`, in degrees per unit)
    std::int64_t minPixels = 2;      ///< TDANN `min_px_count`
    bool stdPerUnit = true;          ///< TDANN's variability: circstd / units in the window (see step 1)
    bool tdannOpenLoop = false;      ///< TDANN's 7-step winding sum (see step 2)
    bool tdannPeriodMinusOne = false;  ///< TDANN's 179° period in the smoothing (smoothed_map.hpp)
    double hypercolumnWidth = 3.5;   ///< mm, for the density
};

struct Pinwheel {
    double x = 0, y = 0;        ///< centre, mm
    double column = 0, row = 0; ///< centre in TDANN's image pixels (column = x index, row 0 = top)
    std::int64_t pixels = 0;
    int sign = 0;               ///< +1 or −1 (the sign of the winding)
    double meanWinding = 0;     ///< mean winding number over the component
};

struct PinwheelResult {
    PinwheelParams params;
    SmoothedMap orientation;           ///< values = circular-mean orientation, circularStd = its std
    std::vector<double> variability;   ///< ny × nx, the map thresholded by stdThreshold
    std::vector<double> winding;       ///< ny × nx (layout of SmoothedMap)
    std::vector<Pinwheel> pinwheels;   ///< positive first, then negative
    std::int64_t positive = 0, negative = 0;
    double side = 0;                   ///< sheet side used for the density, mm
    double density = 0;                ///< pinwheels per hypercolumnWidth² area
};

/// Winding numbers of a ny × nx orientation grid (SmoothedMap layout, degrees, period 180) — step 2.
std::vector<double> windingNumbers(std::span<const double> grid, std::int64_t nx, std::int64_t ny,
                                   bool tdannOpenLoop = false);

/// Steps 3–4 on given maps (SmoothedMap geometry in `map`, `winding` and `variability` in its layout).
std::vector<Pinwheel> findPinwheels(const SmoothedMap& map, std::span<const double> winding,
                                    std::span<const double> variability, const PinwheelParams& params = {});

/// The whole detector from per-unit orientation preferences (degrees, [0, 180); NaN = masked unit) at
/// `coordinates` (N × 2, mm). Throws std::invalid_argument like smoothMap.
PinwheelResult detectPinwheels(std::span<const double> coordinates, std::span<const double> orientations,
                               const PinwheelParams& params = {});

}  // namespace topospike::analysis
