#include "topospike/demo/bn_calibration.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "topospike/error.hpp"
#include "topospike/model/network.hpp"
#include "topospike/random.hpp"
#include "topospike/run/simulator.hpp"

namespace topospike::demo {
namespace {

// "sn1" -> "bn1", "layer2.0.sn2" -> "layer2.0.bn2"; empty for populations without a batch norm of their own.
std::string batchNormOf(const std::string& population) {
    const auto dot = population.rfind('.');
    const std::string last = dot == std::string::npos ? population : population.substr(dot + 1);
    if (last != "sn1" && last != "sn2") return {};
    return population.substr(0, population.size() - last.size()) + "bn" + last.substr(2);
}

run::RunOptions runOptions(const CalibrationOptions& o, bool membrane) {
    run::RunOptions r;
    r.T = o.T;
    r.neuron = o.neuron;
    r.threads = o.threads;
    r.recordPopulations = true;
    r.recordMembrane = membrane;
    return r;
}

// Input sequences X[c][sample][t] of one population, gathered while the network streams.
struct Sequences {
    int channels = 0, T = 0, perStimulus = 0;
    std::vector<std::vector<float>> x;  // per channel: samples × T
};

float simulatedRate(const std::vector<float>& seq, int T, float delta, const model::NeuronSettings& n) {
    const float tau = static_cast<float>(n.tau), vth = static_cast<float>(n.vThreshold);
    const float vr = static_cast<float>(*n.vReset);
    std::size_t spikes = 0;
    const std::size_t count = seq.size() / static_cast<std::size_t>(T);
    for (std::size_t s = 0; s < count; ++s) {
        float v = vr;
        for (int t = 0; t < T; ++t) {
            const float h = v + (seq[s * T + t] + delta - (v - vr)) / tau;
            if (h >= vth) {
                ++spikes;
                v = vr;
            } else {
                v = h;
            }
        }
    }
    return count ? static_cast<float>(spikes) / static_cast<float>(count * T) : 0.0f;
}

float bisectShift(const std::vector<float>& seq, int T, double target, const model::NeuronSettings& n) {
    if (seq.empty()) return 0.0f;
    float lo = -64.0f, hi = 64.0f;
    for (int it = 0; it < 40; ++it) {
        const float mid = 0.5f * (lo + hi);
        if (simulatedRate(seq, T, mid, n) < target) lo = mid;
        else hi = mid;
    }
    return 0.5f * (lo + hi);
}

}  // namespace

std::vector<std::pair<std::string, double>> populationRates(const TensorMap& tensors,
                                                            std::span<const stimuli::InputImage> stimuli,
                                                            const CalibrationOptions& options,
                                                            const CancelToken* cancel) {
    auto network = model::Network::build(tensors);
    run::Simulator sim(network, runOptions(options, false));
    std::vector<std::pair<std::string, double>> rates;
    for (const auto& p : network->populations()) rates.emplace_back(p.name, 0.0);
    std::vector<double> neurons(rates.size(), 0.0);
    sim.stream(stimuli, [&](int, run::ImageResult&& result) {
        for (std::size_t i = 0; i < rates.size(); ++i) {
            const run::LayerRecord* rec = result.find(rates[i].first);
            if (!rec) continue;
            const auto frac = rec->activeFraction();
            for (double f : frac) rates[i].second += f;
            neurons[i] += static_cast<double>(frac.size());
        }
    }, {}, cancel);
    for (std::size_t i = 0; i < rates.size(); ++i)
        if (neurons[i] > 0) rates[i].second /= neurons[i];
    return rates;
}

CalibrationReport calibrateBatchNorm(TensorMap& tensors, std::span<const stimuli::InputImage> stimuli,
                                     const CalibrationOptions& options, const StepProgressFn& progress,
                                     const CancelToken* cancel) {
    const auto& n = options.neuron;
    n.validate();
    if (n.model != model::NeuronModel::Lif || !n.vReset || !n.decayInput)
        throw ModelError("batch-norm calibration needs LIF neurons with decay_input and a hard reset");
    if (stimuli.empty()) throw std::invalid_argument("batch-norm calibration needs at least one stimulus");

    std::vector<std::string> populations;
    for (const auto& p : model::Network::build(tensors)->populations()) {
        if (batchNormOf(p.name).empty() || !tensors.find(batchNormOf(p.name) + ".bias"))
            throw ModelError("batch-norm calibration covers plain spiking ResNets; population '" + p.name +
                             "' has no batch norm of its own");
        populations.push_back(p.name);
    }
    Rng targetRng(options.seed);
    CalibrationReport report;
    for (const auto& p : populations) {
        report.populations.push_back(p);
        report.targets.push_back(options.targetRate * std::exp(targetRng.uniform(std::log(0.6), std::log(1.5))));
    }

    const int T = options.T;
    const int stimulusCount = static_cast<int>(stimuli.size());
    for (std::size_t pi = 0; pi < populations.size(); ++pi) {
        if (cancel) cancel->check();
        const std::string& population = populations[pi];
        auto network = model::Network::build(tensors);
        run::Simulator sim(network, runOptions(options, true));
        Sequences seqs;
        Rng pick = Rng(options.seed).stream(pi + 1);
        sim.stream(stimuli, [&](int, run::ImageResult&& result) {
            const run::LayerRecord* rec = result.find(population);
            if (!rec) throw Error("calibration: population '" + population + "' was not recorded");
            const int C = rec->channels();
            const std::int64_t hw = static_cast<std::int64_t>(rec->height()) * rec->width();
            if (seqs.x.empty()) {
                seqs.channels = C;
                seqs.T = T;
                seqs.perStimulus = static_cast<int>(std::min<std::int64_t>(
                    hw, (options.samplesPerChannel + stimulusCount - 1) / stimulusCount));
                seqs.x.assign(static_cast<std::size_t>(C), {});
            }
            const auto& H = rec->membrane();
            const auto positions = pick.sample(hw, seqs.perStimulus);
            const float tau = static_cast<float>(n.tau), vr = static_cast<float>(*n.vReset);
            for (int c = 0; c < C; ++c) {
                auto& out = seqs.x[static_cast<std::size_t>(c)];
                for (std::int64_t pos : positions) {
                    float v = vr;
                    for (int t = 0; t < T; ++t) {
                        const std::int64_t u = c * hw + pos;
                        const float h = H[static_cast<std::size_t>(t * rec->units() + u)];
                        out.push_back(tau * (h - v) + v - vr);
                        v = rec->value(t, u) != 0.0f ? vr : h;
                    }
                }
            }
        }, {}, cancel);

        const Tensor* biasTensor = tensors.find(batchNormOf(population) + ".bias");
        Tensor bias = *biasTensor;
        auto* b = reinterpret_cast<float*>(bias.bytes().data());
        const double target = report.targets[pi];
        std::vector<float> shift(static_cast<std::size_t>(seqs.channels), 0.0f);
        tbb::parallel_for(0, seqs.channels, [&](int c) {
            shift[static_cast<std::size_t>(c)] = bisectShift(seqs.x[static_cast<std::size_t>(c)], T, target, n);
        });
        for (int c = 0; c < seqs.channels; ++c) b[c] += shift[static_cast<std::size_t>(c)];
        tensors.insert(batchNormOf(population) + ".bias", std::move(bias));
        if (progress) progress(static_cast<std::int64_t>(pi + 1), static_cast<std::int64_t>(populations.size() + 1));
    }
    for (const auto& [name, rate] : populationRates(tensors, stimuli, options, cancel)) report.rates.push_back(rate);
    if (progress) progress(static_cast<std::int64_t>(populations.size() + 1), static_cast<std::int64_t>(populations.size() + 1));
    return report;
}

}  // namespace topospike::demo
