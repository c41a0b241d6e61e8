#pragma once
/// @file distance_curves.hpp
/// A pairwise measure against cortical distance, window by window (reference §5.3, TDSNN Fig. 3d, and the
/// rCCG-vs-distance view of §5.10): one routine, pairwiseOverDistance(), that the correlation curve and the
/// rCCG curve (synchrony.hpp) share.
///
/// Semantics (TDANN `TissueMap.correlation_over_distance_plot` + `spatial_utils.agg_by_distance`):
/// - for each window: every pair i > j of its units, the measure value and the Euclidean distance
///   (sqrt(dx² + dy²), as scipy's pdist); pairs whose value is NaN are dropped;
/// - bin edges: unless given, numpy.histogram_bin_edges(distances, 15) of the FIRST window's (NaN-dropped)
///   pair distances, i.e. linspace(min, max, 16) of that window, reused for every window (TopoSpike takes the
///   first window that has a valid pair, where TDANN would fail);
/// - a pair is in bin b when edges[b] ≤ d < edges[b+1] (the upper edge is exclusive for every bin, so the
///   first window's longest pair and pairs beyond the last edge fall outside all bins);
/// - per window and bin: the mean of the values (NaN for an empty bin);
/// - across windows: `mean` = the plain mean (NaN if any window's bin is NaN, as np.mean), `sem` = TDANN's
///   sem: nanstd (ddof 0) over windows / sqrt(number of windows); `nanMean` and `ci95` (half-width,
///   t(0.975, n−1)·sd(ddof 1)/sqrt(n) over the n windows with a value in the bin) for plots with 95% CIs as
///   TDSNN shows them;
/// - `centers` = edges[:-1] + (edges[1] − edges[0]) / 2, TDANN's x-axis ticks.
/// Pooled over all windows TopoSpike also reports the mean value of "near" pairs (d < nearMm) and "far" pairs
/// (d ≥ farMm).
///
/// Cost: one GEMM per 64-row block of a window (pair_measures.hpp), windows in parallel; memory O(64 · window units) per
/// thread besides the window's features.

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/analysis/pair_measures.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/analysis/sheet_windows.hpp"
#include "topospike/progress.hpp"

namespace topospike::analysis {

struct DistanceBinning {
    std::int64_t bins = 15;      ///< TDANN's num_line_bins (ignored when `edges` is given)
    std::vector<double> edges;   ///< explicit ascending edges (≥ 2), mm; empty = TDANN's first-window rule
    double nearMm = 0.5;         ///< pooled "near" pairs: d < nearMm (TopoSpike's choice)
    double farMm = 1.0;          ///< pooled "far" pairs: d ≥ farMm (TopoSpike's choice)
};

struct DistanceCurve {
    DistanceBinning binning;
    std::vector<double> edges;        ///< bins + 1, mm
    std::vector<double> centers;      ///< bins, mm
    std::int64_t windows = 0;
    std::vector<double> profiles;     ///< windows × bins, row-major: per-window bin means (NaN if empty)
    std::vector<double> mean;         ///< np.mean over windows (NaN if any window is NaN in that bin)
    std::vector<double> sem;          ///< TDANN's sem: nanstd(ddof 0) / sqrt(windows)
    std::vector<double> nanMean;      ///< mean over the windows with a value
    std::vector<double> ci95;         ///< half-width of the 95% t interval around nanMean (NaN with < 2 windows)
    std::vector<std::int64_t> windowsPerBin;  ///< windows with a value in the bin
    std::vector<std::int64_t> pairsPerBin;    ///< pairs counted in the bin over all windows
    std::int64_t pairs = 0;           ///< pairs with a value (NaN dropped), all windows
    std::int64_t nanPairs = 0;        ///< pairs dropped as NaN
    double nearMean = 0.0, farMean = 0.0;   ///< pooled means (NaN when no such pair)
    std::int64_t nearPairs = 0, farPairs = 0;
};

/// The generic routine (see the file comment). `coordinates` is N × 2 (x, y) mm of the layer's units;
/// `features(units)` builds the measure for one window. Throws std::invalid_argument for bad edges or no
/// window with a valid pair; Cancelled through `cancel`. `progress` counts windows.
DistanceCurve pairwiseOverDistance(std::span<const double> coordinates, const std::vector<SheetWindow>& windows,
                                   const PairFeatureFn& features, const DistanceBinning& binning = {},
                                   const CancelToken* cancel = nullptr, const StepProgressFn& progress = {});

/// Fig. 3d: Pearson correlation of responses over stimuli against distance, in TDANN's windows (width 1.5 mm,
/// ≤ 5000 units each). `coordinates` N × 2 mm, N = responses.units.
DistanceCurve correlationOverDistance(const ResponseMatrix& responses, std::span<const double> coordinates,
                                      const WindowParams& windows = {}, const DistanceBinning& binning = {},
                                      const CancelToken* cancel = nullptr, const StepProgressFn& progress = {});

}  // namespace topospike::analysis
