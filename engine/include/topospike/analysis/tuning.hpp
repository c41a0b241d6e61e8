#pragma once
/// @file tuning.hpp
/// Tuning curves of every unit to sine gratings, and TDANN's response normalisation
/// (tdsnn-reference §5.1, §9 "V1 analyses"; spacetorch `datasets/sine_gratings.py` SineResponses).
///
/// A tuning curve over a metric (orientation, spatial frequency or colour) has one entry per *level*, the sorted
/// distinct values of that label, and each entry is the mean response over every image with that value —
/// marginalised over the three other factors, as TDANN's `groupby(metric).mean()` does.
///
/// Normalisation (TDANN's default, `normalize_to_ringach_firing_rates=True`): if the smallest response is
/// negative, subtract it from every response; then multiply every response by
/// 33.3868 / median over units of (the unit's largest response), so that the median peak rate equals the median
/// `maxdc` of Ringach et al. (2002). Tuning curves are means, so they are normalised by applying the same affine
/// map to the raw curves (computed in double; TDANN works in float32, so values agree to float32 rounding).
/// The scale changes neither preferences, selectivities nor the percentile masks; the shift (only for negative
/// responses, e.g. ANN activations without ReLU) leaves preferences and masks unchanged but lowers the vector-sum
/// selectivity, as in TDANN. Absolute response thresholds are what the normalisation is for. If the median peak is 0 (more than half the units never
/// respond, common for spiking layers), TDANN would divide by zero; TopoSpike skips the scaling (scale 1) and says
/// so in TuningResult::note.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "topospike/analysis/grating_labels.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/progress.hpp"

namespace topospike::analysis {

enum class GratingMetric { Orientation, SpatialFrequency, Color };
/// "orientation", "sf", "color".
const char* metricName(GratingMetric metric) noexcept;

/// Median of Ringach et al. (2002)'s `maxdc` (peak firing rate over orientations, spikes/s, 308 macaque V1 cells),
/// the target of TDANN's normalisation, as the reference gives it (6 significant digits).
inline constexpr double kRingachMedianPeakRate = 33.3868;

struct NormalizationParams {
    bool enabled = true;                              ///< TDANN's V1 default
    double targetMedianPeak = kRingachMedianPeakRate;  ///< Ringach's median maxdc
};

/// The affine map response' = (response − shift) · scale that was applied.
struct Normalization {
    bool enabled = false;
    double shift = 0.0;          ///< the global minimum when it was negative, else 0
    double scale = 1.0;
    double medianPeak = 0.0;     ///< median over units of the per-unit maximum after the shift, before scaling
    NormalizationParams params;
    double apply(double raw) const noexcept { return (raw - shift) * scale; }
};

/// Tuning curves of all units over one metric: values[u · levels.size() + k] for level k (row-major units × levels).
struct TuningCurves {
    GratingMetric metric = GratingMetric::Orientation;
    std::vector<double> levels;  ///< sorted distinct label values (degrees, cycles/image, or 0/1)
    std::vector<std::int64_t> imagesPerLevel;
    std::int64_t units = 0;
    std::vector<double> values;

    std::size_t levelCount() const noexcept { return levels.size(); }
    const double* curve(std::int64_t unit) const noexcept { return values.data() + unit * static_cast<std::int64_t>(levels.size()); }
    /// Peak-to-peak (max − min) of each unit's curve (TDANN's `np.ptp`).
    std::vector<double> peakToPeak() const;
};

/// Everything computeTuning() produces.
struct TuningResult {
    TuningCurves orientation, sf, color;
    Normalization normalization;
    std::vector<double> meanResponse;  ///< per unit, over all images, normalised
    std::string note;                  ///< e.g. why the scaling was skipped; empty when nothing to say
};

/// Sorted distinct values of `labels` and each value's level index per image.
std::vector<double> distinctLevels(const std::vector<double>& labels, std::vector<int>* levelOfImage = nullptr);

/// Tuning curves over orientation, sf and colour for every unit, in one pass over R (parallel over blocks of
/// units, so results do not depend on the thread count), then normalised as described above.
/// Throws std::invalid_argument when labels and responses disagree in the number of images or R is empty.
/// `progress` gets (blocks done, blocks); `cancel` is checked between blocks.
TuningResult computeTuning(const ResponseMatrix& responses, const GratingLabels& labels,
                           const NormalizationParams& params = {}, const StepProgressFn& progress = {},
                           const CancelToken* cancel = nullptr);

}  // namespace topospike::analysis
