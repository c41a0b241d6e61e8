#pragma once
/// @file tmap.hpp
/// Category-selectivity t-maps (tdsnn-reference §5.5; TDANN spacetorch utils/array_utils.tstat).
///
/// For each unit, with the "on" images of a contrast and its "off" images:
///     t = (m_on − m_off) / sqrt(s_on² / n_on + s_off² / n_off)
/// - m, s: NaN-skipping mean and standard deviation with ddof = 0 (np.nanmean / np.nanstd);
/// - n_on, n_off: the NUMBER OF IMAGES on each side, NaN or not (TDANN's `len(features_on)`);
/// - t = 0 where the denominator is exactly 0 (both sides constant), even if the means differ (TDANN's rule);
/// - t is NaN where a side has no finite value for the unit (the mean is then NaN), as in TDANN.
/// Everything is computed in float64 from the float32 responses (TDANN computed in float32; float64 moves t by
/// up to ~6e-5 on real data, tdsnn-reference §9).
///
/// Method: per unit and category, the count, mean (first pass) and sum of squared deviations about the
/// category mean (second pass); categories are merged into the on / off groups with Chan et al.'s exact
/// pairwise update M2 = Σ M2_k + Σ n_k (m_k − m)². This equals NumPy's two-pass nanvar to float rounding
/// and is as stable (no sum-of-squares cancellation). Parallel over unit blocks (oneTBB).

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/analysis/categories.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/progress.hpp"

namespace topospike::analysis {

/// TDANN's t statistic of one unit from its on and off responses (reference implementation for tests and
/// small data; see the file comment for NaN and zero-variance rules).
double tStatistic(std::span<const double> on, std::span<const double> off);

/// Per-category statistics of every unit: count of finite values, NaN-skipping mean, and the sum of squared
/// deviations about that mean. Arrays are [category][unit] row-major.
struct CategoryStats {
    std::int64_t categories = 0, units = 0;
    std::vector<std::int64_t> images;   ///< images per category (NaN or not): TDANN's n
    std::vector<double> count;          ///< finite values per (category, unit)
    std::vector<double> mean;           ///< NaN where count is 0
    std::vector<double> m2;             ///< Σ (x − mean)², 0 where count is 0
};

/// Computes CategoryStats over the images labelled with a category (label -1 images are skipped).
/// `responses.images` must equal `labels.images()`; throws std::invalid_argument otherwise.
CategoryStats categoryStats(const ResponseMatrix& responses, const ImageLabels& labels,
                            const CancelToken* cancel = nullptr);

/// The t-map of one resolved contrast from the category statistics: one double per unit.
std::vector<double> tMap(const CategoryStats& stats, const ResolvedContrast& contrast);

/// The t-maps of several contrasts: [contrast][unit]. Throws std::invalid_argument if the responses and labels
/// disagree on the number of images.
std::vector<std::vector<double>> tMaps(const ResponseMatrix& responses, const ImageLabels& labels,
                                       std::span<const ResolvedContrast> contrasts,
                                       const CancelToken* cancel = nullptr);

/// Each unit's NaN-skipping mean response over the labelled images (label -1 images skipped), from the
/// category statistics: xarray's `.mean("image_idx")` that TDANN's category smoothness thresholds.
std::vector<double> meanResponse(const CategoryStats& stats);

}  // namespace topospike::analysis
