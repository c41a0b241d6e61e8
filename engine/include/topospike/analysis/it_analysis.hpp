#pragma once
/// @file it_analysis.hpp
/// Every IT analysis of one layer in one call (tdsnn-reference §5.5–§5.8): t-maps per contrast, category
/// smoothness, selectivity patches, and the overlap of the maps. The CLI (`analyze it`), the GUI and the
/// benchmarks call analyzeIt().

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "topospike/analysis/categories.hpp"
#include "topospike/analysis/category_smoothness.hpp"
#include "topospike/analysis/overlap.hpp"
#include "topospike/analysis/patches.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/analysis/smoothness.hpp"
#include "topospike/progress.hpp"

namespace topospike::analysis {

struct ItParams {
    /// The contrasts, in output order. Empty: itContrasts(labels, {}).
    std::vector<Contrast> contrasts;
    CategorySmoothnessParams smoothness;
    PatchParams patches;
    ColocalizationParams colocalization;
    bool computeSmoothness = true;
    bool computePatches = true;
    bool computeOverlap = true;
};

/// The contrasts to analyse by default: TDANN's five domain contrasts when every fLoc category is labelled,
/// followed by `user` (parsed contrasts). Throws std::invalid_argument if that leaves none (labels without the
/// fLoc categories and no user contrast) or two contrasts share a name (case-insensitive).
std::vector<Contrast> itContrasts(const ImageLabels& labels, std::vector<Contrast> user);

struct ContrastAnalysis {
    ResolvedContrast contrast;
    std::vector<double> t;            ///< per unit, float64
    std::int64_t nanUnits = 0;        ///< units whose t is NaN
    SmoothnessResult smoothness;      ///< empty unless computed
    PatchResult patches;              ///< empty unless computed
};

struct ItResult {
    std::vector<ContrastAnalysis> contrasts;
    std::vector<double> meanResponse;          ///< per unit, over the labelled (non-excluded) images
    std::int64_t unitsAboveMinResponse = 0;
    std::vector<double> correlation;           ///< overlap (A): C × C Pearson of the t-maps
    ColocalizationResult colocalization;       ///< overlap (B)
    std::int64_t units = 0, images = 0, imagesUsed = 0;
    ItParams params;                           ///< with the contrasts actually used
};

/// Runs the analyses. `coordinates` is N × 2 (mm) for the N units of `responses`; `labels` has one entry per
/// image. Progress counts steps (statistics, then per contrast smoothness and patches, then overlap).
/// Throws std::invalid_argument for mismatched sizes, unknown categories or bad parameters; Cancelled.
ItResult analyzeIt(const ResponseMatrix& responses, const ImageLabels& labels, std::span<const double> coordinates,
                   const ItParams& params = {}, const StepProgressFn& progress = {},
                   const CancelToken* cancel = nullptr);

}  // namespace topospike::analysis
