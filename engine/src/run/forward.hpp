#pragma once
// One stimulus through the network, layer-major (internal to run/).

#include "topospike/run/simulator.hpp"

namespace topospike::run::detail {

/// Runs stimuli of one size together, stacked along the time axis (each from the reset state; the same spikes as
/// one at a time, with each layer's weights read once for all of them). `parallel` splits each layer over the
/// current oneTBB arena (latency mode). Checks `cancel` between layers and throws Cancelled.
std::vector<ImageResult> forward(const model::Network& network, const RunOptions& options,
                                 std::span<const stimuli::InputImage> images, bool parallel, const CancelToken* cancel);

}  // namespace topospike::run::detail
