#pragma once
/// @file synchrony.hpp
/// Spike synchrony between units: cross-correlograms (CCG), their normalised form rCCG (TDSNN Eqs. 5–6,
/// reference §3) and rCCG against cortical distance (reference §5.10).
///
/// For units i, j of a layer, B trials (images) and T timesteps, with spikes S^b(t) ∈ {0, 1}:
/// - per lag τ: CCG_τ(i, j) = 1/(B·λ(τ)) · Σ_b Σ_t S_i^b(t)·S_j^b(t + τ), λ(τ) = T − |τ|, the sum over the
///   T − |τ| steps where t and t + τ both lie in [0, T) — so a positive τ means j fires after i;
/// - CCG(i, j) = Σ_{τ = −W..W} CCG_τ(i, j); ACG(i) = CCG(i, i);
/// - rCCG(i, j) = CCG(i, j) / sqrt(ACG(i)·ACG(j)), 0 when either ACG is 0, rCCG(i, i) = 1.
///   rCCG is 1 for identical trains and ≥ 0, but it is not bounded by 1 in general (ACG at lags ≠ 0 can be
///   smaller than the cross term), whatever the paper's "∈ [0, 1]" suggests; TopoSpike does not clip it.
/// Window W: the paper's appendix is unread; a summary gives "τ = T/2 − 1 or T/2", i.e. W = 1 or 2 at T = 4.
/// TopoSpike's default is W = max(1, ⌊T/2⌋ − 1), at most T − 1 (T = 4 → 1); `maxLag` overrides it.
///
/// Computation: Σ_τ w_τ Σ_t S_i(t)S_j(t+τ) = S_i·(I_B ⊗ K)·S_jᵀ with the T × T band matrix
/// K[t][t'] = 1/(B·(T − |t' − t|)) for |t' − t| ≤ W, so all pairs of a set of units are one GEMM of the
/// [units × B·T] spike matrix with its lag-filtered copy (pair_measures.hpp). For rCCG the lag weights are
/// scaled to integers (rCCG is unchanged by a common factor), so the products are integer counts that a float
/// GEMM computes exactly as long as they stay below 2^24 (B·T·Σ weights: up to ~380,000 images at T = 4, W = 1);
/// beyond that, double precision.

#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "topospike/analysis/distance_curves.hpp"
#include "topospike/analysis/pair_measures.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/analysis/sheet_windows.hpp"
#include "topospike/analysis/spike_counts.hpp"

namespace topospike::analysis {

struct CcgParams {
    /// W; −1 = defaultMaxLag(T). Must be in [0, T − 1].
    std::int64_t maxLag = -1;
    SpikeCountPolicy counts = SpikeCountPolicy::ClipToBinary;
};

/// max(1, ⌊T/2⌋ − 1), at most T − 1 (0 for T = 1).
std::int64_t defaultMaxLag(std::int64_t timesteps) noexcept;

/// The W `params` resolves to for `timesteps`; throws std::invalid_argument when out of [0, T − 1].
std::int64_t resolveMaxLag(const CcgParams& params, std::int64_t timesteps);

/// rCCG of `units` as a pair measure (value = rCCG, diagonal 1). Counts above 1 are clipped to 1 (the caller
/// applies the Refuse policy with checkSpikeCounts first). Throws std::invalid_argument for a bad lag or unit.
PairFeatures rccgFeatures(const SpikeTensor& spikes, std::span<const std::int64_t> units, const CcgParams& params = {});

/// Raw CCG(i, j) of `units` (n × n, symmetric; the diagonal is the ACG).
Eigen::MatrixXd ccgMatrix(const SpikeTensor& spikes, std::span<const std::int64_t> units, const CcgParams& params = {});

/// rCCG(i, j) of `units` (n × n, diagonal 1).
Eigen::MatrixXd rccgMatrix(const SpikeTensor& spikes, std::span<const std::int64_t> units, const CcgParams& params = {});

/// The correlogram of one pair: CCG_τ(i, j) for τ = −W…W (2W + 1 values).
std::vector<double> ccgByLag(const SpikeTensor& spikes, std::int64_t i, std::int64_t j, std::int64_t maxLag);

/// rCCG against distance in TDANN's windows (distance_curves.hpp with rCCG as the measure).
/// `coordinates` N × 2 mm, N = spikes.units. Applies params.counts (Refuse throws before any work).
DistanceCurve rccgOverDistance(const SpikeTensor& spikes, std::span<const double> coordinates,
                               const WindowParams& windows = {}, const DistanceBinning& binning = {},
                               const CcgParams& params = {}, const CancelToken* cancel = nullptr,
                               const StepProgressFn& progress = {});

}  // namespace topospike::analysis
