#pragma once
/// @file spike_counts.hpp
/// What the temporal analyses do with spike counts above 1.
///
/// Plain spiking layers emit 0/1 per timestep. SEW-ResNet "ADD" connections sum two spike trains, so a
/// recorded block output can hold 2 (or more). Entropy and the CCG are defined for binary "fired / silent"
/// events: by default a count above 1 is clipped to 1 ("fired"), and the number of clipped entries is
/// reported with the result; SpikeCountPolicy::Refuse turns such input away instead.

#include <cstdint>

#include "topospike/analysis/responses.hpp"

namespace topospike::analysis {

enum class SpikeCountPolicy {
    ClipToBinary,  ///< count > 1 → 1 ("the unit fired at t"); default
    Refuse,        ///< throw std::invalid_argument naming the tensor
};

/// Checks `spikes` is consistent (values.size() = images·T·units, all extents > 0) and applies `policy`:
/// returns the number of entries above 1 (clipping is done by the analyses as they read). Throws
/// std::invalid_argument for an inconsistent tensor, or for counts above 1 under Refuse.
std::int64_t checkSpikeCounts(const SpikeTensor& spikes, SpikeCountPolicy policy);

}  // namespace topospike::analysis
