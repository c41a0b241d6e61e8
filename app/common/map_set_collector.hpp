#pragma once
// What a map set keeps of one layer while the stimuli stream through the network (internal to the map-set code):
// per image the per-unit spike count over T as uint8, and the entropy accumulator's counts; for ANN runs the
// per-unit activation (mean over T) as float instead, and no entropy.

#include <cstdint>
#include <optional>
#include <vector>

#include "topospike/analysis/entropy.hpp"
#include "topospike/analysis/responses.hpp"
#include "topospike/model/architecture.hpp"
#include "topospike/run/layer_record.hpp"

namespace topospike::app {

class LayerCollector {
public:
    /// `spiking`: the run's neurons spike (LIF/IF); false for ANN runs.
    LayerCollector(model::LayerShape shape, int T, std::int64_t images, bool spiking);

    const model::LayerShape& shape() const noexcept { return shape_; }
    bool spiking() const noexcept { return spiking_; }

    /// Stores the next image's record of this layer (images arrive in order). Throws std::logic_error for a
    /// record of another shape or more images than announced.
    void add(const run::LayerRecord& record);
    std::int64_t added() const noexcept { return added_; }

    /// R[image, unit]: firing rates (spike count / T, as `analyze --recording` reads a recording) or activations.
    analysis::ResponseMatrix responses() const;
    /// The layer's spike entropy over every image added (spiking runs only; nullopt for ANN runs).
    std::optional<analysis::LayerEntropy> entropy() const;

private:
    model::LayerShape shape_;
    int T_ = 1;
    std::int64_t images_ = 0, added_ = 0;
    bool spiking_ = true;
    std::vector<std::uint8_t> counts_;  ///< images × units, spike counts over T (saturating at 255)
    std::vector<float> values_;         ///< images × units, ANN activations
    std::optional<analysis::EntropyAccumulator> entropy_;
};

}  // namespace topospike::app
