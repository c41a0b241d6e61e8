#pragma once
/// @file v1_preferences.hpp
/// Per-unit V1 preferences from tuning curves, and TDANN's peak-to-peak unit masks (tdsnn-reference §5.1, §9).
///
/// - Orientation, vector sum (TDSNN's method, Bosking 1997; the default): z = Σ_k TC(θ_k)·e^{2iθ_k},
///   preference = (arg z / 2) mod 180° in [0, 180), selectivity = |z| / Σ_k TC(θ_k) = 1 − circular variance
///   (TDANN's `circular_variance` uses the same sum). A unit whose curve sums to 0 (never responds) has
///   selectivity NaN, as in TDANN, and preference 0 (arg 0 = 0).
/// - Orientation, von Mises (TDANN's V1Map default): see von_mises.hpp; selectivity is still the vector-sum one.
/// - Spatial frequency and colour: the index of the largest tuning-curve entry (first one on ties, numpy's argmax);
///   SF is also given in cycles/degree (level / 8, TDANN's DVA_PER_IMAGE).
/// - Mask per metric: units whose tuning-curve peak-to-peak is strictly greater than its `percentile`-th
///   percentile over all units (scipy.stats.scoreatpercentile, linear interpolation), TDANN's
///   `set_unit_mask_by_ptp_percentile(metric, 75)`. Units with flat curves (e.g. silent ones) never pass.

#include <cstdint>
#include <vector>

#include "topospike/analysis/tuning.hpp"
#include "topospike/progress.hpp"

namespace topospike::analysis {

enum class OrientationMethod { VectorSum, VonMises };
/// "vector-sum" / "von-mises".
const char* orientationMethodName(OrientationMethod method) noexcept;

struct OrientationPreferences {
    OrientationMethod method = OrientationMethod::VectorSum;
    std::vector<double> preferenceDeg;  ///< [0, 180) for the vector sum; the 50-point grid (0…180) for von Mises
    std::vector<double> selectivity;    ///< 1 − circular variance; NaN where the curve sums to 0
    std::int64_t failedFits = 0;        ///< von Mises fits that did not converge (argmax of the data used instead)
};

/// Vector-sum preferences and selectivities of every unit (levels in degrees).
OrientationPreferences vectorSumPreferences(const TuningCurves& orientation);

/// Von Mises preferences (parallel over units; `progress` (units done, units); `cancel` checked in between),
/// with vector-sum selectivities.
OrientationPreferences vonMisesPreferences(const TuningCurves& orientation, const StepProgressFn& progress = {},
                                           const CancelToken* cancel = nullptr);

/// Index of each unit's largest tuning-curve entry (first on ties).
std::vector<std::int32_t> argmaxPreferences(const TuningCurves& curves);

struct PercentileMask {
    std::vector<std::uint8_t> mask;   ///< 1 where the unit passes
    std::vector<double> peakToPeak;   ///< per unit
    double percentile = 75.0;
    double cutoff = 0.0;              ///< the percentile of peakToPeak; units pass when ptp > cutoff
    std::int64_t count = 0;           ///< units passing
    /// Indices of the passing units, ascending.
    std::vector<std::int64_t> indices() const;
};

/// TDANN's mask over a metric's tuning curves (percentile in [0, 100], default TDANN's 75).
PercentileMask peakToPeakMask(const TuningCurves& curves, double percentile = 75.0);

}  // namespace topospike::analysis
