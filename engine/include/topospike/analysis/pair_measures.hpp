#pragma once
/// @file pair_measures.hpp
/// Pairwise unit measures written as scaled inner products, so one GEMM gives every pair of a window:
///
///     value(i, j) = scale_i · scale_j · ⟨left_i, right_j⟩, clamped to [clampLo, clampHi].
///
/// - Pearson correlation of responses over stimuli (TDANN's `np.corrcoef(features.T)`): left = right = the
///   centred responses divided by their norm; a unit with zero variance gets scale NaN, so every pair with it is
///   NaN (dropped by the distance curves, as TDANN drops NaN correlations); clamped to [−1, 1] like NumPy.
/// - rCCG (synchrony.hpp): left = spikes, right = spikes filtered by the lag window, scale = 1/sqrt(ACG), 0 for
///   a unit with ACG = 0 (so its pairs are 0), diagonal 1.
/// The measure must be symmetric (value(i, j) = value(j, i)); only i > j is evaluated for pair lists.

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "topospike/analysis/responses.hpp"
#include "topospike/analysis/statistics.hpp"  // pearson

namespace topospike::analysis {

struct PairFeatures {
    Eigen::MatrixXd left;   ///< n × k, one row per unit
    Eigen::MatrixXd right;  ///< n × k; empty means "same as left"
    /// Alternative single-precision storage, used instead of left/right when leftF is non-empty: for integer
    /// data whose every inner product stays below 2^24 the float GEMM is exact and twice as fast (rCCG).
    Eigen::MatrixXf leftF, rightF;
    Eigen::VectorXd scale;  ///< n
    double clampLo = -std::numeric_limits<double>::infinity();
    double clampHi = std::numeric_limits<double>::infinity();
    std::optional<double> diagonal;  ///< value(i, i) when set (else computed)

    std::int64_t units() const noexcept { return leftF.size() ? leftF.rows() : left.rows(); }
};

/// Builds the features of a set of units (indices into the analysed layer).
using PairFeatureFn = std::function<PairFeatures(std::span<const std::int64_t> units)>;

/// Pearson correlation over stimuli of responses R[:, units] (see the file comment). Computed in double.
PairFeatures correlationFeatures(const ResponseMatrix& responses, std::span<const std::int64_t> units);

/// Pearson correlation over the rows of `x` (rows = observations, columns = variables), as np.corrcoef(x.T).
PairFeatures correlationFeatures(const Eigen::MatrixXd& observations);

/// The full n × n matrix of a measure (for small sets: clusters, a window's raster).
Eigen::MatrixXd pairMatrix(const PairFeatures& features);

/// Calls `sink(i, j, value)` for every pair i > j, computing `blockRows` rows at a time (one GEMM per block) so
/// memory stays O(blockRows · n) for any window size.
void forEachPair(const PairFeatures& features, const std::function<void(std::int64_t i, std::int64_t j, double v)>& sink,
                 std::int64_t blockRows = 64);

}  // namespace topospike::analysis
