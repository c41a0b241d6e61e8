#pragma once
/// @file v1_analysis.hpp
/// Every V1 analysis of one layer in one call (what `topospike-cli analyze v1` reports): tuning curves with
/// TDANN's normalisation, orientation / SF / colour preferences, the 75th-percentile peak-to-peak masks, preference
/// histograms and the three smoothness analyses (tdsnn-reference §5.1, §5.2, §9).
///
/// Smoothness per metric (TDANN's Fig. 2 quantification): units are drawn from that metric's mask; the values are
/// the metric's own preference — orientation in degrees with the 180° wrap, SF and colour as argmax indices with
/// absolute differences (index units; for colour the mean difference is the fraction of pairs preferring different
/// colours). `publishedFig2Variant` reproduces TDANN's published notebook instead, which (by omission of the
/// metric argument) measured *orientation* differences for all three rows, drawing from the SF and colour masks.
/// Metric m (0 orientation, 1 SF, 2 colour) samples with seed `smoothness.seed + m`.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "topospike/analysis/grating_labels.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/analysis/smoothness.hpp"
#include "topospike/analysis/tuning.hpp"
#include "topospike/analysis/v1_preferences.hpp"
#include "topospike/progress.hpp"

namespace topospike::analysis {

struct V1Params {
    OrientationMethod orientationMethod = OrientationMethod::VectorSum;  ///< TDSNN's; TDANN fits von Mises
    NormalizationParams normalization;  ///< TDANN's Ringach normalisation, on by default
    double percentile = 75.0;           ///< peak-to-peak mask percentile (TDANN: 75)
    SmoothnessParams smoothness;        ///< TDANN V1: 20 samples x 1000 units, 3.29983 mm, 9 bins
    bool publishedFig2Variant = false;  ///< orientation differences for all three metrics (see the file comment)
};

/// Counts of preferences, over all units and over the metric's mask.
struct PreferenceHistograms {
    std::vector<double> orientationEdgesDeg;  ///< 0, 22.5, …, 180: 8 bins, 180 counted with 0
    std::vector<std::int64_t> orientationAll, orientationMasked;
    std::vector<std::int64_t> sfAll, sfMasked;        ///< per SF level
    std::vector<std::int64_t> colorAll, colorMasked;  ///< per colour level
};

struct V1Analysis {
    std::int64_t images = 0, units = 0;
    TuningResult tuning;
    OrientationPreferences orientation;
    std::vector<std::int32_t> sfPreference;  ///< index into tuning.sf.levels
    std::vector<double> sfPreferenceCpd;      ///< the preferred level / 8 (cycles per degree)
    std::vector<std::int32_t> colorPreference;  ///< index into tuning.color.levels (0 b/w, 1 colour for 0/1 labels)
    PercentileMask orientationMask, sfMask, colorMask;
    PreferenceHistograms histograms;
    SmoothnessResult orientationSmoothness, sfSmoothness, colorSmoothness;
    V1Params params;
    std::string note;  ///< remarks (normalisation skipped, failed fits, tiny masks); empty when none
};

/// Runs everything. `coordinates` is units × 2 (x, y mm). `progress` gets (stage, 6) after each of: tuning,
/// orientation, SF/colour preferences and masks, and the three smoothness metrics. Throws std::invalid_argument
/// (mismatched sizes, empty input, non-finite responses), FileError (labels for a different number of images),
/// Cancelled.
V1Analysis analyzeV1(const ResponseMatrix& responses, const GratingLabels& labels,
                     std::span<const double> coordinates, const V1Params& params = {},
                     const StepProgressFn& progress = {}, const CancelToken* cancel = nullptr);

}  // namespace topospike::analysis
