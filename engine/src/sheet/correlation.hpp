#pragma once
// Internal: Pearson correlation matrices of small sets of units, for the swap optimiser and its loss.
//
// The responses are copied once unit-major (float, as given) with each unit's mean and 1/‖x − mean‖ in double.
// A set of Q units is gathered into standardised double columns z_u = (x_u − mean_u)/‖x_u − mean_u‖ and
// corr[k][l] = Σ_p z_k[p]·z_l[p], accumulated in image order (fused multiply-adds on AVX2 and AVX-512). Every entry
// is computed the same way whatever the blocking or thread count, and identically on AVX2 and AVX-512 CPUs, so
// results are reproducible bit for bit; only the baseline build for CPUs without AVX2/FMA rounds differently.
// Units whose responses are all equal or not all finite get z = 0: they correlate 0 with every unit,
// themselves included — NumPy's corrcoef gives NaN there, which TDANN sets to 0.

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/analysis/responses.hpp"

namespace topospike::sheet::detail {

class StandardisedResponses {
public:
    /// Copies `r` unit-major and computes the per-unit statistics (in parallel).
    explicit StandardisedResponses(const analysis::ResponseMatrix& r);

    std::int64_t images() const noexcept { return images_; }
    std::int64_t units() const noexcept { return units_; }
    /// False for units whose responses are all equal or not all finite.
    bool varies(std::int64_t unit) const noexcept { return invNorm_[static_cast<std::size_t>(unit)] != 0.0; }

    /// Writes the Q × Q correlation matrix of `units` (row-major, symmetric, Q = units.size()) into `corr`.
    /// `scratch` and `acc` are reused storage, resized as needed. With `parallel`, row ranges run as TBB tasks
    /// (same result).
    void correlations(std::span<const std::int64_t> units, std::vector<double>& corr, std::vector<double>& scratch,
                      std::vector<double>& acc, bool parallel) const;

private:
    std::int64_t images_ = 0, units_ = 0;
    std::vector<float> byUnit_;     // units × images
    std::vector<double> mean_, invNorm_;
    std::vector<float> zeros_;      // one row of zeros, read for padding and units that do not vary
};

/// The lower triangle of Zᵀ Z for Z given transposed: zt is n × stride (row p holds z_0[p] … z_{Q−1}[p], zero
/// padded to `stride`, a multiple of 16). Rows [rowBegin, rowEnd) (rowBegin a multiple of 4) are written to
/// acc[i·stride + j] for j <= i (entries past the diagonal within a register block are written too; `acc` must
/// hold (rowEnd rounded up to 4) × stride values). Runs the AVX-512, AVX2 (the same bits) or baseline build.
void lowerTriangleRows(const double* zt, std::int64_t n, std::int64_t stride, std::int64_t rowBegin, std::int64_t rowEnd,
                       double* acc);

}  // namespace topospike::sheet::detail
