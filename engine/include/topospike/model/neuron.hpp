#pragma once
/// @file neuron.hpp
/// Neuron settings of a network run: SpikingJelly's LIFNode / IFNode, or ReLU for topographic ANNs.

#include <optional>
#include <string>
#include <string_view>

namespace topospike::model {

enum class NeuronModel { Lif, If, Ann };
std::string_view neuronModelName(NeuronModel m) noexcept;  // "lif", "if", "ann"
std::optional<NeuronModel> parseNeuronModel(std::string_view s) noexcept;

/// Defaults are SpikingJelly's LIFNode defaults. Inference fires when H >= vThreshold (Heaviside with >=).
struct NeuronSettings {
    NeuronModel model = NeuronModel::Lif;
    double tau = 2.0;                    // LIF membrane time constant, > 1
    double vThreshold = 1.0;
    std::optional<double> vReset = 0.0;  // nullopt: soft reset (V = H − S·v_threshold)
    bool decayInput = true;              // SpikingJelly decay_input
    /// Throws std::invalid_argument for tau <= 1, non-finite values, or a reset at or above the threshold.
    void validate() const;
    /// "LIF tau=2 v_th=1 v_reset=0 decay_input"
    std::string describe() const;
};

}  // namespace topospike::model
