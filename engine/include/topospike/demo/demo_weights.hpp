#pragma once
/// @file demo_weights.hpp
/// Seeded random weights for the built-in demonstration network: a torchvision-layout ResNet-18 (SpikingJelly's
/// spiking_resnet18 uses the same parameter names). Convolutions are Kaiming-normal (fan-out, ReLU gain, as
/// torchvision initialises them), the classifier uniform in ±1/sqrt(512), batch norms identity (weight 1,
/// bias 0, running mean 0, running variance 1) until calibrated. UNTRAINED: it classifies nothing.

#include <cstdint>

#include "topospike/tensor_map.hpp"

namespace topospike::demo {

/// ResNet-18 state_dict with `classes` outputs (conv1.weight, bn1.*, layer1.0.conv1.weight, …, fc.bias),
/// deterministic from `seed` (topospike::Rng).
TensorMap resnet18Weights(std::uint64_t seed, int classes = 1000);

}  // namespace topospike::demo
