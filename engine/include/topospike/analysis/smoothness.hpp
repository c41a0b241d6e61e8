#pragma once
/// @file smoothness.hpp
/// How much a per-unit value (a preference, a selectivity) changes with cortical distance, and TDANN's
/// "smoothness" summary of it (tdsnn-reference §5.2, §5.6, §9; spacetorch `V1Map.metric_difference_over_distance`,
/// `ITMap.category_smoothness`, `spatial_utils.agg_by_distance` and `spatial_utils.smoothness`). Generic: the V1
/// analyses (orientation, SF, colour) and the IT category smoothness both use it.
///
/// One *sample*:
/// 1. draw `unitsPerSample` distinct units at random from `pool` (all of them, in draw order, if the pool is
///    smaller — TDANN would raise instead); with `keepAfterDraw`, then keep only the drawn units whose flag is set
///    (TDANN's IT analysis draws from all units and keeps those with mean response > 0.5);
/// 2. every unordered pair of the kept units once (TDANN's lower triangle without the diagonal: no self-pairs, no
///    pair twice): the difference |v_i − v_j| (Orientation180: d ≥ 90 → 180 − d) and the Euclidean distance;
/// 3. keep pairs with distance ≤ maxDistance and average the differences in bins [e_k, e_{k+1}) over
///    e = linspace(0, maxDistance, binEdges) (lower edge inclusive, so a pair exactly at maxDistance falls in no
///    bin); NaN differences are skipped (nanmean); an empty bin is NaN.
/// The *chance* curves are the same with the pair distances shuffled, drawn from fresh samples: V1 shuffles all
/// pair distances before the cutoff (V1Map), the IT analysis shuffles the kept distances after it
/// (ITMap.category_smoothness); `shuffleAfterCutoff` picks the IT order.
///
/// Per curve, smoothnessScore() (TDANN's `smoothness`); the result's `smoothness` is the NaN-mean over samples.
/// Randomness: sample s uses Rng(seed).stream(2s), chance sample s Rng(seed).stream(2s + 1), so results depend only
/// on the seed, not on the thread count. Bin means are accumulated with compensated (Neumaier) summation; NumPy
/// sums pairwise in distance order, so the two agree to about 1e-15 relative, not bit for bit.

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/progress.hpp"
#include "topospike/random.hpp"

namespace topospike::analysis {

enum class Difference {
    Absolute,        ///< |a − b| (SF index, colour index, t-values)
    Orientation180,  ///< d = |a − b| in degrees, d ≥ 90 → 180 − d
};

struct SmoothnessParams {
    int samples = 20;            ///< TDANN V1: 20 (IT: 25)
    int unitsPerSample = 1000;   ///< TDANN V1: 1000 (IT: 500)
    /// Largest pair distance in mm. TDANN V1: from the hypercolumn width 3.5 mm, 3.29983 mm (IT: 60 mm).
    double maxDistance = maxDistanceForHypercolumn(3.5);
    int binEdges = 10;           ///< number of bin edges, linspace(0, maxDistance, binEdges): 9 bins
    std::uint64_t seed = 0;
    int chanceShuffles = 20;     ///< chance samples (TDANN draws as many as real samples)
    bool shuffleAfterCutoff = false;  ///< false: V1's order (shuffle all distances, then cut); true: IT's order

    /// TDANN's distance range for a hypercolumn width w (mm): the analysis window is 4/3 · w wide and the
    /// largest distance is half its diagonal, sqrt(2 (4w/3)²) / 2.
    static double maxDistanceForHypercolumn(double hypercolumnWidth);
};

struct SmoothnessResult {
    std::vector<double> binEdges;   ///< binEdges values, mm
    std::vector<double> binMidpoints;  ///< bin centres, mm
    std::vector<double> meanCurve;     ///< NaN-mean over samples, per bin
    std::vector<double> chanceCurve;   ///< NaN-mean over chance samples, per bin
    /// NaN-mean of every chance value (all bins, all chance samples): TDANN divides curves by this for plotting.
    double chanceMean = 0.0;
    std::vector<double> normalizedMeanCurve;  ///< meanCurve / chanceMean
    std::vector<std::vector<double>> curves, chanceCurves;  ///< per sample, per bin
    std::vector<double> perSample;  ///< smoothnessScore of each sample's curve
    double smoothness = 0.0;        ///< NaN-mean of perSample (NaN if every sample is NaN)
    std::int64_t poolSize = 0;      ///< units available to draw from
    std::int64_t drawnPerSample = 0;  ///< min(unitsPerSample, poolSize)
    SmoothnessParams params;
};

/// numpy.linspace(0, maxDistance, count).
std::vector<double> distanceBinEdges(double maxDistance, int count);

/// TDANN's smoothness of one curve: cut at the first NaN; (max − first) / max; 1 if the rest is flat; NaN if the
/// first bin is NaN (TDANN would fail on the empty curve).
double smoothnessScore(std::span<const double> curve);

/// Step 2–3 for a given set of units (deterministic; what one sample computes). `coordinates` is N × 2 (x, y mm).
std::vector<double> differenceCurve(std::span<const double> values, std::span<const double> coordinates,
                                    std::span<const std::int64_t> units, Difference difference,
                                    std::span<const double> binEdges, double maxDistance);

/// The chance curve for a given set of units: as differenceCurve with the distances shuffled by `rng` (pairs in
/// lower-triangle order (1,0), (2,0), (2,1), (3,0), …; all distances, or only those ≤ maxDistance when
/// shuffleAfterCutoff).
std::vector<double> shuffledDifferenceCurve(std::span<const double> values, std::span<const double> coordinates,
                                            std::span<const std::int64_t> units, Difference difference,
                                            std::span<const double> binEdges, double maxDistance,
                                            bool shuffleAfterCutoff, Rng& rng);

/// The sampled analysis (see the file comment). `values` and `keepAfterDraw` (optional) have one entry per unit;
/// `pool` lists the units to draw from. Samples run in parallel. Throws std::invalid_argument for inconsistent
/// sizes or parameters (samples < 1, unitsPerSample < 2, binEdges < 2, maxDistance ≤ 0, pool index out of range).
SmoothnessResult differenceOverDistance(std::span<const double> values, std::span<const double> coordinates,
                                        std::span<const std::int64_t> pool, Difference difference,
                                        const SmoothnessParams& params,
                                        std::span<const std::uint8_t> keepAfterDraw = {},
                                        const CancelToken* cancel = nullptr);

}  // namespace topospike::analysis
