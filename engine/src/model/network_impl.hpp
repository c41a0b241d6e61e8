#pragma once
// The built network: folded, packed convolutions in execution order.

#include <optional>
#include <string>
#include <vector>

#include "kernels/conv.hpp"
#include "topospike/model/network.hpp"

namespace topospike::model {

struct ResidualBlock {
    std::string name;  // "layer1.0"
    std::vector<kernels::PackedConv> convs;  // conv1, conv2 (, conv3 for Bottleneck), BN folded
    std::optional<kernels::PackedConv> downsample;
};

struct Network::Impl {
    Architecture arch;
    kernels::PackedConv stem;
    std::vector<ResidualBlock> blocks;
    std::vector<float> fcWeight;  // [classes][features]
    std::vector<float> fcBias;
    int features = 0;
};

}  // namespace topospike::model
