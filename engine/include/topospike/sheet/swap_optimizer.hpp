#pragma once
/// @file swap_optimizer.hpp
/// TDANN's swap pre-optimisation of a layer's positions (spacetorch `swapopt.swap_optimize_neighborhoods` with
/// `losses_numpy.pearson_scl`), the step the paper runs on an auxiliary SNN's firing rates to sine gratings.
///
/// Semantics (TDANN's):
/// - P = ceil(steps / stepsPerNeighborhood) neighborhoods are visited in turn. Neighborhood t is the square
///   [sx, sx + w] × [sy, sy + w] (inclusive) with sx uniform in [min x, max x − w) and sy likewise; w is the
///   layer's neighborhood width. Its units, ascending, are those inside the square.
/// - Fewer than minUnits (5) units: skipped. More than maxUnits (500): a random subset of maxUnits units,
///   ascending (TDANN crashes on windows of 500 or more units; exactly maxUnits are kept as they are).
/// - corr = the neighborhood's Pearson correlation matrix over images, NaN set to 0 (units with zero variance
///   — all responses equal — correlate 0 with everything, themselves included).
/// - stepsPerNeighborhood times: draw two distinct units i, j of the neighborhood; loss =
///   (1 − pearson(corr[[i,j], :].ravel(), 1/(cdist(pos[[i,j]], pos).ravel() + 1)))/2 before and after swapping
///   their positions; keep the swap only if the loss after is strictly lower. If either vector is constant the
///   Pearson correlation is undefined (NaN) and TDANN's comparison keeps the swap: so does this one.
/// - Afterwards the neighborhoods are recomputed (makeNeighborhoods, 20,000 windows, TDANN's trim).
///
/// Fast evaluation: swapping the positions of i and j permutes the distance rows — the new row of i is the
/// old row of j with entries i and j exchanged, and vice versa — so the sum and the sum of squares of the
/// reciprocal-distance vector do not change, nor does anything about the correlation vector. Only the cross
/// term Σ a·b changes, and the loss drops exactly when
///   Δ = Σ_{k ∉ {i,j}} (corr[i,k] − corr[j,k]) · (B[j,k] − B[i,k]) > 0,   B = 1/(dist + 1),
/// which costs O(Q) per step with B kept up to date by swapping its rows and columns i, j on acceptance.
/// Exact ties (Δ = 0, e.g. two units with identical responses) are rejected, as the loss does not drop.
///
/// Randomness: TDANN seeds NumPy with 424 and restarts the same sequence in every neighborhood; here, with the
/// user's seed s, the squares come from Rng(s) (sx then sy per neighborhood) and neighborhood t draws its
/// subset and its pairs (Rng::sample(Q, 2) per step) from Rng(s).stream(t). The evaluation squares come from
/// Rng(s).stream(2^63) and the recomputed neighborhoods from Rng(s).stream(2^63 + 1).
///
/// Parallelism: consecutive neighborhoods whose squares are disjoint (apart by more than w on some axis) touch
/// disjoint units and are run concurrently; a lone neighborhood computes its correlation matrix in parallel
/// blocks. Blocks and batches depend only on the geometry, so results are identical for any thread count. The
/// correlations are accumulated with fused multiply-adds in image order, identically on AVX2 and AVX-512 CPUs;
/// on CPUs without AVX2/FMA they can differ in the last bit, which may change a rare near-tie decision.
///
/// Memory: one more copy of the responses (float, unit-major) plus O(maxUnits²) per thread.

#include <cstdint>
#include <optional>

#include "topospike/analysis/responses.hpp"
#include "topospike/io/positions.hpp"
#include "topospike/progress.hpp"

namespace topospike::sheet {

/// Parameters of swapOptimize(); defaults are TDANN's (swapopt configs: num_steps 50,000,000,
/// steps_per_neighborhood 500; swap_optimize_neighborhoods: max_units_per_neighborhood 500).
struct SwapParams {
    std::int64_t steps = 50'000'000;         ///< total steps, shared among neighborhoods
    std::int64_t stepsPerNeighborhood = 500;  ///< swap attempts per neighborhood
    std::int64_t maxUnits = 500;              ///< larger neighborhoods are randomly subsampled to this
    std::int64_t minUnits = 5;                ///< smaller neighborhoods are skipped (TDANN: 5)
    std::optional<double> neighborhoodWidth;  ///< mm; default: the layer's neighborhood width
    std::uint64_t seed = 0;
    int threads = 0;                          ///< worker threads; 0 = all cores
    /// Squares (of the neighborhood width, at most maxUnits units) over which the loss before and after is
    /// averaged; 0 = skip the evaluation.
    std::int64_t lossNeighborhoods = 100;
    /// Windows drawn when recomputing the neighborhoods afterwards (TDANN 20,000).
    std::int64_t recomputedNeighborhoods = 20000;
};

/// What swapOptimize() did.
struct SwapResult {
    io::LayerPositions positions;        ///< optimised coordinates, recomputed neighborhoods
    std::int64_t attemptedSwaps = 0;     ///< steps run (visited neighborhoods × stepsPerNeighborhood)
    std::int64_t acceptedSwaps = 0;
    std::int64_t neighborhoodsTotal = 0; ///< ceil(steps / stepsPerNeighborhood)
    std::int64_t neighborhoodsVisited = 0;
    std::int64_t neighborhoodsSkipped = 0;    ///< fewer than minUnits units
    std::int64_t neighborhoodsSubsampled = 0; ///< more than maxUnits units
    /// Mean TDANN neighborhood loss (1 − pearson(lower-triangle correlations, 1/(distance + 1)))/2 over the
    /// evaluation squares, units of zero variance left out as TDANN's metrics do; squares with fewer than 3
    /// units are ignored. NaN when no square counts or lossNeighborhoods is 0.
    double lossBefore = 0.0;
    double lossAfter = 0.0;
    std::int64_t lossSquares = 0;         ///< evaluation squares that counted
    double neighborhoodWidth = 0.0;       ///< mm, the width used
    double seconds = 0.0;                 ///< wall time of the swap loop (without evaluation and recompute)
    double stepsPerSecond = 0.0;          ///< attemptedSwaps / seconds
    SwapParams params;
};

/// Runs TDANN's swap optimisation of `layer` with `responses` (images × the layer's units, unit order
/// u = c·H·W + h·W + w). `progress(done, total)` is called after each batch of neighborhoods on the calling
/// thread; `cancel` is checked between neighborhoods (throws Cancelled; nothing is modified — inputs are never
/// modified). Throws Error when the responses do not have the layer's unit count (or, when both have C, H, W
/// dims, different dims), there are fewer than 2
/// images, steps < stepsPerNeighborhood, stepsPerNeighborhood < 1, minUnits < 2, maxUnits < minUnits, or the
/// width is not positive or exceeds the sheet's range on either axis (TDANN's assertion).
SwapResult swapOptimize(const analysis::ResponseMatrix& responses, const io::LayerPositions& layer,
                        const SwapParams& params, const StepProgressFn& progress = {},
                        const CancelToken* cancel = nullptr);

}  // namespace topospike::sheet
