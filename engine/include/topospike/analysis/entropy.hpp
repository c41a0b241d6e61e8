#pragma once
/// @file entropy.hpp
/// Spike-train entropy of a layer (TDSNN Fig. 1 left; reference §5.9), and the shift ΔH between two networks.
///
/// The paper says only that "entropy is derived from the neurons' firing probabilities". TopoSpike computes:
/// - per unit u: p_u = (1 / (N_img·T)) Σ_img Σ_t S_u(t), the firing probability per timestep, and its binary
///   entropy H_u = −p log2 p − (1 − p) log2(1 − p) in bits (0·log 0 = 0, so silent and always-firing units have
///   H = 0; p = 0.5 gives 1 bit);
/// - layer entropy H = mean over units of H_u (the recommended reading of the paper, reference §5.9);
/// - per timestep t: p_u(t) = mean over images of S_u(t), H_u(t), and the layer mean H(t);
/// - population variant: the entropy (bits) of the distribution of the layer's spike count k = Σ_u S_u(t) over
///   the N_img·T image-timesteps (and over the N_img images at each t). Binning: by default every count value
///   0…units is its own bin (the plug-in entropy of the exact counts, at most log2(N_img·T) bits); with
///   `populationBins` = B > 0, B equal-width bins over [0, units], count k in bin min(B − 1, ⌊k·B/units⌋).
/// Spike counts above 1 (SEW-ADD outputs) are clipped to "fired" or refused (spike_counts.hpp).

#include <cstdint>
#include <span>
#include <vector>

#include "topospike/analysis/responses.hpp"
#include "topospike/analysis/spike_counts.hpp"
#include "topospike/progress.hpp"

namespace topospike::analysis {

struct EntropyParams {
    SpikeCountPolicy counts = SpikeCountPolicy::ClipToBinary;
    /// Population-count bins: 0 = one bin per count value (default), else that many equal-width bins.
    std::int64_t populationBins = 0;
};

/// Entropy of one layer's spikes. All entropies in bits.
struct LayerEntropy {
    EntropyParams params;
    std::int64_t images = 0, timesteps = 0, units = 0;
    std::vector<std::int64_t> unitDims;     ///< C, H, W of the spike tensor
    std::vector<double> unitProbability;    ///< p_u, units
    std::vector<double> unitEntropy;        ///< H_u, units
    double mean = 0.0;                      ///< mean over units of H_u
    std::vector<double> unitEntropyPerTimestep;  ///< H_u(t), T × units row-major
    std::vector<double> perTimestep;        ///< H(t) = mean over units of H_u(t), T
    std::vector<double> probabilityPerTimestep;  ///< mean over units of p_u(t), T: the fraction of units firing at t
    double meanFiringProbability = 0.0;     ///< mean over units of p_u
    double population = 0.0;                ///< entropy of the layer spike count over all image-timesteps
    std::vector<double> populationPerTimestep;  ///< entropy of the layer spike count over images, per t
    std::int64_t clippedEntries = 0;        ///< entries above 1 that were counted as 1
};

/// Binary entropy in bits of a probability p ∈ [0, 1] (0 at p = 0 and p = 1).
double binaryEntropy(double p) noexcept;

/// Computes every entropy above in one pass over the tensor (parallel over unit blocks). Throws
/// std::invalid_argument for an inconsistent tensor or refused counts; Cancelled through `cancel`.
LayerEntropy spikeEntropy(const SpikeTensor& spikes, const EntropyParams& params = {},
                          const CancelToken* cancel = nullptr);

/// spikeEntropy() image by image, for spikes that never sit in memory together (a streamed run): add() the images'
/// [T × units] spikes one or several at a time, in order; finish() gives exactly what spikeEntropy() gives on the
/// stacked tensor (same sums, same order). Holds the firing count over images per (t, unit) and the layer spike
/// count per (image, t): 4·T·units + 8·images·T bytes. Not thread-safe.
class EntropyAccumulator {
public:
    /// Throws std::invalid_argument for timesteps or units < 1 or populationBins < 0.
    EntropyAccumulator(std::int64_t timesteps, std::int64_t units, std::vector<std::int64_t> unitDims = {},
                       const EntropyParams& params = {});
    /// Adds k >= 1 images: spikes.size() = k·T·units, images then timesteps then units (row-major). Throws
    /// std::invalid_argument (nothing added) for another size or, under SpikeCountPolicy::Refuse, for counts
    /// above 1; Cancelled through `cancel`, after which the accumulator holds part of the images: discard it.
    void add(std::span<const std::uint8_t> spikes, const CancelToken* cancel = nullptr);
    std::int64_t images() const noexcept { return images_; }
    std::int64_t timesteps() const noexcept { return timesteps_; }
    std::int64_t units() const noexcept { return units_; }
    /// The entropies of every image added so far. Throws std::invalid_argument when none was added.
    LayerEntropy finish() const;

private:
    EntropyParams params_;
    std::int64_t timesteps_ = 0, units_ = 0, images_ = 0, clipped_ = 0;
    std::vector<std::int64_t> unitDims_;
    std::vector<std::uint32_t> fired_;     ///< T × units: images in which unit u fired at t
    std::vector<std::int64_t> rowCounts_;  ///< images × T: units that fired
};

/// ΔH = H_a − H_b between two recordings of a layer (Fig. 1: H_topo − H_non-topo).
struct EntropyShift {
    double mean = 0.0;                   ///< a.mean − b.mean
    std::vector<double> perTimestep;     ///< a.perTimestep[t] − b.perTimestep[t] for t < min(T_a, T_b)
    double population = 0.0;             ///< a.population − b.population
    bool sameTimesteps = true;           ///< false when T_a ≠ T_b (perTimestep then covers the shorter run)
};

EntropyShift entropyShift(const LayerEntropy& a, const LayerEntropy& b);

}  // namespace topospike::analysis
