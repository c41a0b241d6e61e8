#include "common/map_set_collector.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace topospike::app {

LayerCollector::LayerCollector(model::LayerShape shape, int T, std::int64_t images, bool spiking)
    : shape_(std::move(shape)), T_(T), images_(images), spiking_(spiking) {
    const auto n = static_cast<std::size_t>(images * shape_.units());
    if (spiking_) {
        counts_.assign(n, 0);
        entropy_.emplace(T, shape_.units(), std::vector<std::int64_t>{shape_.channels, shape_.height, shape_.width});
    } else {
        values_.assign(n, 0.0f);
    }
}

void LayerCollector::add(const run::LayerRecord& record) {
    const std::int64_t units = shape_.units(), image = added_;
    if (record.units() != units || record.timesteps() != T_ || image >= images_)
        throw std::logic_error("map set: layer " + shape_.name + " recorded " + std::to_string(record.units()) +
                               " units x " + std::to_string(record.timesteps()) + " steps, expected " +
                               std::to_string(units) + " x " + std::to_string(T_));
    if (!spiking_) {
        const std::vector<float> sums = record.counts();
        float* out = values_.data() + image * units;
        for (std::int64_t u = 0; u < units; ++u) out[u] = sums[static_cast<std::size_t>(u)] / static_cast<float>(T_);
        ++added_;
        return;
    }
    const std::vector<std::uint8_t> spikes = record.toUint8();  // [T][units]
    std::uint8_t* out = counts_.data() + image * units;
    for (int t = 0; t < T_; ++t) {
        const std::uint8_t* s = spikes.data() + static_cast<std::int64_t>(t) * units;
        for (std::int64_t u = 0; u < units; ++u)
            out[u] = static_cast<std::uint8_t>(std::min(255, out[u] + s[u]));
    }
    entropy_->add(spikes);
    ++added_;
}

analysis::ResponseMatrix LayerCollector::responses() const {
    analysis::ResponseMatrix r(images_, shape_.units());
    r.unitDims = {shape_.channels, shape_.height, shape_.width};
    r.source = shape_.name;
    if (!spiking_) {
        r.values = values_;
        return r;
    }
    for (std::size_t i = 0; i < counts_.size(); ++i)
        r.values[i] = static_cast<float>(counts_[i]) / static_cast<float>(T_);
    return r;
}

std::optional<analysis::LayerEntropy> LayerCollector::entropy() const {
    if (!entropy_ || entropy_->images() == 0) return std::nullopt;
    return entropy_->finish();
}

}  // namespace topospike::app
