#pragma once
/// @file bn_calibration.hpp
/// Calibrates the batch norms of a plain spiking ResNet so that every neuron population fires at a chosen rate
/// on a stimulus set — what makes a network with random weights behave like a trained spiking network (trained
/// SResNets fire roughly 5–20 % of neuron-steps).
///
/// Method, population by population in network order (each one sees the already calibrated layers before it):
/// 1. run the network on the stimuli and record the population's spikes S and membrane charge H;
/// 2. recover each neuron's input X_t exactly from the LIF update (decay_input, hard reset):
///    H_t = V_{t-1} + (X_t − (V_{t-1} − v_reset))/tau  ⇒  X_t = tau·(H_t − V_{t-1}) + V_{t-1} − v_reset,
///    with V_{t-1} = v_reset after a spike (and at t = 0), H_{t-1} otherwise;
/// 3. per channel, bisect the shift δ of X (all T steps) that makes the simulated LIF fire at the target rate on a
///    seeded sample of (stimulus, position) sequences, and add δ to that channel's BN bias — a BN bias shifts X by
///    exactly δ, whether or not a residual is added before the neuron.
/// Each population's target is targetRate × a seeded log-uniform factor in [0.6, 1.5], so layers differ as in
/// trained networks.

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "topospike/model/neuron.hpp"
#include "topospike/progress.hpp"
#include "topospike/stimuli/image.hpp"
#include "topospike/tensor_map.hpp"

namespace topospike::demo {

struct CalibrationOptions {
    double targetRate = 0.1;        ///< mean firing probability per neuron-step
    int T = 4;
    model::NeuronSettings neuron;   ///< LIF with decay_input and a hard reset (SpikingJelly's defaults)
    int samplesPerChannel = 4096;   ///< (stimulus, position) sequences per channel used for the bisection
    std::uint64_t seed = 0;
    int threads = 0;                ///< 0: all cores
};

struct CalibrationReport {
    /// Per population, in network order: the target and the rate measured after calibration.
    std::vector<std::string> populations;
    std::vector<double> targets;
    std::vector<double> rates;
};

/// Calibrates `tensors` (a torchvision/SpikingJelly ResNet state_dict with plain spiking blocks) in place.
/// Throws ModelError for a network this method does not cover (SEW blocks, non-LIF or soft-reset neurons),
/// Cancelled (tensors then partly calibrated: pass a copy if that matters).
CalibrationReport calibrateBatchNorm(TensorMap& tensors, std::span<const stimuli::InputImage> stimuli,
                                     const CalibrationOptions& options, const StepProgressFn& progress = {},
                                     const CancelToken* cancel = nullptr);

/// Measured firing rate of every population (network order) on `stimuli`.
std::vector<std::pair<std::string, double>> populationRates(const TensorMap& tensors,
                                                            std::span<const stimuli::InputImage> stimuli,
                                                            const CalibrationOptions& options,
                                                            const CancelToken* cancel = nullptr);

}  // namespace topospike::demo
