#include "demo/demo_positions.hpp"

#include "topospike/model/architecture.hpp"
#include "topospike/sheet/retinotopic.hpp"
#include "topospike/sheet/swap_optimizer.hpp"

namespace topospike::demo {

io::PositionSet demoPositions(const std::vector<analysis::ResponseMatrix>& responses, const DemoOptions& options,
                              std::vector<DemoLayerSummary>& summaries, const StepProgressFn& progress,
                              const CancelToken* cancel) {
    std::vector<model::LayerShape> shapes;
    for (const auto& r : responses) {
        model::LayerShape s;
        s.name = r.source;
        s.channels = static_cast<int>(r.unitDims.at(0));
        s.height = static_cast<int>(r.unitDims.at(1));
        s.width = static_cast<int>(r.unitDims.at(2));
        shapes.push_back(s);
    }
    io::PositionSet set = sheet::initNetworkPositions(shapes, options.seed);
    summaries.clear();
    const auto layers = static_cast<std::int64_t>(responses.size());
    for (std::size_t i = 0; i < responses.size(); ++i) {
        io::LayerPositions& layer = set.layers.at(i);
        if (options.swapStepsPerLayer < 500 || layer.neighborhoodWidth <= 0.0) {
            layer.source = std::string(kDemoLabel) + "; " + layer.source;
            continue;
        }
        sheet::SwapParams p;
        // Layers 3 and 4 sit in V2/V4/VTC sheets whose neighborhoods hold up to 500 units (each step costs more
        // and their random-weight responses carry little spatial structure to find): a twentieth of the budget.
        const bool deep = layer.name.rfind("layer3", 0) == 0 || layer.name.rfind("layer4", 0) == 0;
        p.steps = deep ? options.swapStepsPerLayer / 20 : options.swapStepsPerLayer;
        if (p.steps < p.stepsPerNeighborhood) {
            layer.source = std::string(kDemoLabel) + "; " + layer.source;
            continue;
        }
        p.seed = options.seed + i;
        p.threads = options.threads;
        const auto share = [&](std::int64_t done, std::int64_t total) {
            if (progress) progress(static_cast<std::int64_t>(i) * 1000 + (total ? 1000 * done / total : 1000), layers * 1000);
        };
        sheet::SwapResult r = sheet::swapOptimize(responses[i], layer, p, share, cancel);
        DemoLayerSummary s;
        s.layer = layer.name;
        s.attempted = r.attemptedSwaps;
        s.accepted = r.acceptedSwaps;
        s.lossBefore = r.lossBefore;
        s.lossAfter = r.lossAfter;
        s.seconds = r.seconds;
        summaries.push_back(s);
        layer = std::move(r.positions);
        layer.source = std::string(kDemoLabel) + "; retinotopic initialisation (seed " + std::to_string(options.seed) +
                       "), swap-optimised on its responses to TDANN's 640 sine gratings (" +
                       std::to_string(s.attempted) + " attempted swaps)";
    }
    set.format = "topospike-demo";
    set.note = std::string("positions of the ") + kDemoLabel;
    return set;
}

}  // namespace topospike::demo
