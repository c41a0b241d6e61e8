#pragma once
/// @file overlap.hpp
/// How much two category maps overlap (tdsnn-reference §5.8; the paper's face–body and character–place
/// "overlap" is not defined precisely, so both candidate definitions are offered).
///
/// (A) Map correlation, the default: Pearson's r between two contrasts' t-maps across units — TDANN's model
///     RSM entry (spacetorch analyses/rsa.py get_model_rsm: units with a NaN t in ANY contrast are dropped,
///     then np.corrcoef; TDANN blanks the diagonal for display, here it is 1).
/// (B) Co-localisation, TDANN-v2 (spacetorchv2 analyses/vtc_patch_colocalization.py): the sheet is tiled into
///     7 mm windows; windows with more than 5 units are kept; in each, the fraction of units with t > thr for
///     each map; ρ = Spearman correlation of the two fraction vectors across windows; score = 1 − (1 − ρ)/2
///     (0.5: unrelated, 1: identical ranking, 0: opposite). Computed for thr ∈ {2, 3, 4, 6, 8, 10, 12}.

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/analysis/statistics.hpp"  // pearson

namespace topospike::analysis {

/// Spearman's ρ: Pearson of the ranks, ties given their average rank (scipy.stats.spearmanr).
double spearman(std::span<const double> a, std::span<const double> b);

/// (A) for every pair of maps: a C × C row-major matrix of Pearson r over the units where no map is NaN.
/// Throws std::invalid_argument if the maps differ in length.
std::vector<double> mapCorrelation(std::span<const std::vector<double>> maps);

/// One square window of the sheet and the units inside it (limits inclusive).
struct ColocalizationWindow {
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    std::vector<std::int64_t> units;
};

/// The TDANN-v2 co-localisation tiling (its get_adjacent_windows with default arguments; sheet_windows.hpp has
/// the TDANN-v1 tiling with unit limits and edge buffers used by the distance curves): per axis
/// n = floor(ptp / width) window starts at linspace(min, max − width, n); x-major order; a unit is in a
/// window when x0 ≤ x ≤ x0 + width and y0 ≤ y ≤ y0 + width (neighbouring windows may share edge units);
/// windows with fewer than 2 units are left out. `xy` is N × 2 row-major.
std::vector<ColocalizationWindow> colocalizationWindows(std::span<const double> xy, double width);

struct ColocalizationParams {
    double windowWidth = 7.0;          ///< mm (TDANN-v2 width=7)
    std::int64_t minWindowUnits = 6;   ///< windows need more than 5 units (TDANN-v2)
    std::vector<double> thresholds{2, 3, 4, 6, 8, 10, 12};  ///< t thresholds (TDANN-v2 _t)
};

struct ColocalizationResult {
    ColocalizationParams params;
    std::int64_t windows = 0;          ///< windows used
    /// scores[k]: a C × C row-major matrix of 1 − (1 − ρ)/2 at thresholds[k] (NaN where ρ is undefined:
    /// a constant fraction vector or fewer than 2 windows).
    std::vector<std::vector<double>> scores;
    /// fractions[k][m]: per window, the fraction of units of map m with t > thresholds[k].
    std::vector<std::vector<std::vector<double>>> fractions;
};

/// (B) for every pair of maps. Throws std::invalid_argument for mismatched sizes or a non-positive width.
ColocalizationResult colocalization(std::span<const double> xy, std::span<const std::vector<double>> maps,
                                    const ColocalizationParams& params = {});

}  // namespace topospike::analysis
