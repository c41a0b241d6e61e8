#pragma once
// Internal: the demo's positions — TDANN retinotopic initialisation per topographic layer, then the swap
// optimisation on the layer's grating responses.

#include <vector>

#include "topospike/analysis/responses.hpp"
#include "topospike/demo/demo_network.hpp"

namespace topospike::demo {

/// `responses[i]` are layer i's firing rates to the 640 gratings (unitDims C,H,W, source = layer name).
/// Progress per-mille over the layers. Fills `summaries`.
io::PositionSet demoPositions(const std::vector<analysis::ResponseMatrix>& responses, const DemoOptions& options,
                              std::vector<DemoLayerSummary>& summaries, const StepProgressFn& progress,
                              const CancelToken* cancel);

}  // namespace topospike::demo
