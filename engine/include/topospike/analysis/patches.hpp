#pragma once
/// @file patches.hpp
/// Category-selective patches on the cortical sheet (tdsnn-reference §5.7; TDANN spacetorch maps/it_map.py
/// ITMap.find_patches and maps/patch.py).
///
/// Steps (TDANN's defaults in PatchParams):
/// 1. A G × G grid of anchors (G = 100) on [lo, hi] × [lo, hi], lo / hi = the smallest / largest coordinate
///    over x AND y (TDANN's np.min / np.max of the whole position array, so the grid is square).
/// 2. At each anchor, the Gaussian-weighted average of the t-map, Σ w_u t_u / Σ w_u with
///    w_u = exp(−|p_u − anchor|² / 2σ²), σ = 2.4 mm, over EVERY unit (np.average with gaussian_2d weights;
///    the 1/(2πσ²) factor cancels). Computed exactly as a separable product, Gy · diag(t) · Gxᵀ.
/// 3. Pixels whose value is ≥ the threshold (2) and > 0 form the mask; 8-connected components are labelled.
/// 4. A unit belongs to a component when its distance to one of the component's anchors is < 1 mm; components
///    with fewer than 3 units are dropped.
/// 5. Each remaining component is a candidate patch: its alpha-shape area (alpha_shape.hpp, α = 0.1) must lie
///    in [100, 4500] mm² and it must have ≥ 10 units.
///
/// Differences from TDANN, on purpose:
/// - Geometry. TDANN stores anchor (row r, col c) at image row −r (row 0 stays, rows 1..99 are reversed), then
///   maps image row i / column j back to sheet coordinates as y = i/G · ptp(x), x = j/G · ptp(y) after a
///   flipud: extents swapped, no offset for the sheet minimum, a step of ptp/G instead of (hi − lo)/(G − 1),
///   and one row wrapped around. For a square sheet starting at 0 this shifts every patch by about one grid
///   step (~0.7 mm on a 70 mm sheet) and moves the y = lo row to the top. Here every pixel is the anchor it
///   was computed at.
/// - Units whose t is NaN are left out of the weighted averages (TDANN's np.average would turn the whole
///   map into NaN and find no patch). An anchor whose weights all underflow to 0 (more than ~90 mm from
///   every unit) is NaN and never part of a patch (TDANN raises ZeroDivisionError).
/// - Components are numbered in raster order of the grid (y rows from lo up, x columns from lo right).

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/progress.hpp"

namespace topospike::analysis {

struct PatchParams {
    double threshold = 2.0;       ///< t threshold on the smoothed map (TDANN find_patches threshold=2)
    int gridSize = 100;           ///< anchors per side (TDANN n_anchors = 100)
    double sigma = 2.4;           ///< Gaussian σ in mm (TDANN gaussian_2d sigma=2.4)
    double unitRadius = 1.0;      ///< a unit joins a component within this distance (mm, strict <)
    int minComponentUnits = 3;    ///< components with fewer units are dropped (TDANN: < 3)
    double hullAlpha = 0.1;       ///< alpha of the concave hull (TDANN Patch hull_alpha = 0.1)
    double minArea = 100.0;       ///< mm² (TDANN minimum_size = 100)
    double maxArea = 4500.0;      ///< mm² (TDANN maximum_size = 4500)
    int minUnits = 10;            ///< TDANN min_count = 10

    /// Throws std::invalid_argument for values that make no sense (non-positive sizes, grid < 2, ...).
    void validate() const;
};

/// The smoothed maps on the anchor grid.
struct SmoothedGrid {
    int size = 0;                      ///< G
    std::vector<double> anchors;       ///< G anchor coordinates, shared by x and y
    /// One G × G map per input map, row-major [row = y index][col = x index]; NaN where no weight.
    std::vector<std::vector<double>> maps;
};

/// Step 1–2 for several maps at once (one pass over the units). `xy` is N × 2 row-major (mm); each map has
/// N values. Throws std::invalid_argument for mismatched sizes, no units, or positions spanning no area.
SmoothedGrid smoothOnGrid(std::span<const double> xy, std::span<const std::vector<double>> maps,
                          const PatchParams& params = {}, const CancelToken* cancel = nullptr);

struct Patch {
    std::vector<std::int64_t> units;  ///< unit indices, ascending
    double area = 0.0;                ///< alpha-shape area, mm²
    double centroidX = 0.0, centroidY = 0.0;  ///< alpha-shape centroid, mm
    std::int64_t pixels = 0;          ///< anchors in the component
    std::int32_t component = 0;       ///< component number (1-based, raster order)
};

struct PatchResult {
    std::vector<Patch> patches;        ///< the kept patches, in component order
    /// Per unit: index into `patches` of the first kept patch holding it, or -1. (A unit within 1 mm of two
    /// components may belong to both patches; `patches[i].units` lists it in each.)
    std::vector<std::int32_t> unitPatch;
    std::int64_t components = 0;       ///< connected components in the thresholded map
    std::int64_t candidates = 0;       ///< components with ≥ minComponentUnits units
    PatchParams params;
};

/// Steps 3–5 on one smoothed map (`grid` = the map of `smoothed` at index `map`).
PatchResult findPatches(std::span<const double> xy, const SmoothedGrid& smoothed, std::size_t map,
                        const PatchParams& params = {});

/// Steps 1–5 for one t-map.
PatchResult findPatches(std::span<const double> xy, std::span<const double> t, const PatchParams& params = {});

}  // namespace topospike::analysis
