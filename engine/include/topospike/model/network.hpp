#pragma once
/// @file network.hpp
/// A spiking ResNet ready to run: weights with BN folded and packed for the kernels at load.

#include <memory>
#include <string>
#include <vector>

#include "topospike/io/checkpoint.hpp"
#include "topospike/model/architecture.hpp"

namespace topospike::model {

/// One neuron population of the network, named by its SpikingJelly module path ("sn1" is the stem neuron,
/// "layer1.0.sn1", "layer1.0.sn2", "layer1.0.downsample_sn", ...). Block outputs are the recorded layers.
struct Population {
    std::string name;
    int channels = 0;
};

class Network {
public:
    /// Builds from a state_dict; the architecture is detected (options) and every tensor checked.
    /// Throws ModelError when the tensors do not form a network.
    static std::shared_ptr<const Network> build(const TensorMap& tensors, const DetectOptions& options = {});
    static std::shared_ptr<const Network> build(const io::Checkpoint& checkpoint, DetectOptions options = {});

    const Architecture& architecture() const noexcept;
    /// Recorded layers ("stem", "layer1.0", …) for an input of height × width.
    std::vector<LayerShape> recordedLayers(int height, int width) const;
    /// Smallest square input every layer has at least one unit for.
    int minimumInputSize() const noexcept;
    /// Every neuron population in network order.
    std::vector<Population> populations() const;

    struct Impl;
    const Impl& impl() const noexcept { return *impl_; }
    ~Network();

private:
    Network();
    std::unique_ptr<Impl> impl_;
};

}  // namespace topospike::model
