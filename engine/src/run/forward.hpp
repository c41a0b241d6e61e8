#pragma once
// One stimulus through the network, layer-major (internal to run/).

#include "topospike/run/simulator.hpp"

namespace topospike::run::detail {

/// Runs one stimulus. `parallel` splits each layer over the current oneTBB arena (latency mode).
/// Checks `cancel` between layers and throws Cancelled.
ImageResult forward(const model::Network& network, const RunOptions& options, const stimuli::InputImage& image,
                    bool parallel, const CancelToken* cancel);

}  // namespace topospike::run::detail
