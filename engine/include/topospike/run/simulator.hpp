#pragma once
/// @file simulator.hpp
/// Running stimuli through a Network on oneTBB: layer-major, all T timesteps of a layer at once, neurons fused into
/// the conv epilogues, dense or event-driven convs chosen per call from the measured input density.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "topospike/error.hpp"
#include "topospike/progress.hpp"
#include "topospike/model/network.hpp"
#include "topospike/model/neuron.hpp"
#include "topospike/run/layer_record.hpp"
#include "topospike/stimuli/image.hpp"

namespace topospike::run {

using topospike::Cancelled;
using topospike::CancelToken;

enum class Schedule {
    Auto,        // latency for one stimulus, throughput for several
    Throughput,  // stimuli in parallel, one per worker
    Latency,     // one stimulus at a time, parallel inside each layer
};
enum class KernelPolicy { Auto, Dense, Event };

struct UnitRef {
    std::string population;  // a recorded layer ("layer2.0") or population ("layer2.0.sn1")
    std::int64_t unit = 0;   // c·H·W + h·W + w
};

struct RunOptions {
    int T = 4;                                // timesteps, 1..64 (ANN runs use 1)
    model::NeuronSettings neuron;
    int threads = 0;                          // 0: all cores
    Schedule schedule = Schedule::Auto;
    KernelPolicy kernels = KernelPolicy::Auto;
    double eventThreshold = 0.4;              // Auto: event-driven below this input density (for 64 input
                                              // channels; x1.125 at 128, x1.25 at 256, x1.375 at 512)
    bool recordPopulations = false;           // also record every neuron population by SpikingJelly name
    bool recordMembrane = false;              // store H of every recorded layer / population
    std::vector<UnitRef> traces;              // membrane traces of chosen units
    bool timings = false;                     // per-layer timings in ImageResult::timings
    /// Throughput schedule: stimuli of one size run together, stacked along the time axis, so each layer's
    /// weights are read once for all of them (same spikes as one at a time). 0: chosen from the layer sizes.
    int stack = 0;
    /// Throws std::invalid_argument naming the bad option.
    void validate() const;
};

/// Called after each finished stimulus with (done, total); from worker threads, serialised.
using ProgressFn = std::function<void(int done, int total)>;
/// Receives each finished stimulus (index, result), in index order; from worker threads, serialised.
using ResultSink = std::function<void(int index, ImageResult&& result)>;

/// The instruction set the kernels use on this CPU ("avx512", "avx2" or "baseline"; TOPOSPIKE_ISA lowers it).
std::string activeInstructionSet();

class Simulator {
public:
    Simulator(std::shared_ptr<const model::Network> network, RunOptions options);
    const RunOptions& options() const noexcept { return options_; }
    const model::Network& network() const noexcept { return *network_; }
    int effectiveT() const noexcept;

    /// One stimulus ([C, H, W] normalised). Throws Cancelled, std::invalid_argument for a mismatched image.
    ImageResult run(const stimuli::InputImage& image, const CancelToken* cancel = nullptr) const;
    /// Many stimuli; results in input order. On cancel throws Cancelled and returns nothing.
    std::vector<ImageResult> run(std::span<const stimuli::InputImage> images, const ProgressFn& progress = {},
                                 const CancelToken* cancel = nullptr) const;
    /// Many stimuli streamed to a sink in index order, so recordings need not fit in memory. On cancel the sink
    /// has received only complete stimuli, and Cancelled is thrown.
    void stream(std::span<const stimuli::InputImage> images, const ResultSink& sink, const ProgressFn& progress = {},
                const CancelToken* cancel = nullptr) const;

    /// Rough peak memory of running `stimuli` stimuli of height x width stacked, on `concurrent` workers at once.
    double estimateBytes(int height, int width, int stimuli = 1, int concurrent = 1) const;

private:
    /// Throws std::invalid_argument when estimateBytes exceeds 80 % of the machine's memory.
    void checkMemory(int height, int width, int stimuli, int concurrent) const;

    std::shared_ptr<const model::Network> network_;
    RunOptions options_;
};

}  // namespace topospike::run
