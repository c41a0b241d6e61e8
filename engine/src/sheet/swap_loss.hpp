#pragma once
// Internal: TDANN's swap loss within one neighborhood, decided in O(Q) per step (the derivation is in
// topospike/sheet/swap_optimizer.hpp), and TDANN's neighborhood loss for the before/after evaluation.

#include <cstdint>
#include <span>
#include <vector>

namespace topospike::sheet::detail {

class SwapLoss {
public:
    /// `corr`: Q × Q correlations (kept by pointer, unchanged); `pos`: Q × 2 positions (read once). The other
    /// arguments are reused storage.
    SwapLoss(const double* corr, const double* pos, std::int64_t q, std::vector<double>& recip,
             std::vector<unsigned char>& corrConstant, std::vector<unsigned char>& recipConstant);

    /// True when swapping the positions of i and j lowers TDANN's pair loss strictly, or when the loss is
    /// undefined (a constant correlation or reciprocal-distance vector), where TDANN keeps the swap.
    bool swapLowersLoss(std::int64_t i, std::int64_t j) const noexcept;
    /// Σ_{k ∉ {i,j}} (corr[i,k] − corr[j,k])·(B[j,k] − B[i,k]): how much Σ a·b grows if i and j swap.
    double crossTermGain(std::int64_t i, std::int64_t j) const noexcept;
    /// Swaps the positions of i and j: rows and columns i, j of B.
    void swap(std::int64_t i, std::int64_t j) noexcept;

private:
    const double* corr_;
    std::int64_t q_;
    double* b_;
    unsigned char* corrConstant_;   // row of corr has all entries equal
    unsigned char* recipConstant_;  // row of B has all entries equal (all 1: every position at one point)
};

/// TDANN's loss of one neighborhood (losses_numpy.spatial_loss_wrapper with pearson_scl):
/// (1 − pearson(lower-triangle correlations, 1/(pairwise distance + 1)))/2. `corr` is the Q × Q correlation
/// matrix of the units at `locs` (indices into `locations`, N × 2). NaN when Q < 3 or either vector is constant.
double neighborhoodLoss(const std::vector<double>& corr, std::span<const double> locations,
                        std::span<const std::int64_t> locs);

}  // namespace topospike::sheet::detail
