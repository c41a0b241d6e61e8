#pragma once
/// @file stc_loss.hpp
/// TDSNN's spatio-temporal correlation (STC) losses as a diagnostic of a trained layer (reference §3,
/// Eqs. 3–7). For a cluster of units with pair distances dist_ij (mm):
/// - d_ij = 1 / (dist_ij + 1) (TDANN's inverse distance, `losses_torch.py`);
/// - long timescale: r_ij = Pearson over the B trials (images) of the firing rates S̄_i^b = (1/T) Σ_t S_i^b(t);
///   L_L = ½ (1 − Pearson(r, d)) over the N(N−1)/2 pairs. A unit with constant rates has undefined r: those
///   r are set to 0, as TDANN's swap optimisation does (§2.4);
/// - short timescale: L_S = ½ (1 − Pearson(rCCG, d)) with rCCG from synchrony.hpp (same W);
/// - a loss is NaN when the pair vectors are constant (e.g. all units silent).
/// Clusters (the paper: M = 10 per layer, "confined to fixed-size square regions"): by default M random squares
/// of side = the layer's neighborhood width (or `width`), placed as TDANN places neighborhoods
/// (sheet_windows.hpp randomSquare); a square with fewer than `minUnits` units is redrawn, one with more than
/// `maxUnits` keeps a random subset (TDANN's swap optimiser caps windows at 500). Alternatively M distinct
/// rows of the layer's stored neighborhoods. Everything random comes from `seed`.

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/analysis/responses.hpp"
#include "topospike/analysis/synchrony.hpp"
#include "topospike/io/positions.hpp"
#include "topospike/progress.hpp"

namespace topospike::analysis {

enum class ClusterSource {
    RandomSquares,         ///< M squares of side `width` (default)
    StoredNeighborhoods,   ///< M distinct rows of LayerPositions::neighborhoodIndices
};

struct StcParams {
    std::int64_t clusters = 10;   ///< M (reference §3: M = 10)
    double width = 0.0;           ///< square side, mm; 0 = the layer's neighborhoodWidth
    std::int64_t minUnits = 10;   ///< squares with fewer units are redrawn (up to 1000 draws per cluster)
    std::int64_t maxUnits = 500;  ///< larger squares keep a random subset of this size
    ClusterSource source = ClusterSource::RandomSquares;
    CcgParams ccg;                ///< W and the spike-count policy for L_S
    std::uint64_t seed = 0;
};

struct StcCluster {
    std::vector<std::int64_t> units;  ///< ascending
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;  ///< the square (NaN for stored neighborhoods)
    double longLoss = 0.0;   ///< L_L
    double shortLoss = 0.0;  ///< L_S
};

struct StcResult {
    StcParams params;
    double width = 0.0;                   ///< the square side used, mm
    std::int64_t maxLag = 0;              ///< W used
    std::vector<StcCluster> clusters;
    double meanLong = 0.0, meanShort = 0.0;   ///< mean over clusters with a finite loss (NaN if none)
    std::int64_t validLong = 0, validShort = 0;
};

/// ½(1 − Pearson(values, 1/(distances + 1))) over pairs (NaN when undefined).
double spatialAlignmentLoss(std::span<const double> pairValues, std::span<const double> pairDistances);

/// L_L and L_S of one cluster (`units`: indices into the layer; `coordinates` N × 2 mm). Returns {L_L, L_S}.
std::pair<double, double> stcClusterLosses(const SpikeTensor& spikes, std::span<const double> coordinates,
                                           std::span<const std::int64_t> units, const CcgParams& ccg = {});

/// Draws the clusters and computes both losses for each (see the file comment). Throws std::invalid_argument
/// when positions and spikes disagree, no width is known, or no square reaches minUnits.
StcResult stcLosses(const SpikeTensor& spikes, const io::LayerPositions& positions, const StcParams& params = {},
                    const CancelToken* cancel = nullptr);

}  // namespace topospike::analysis
