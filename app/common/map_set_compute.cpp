// computeMapSet: the stimuli streamed through the network in chunks, each positioned layer collected, then the
// engine's analyses per layer. Progress: the run is 80 % of the job, the analyses 20 %.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "common/map_set.hpp"
#include "common/map_set_collector.hpp"
#include "common/map_set_digest.hpp"
#include "common/map_set_stimuli.hpp"
#include "topospike/analysis/it_analysis.hpp"
#include "topospike/analysis/v1_analysis.hpp"

namespace topospike::app {
namespace {

constexpr std::int64_t kPerMille = 1000, kRunShare = 800;
/// Stimuli made and run together: enough to keep every worker busy, few enough to bound the input memory.
constexpr std::int64_t kChunk = 256;

/// The recorded layers that have positions, in network order, each checked against its positions.
std::vector<LayerCollector> positionedLayers(const model::Network& network, const io::PositionSet& positions,
                                             const MapStimuli& stimuli, int T, bool spiking) {
    std::vector<LayerCollector> out;
    for (const auto& shape : network.recordedLayers(stimuli.height(), stimuli.width())) {
        const io::LayerPositions* p = positions.find(shape.name);
        if (!p) continue;
        if (p->units() != shape.units())
            throw std::invalid_argument("layer " + shape.name + " has " + std::to_string(shape.units()) + " units for " +
                                        std::to_string(stimuli.width()) + "x" + std::to_string(stimuli.height()) +
                                        " stimuli, its positions " + std::to_string(p->units()));
        out.emplace_back(shape, T, stimuli.size(), spiking);
    }
    if (out.empty()) {
        std::string names;
        for (const auto& l : positions.layers) names += (names.empty() ? "" : ", ") + l.name;
        throw std::invalid_argument("no layer of the network has positions (positions are for: " +
                                    (names.empty() ? std::string("no layer") : names) + ")");
    }
    return out;
}

/// The IT contrasts, checked against the labels before anything runs.
std::vector<analysis::Contrast> checkedContrasts(const analysis::ImageLabels& labels, const StimulusSetSpec& spec) {
    std::vector<analysis::Contrast> contrasts = analysis::itContrasts(labels, spec.contrasts);
    for (const auto& c : contrasts) analysis::resolveContrast(c, labels);
    return contrasts;
}

}  // namespace

MapSet computeMapSet(std::shared_ptr<const model::Network> network, const io::PositionSet& positions,
                     const run::RunOptions& options, const StimulusSetSpec& spec, const std::string& key,
                     const StepProgressFn& progress, const CancelToken* cancel) {
    if (!network) throw std::invalid_argument("map set: no network");
    auto report = [&](std::int64_t done) {
        if (progress) progress(std::min(done, kPerMille), kPerMille);
    };
    const MapStimuli stimuli(spec);
    const bool gratings = spec.kind == StimulusSetSpec::Kind::Gratings;
    std::vector<analysis::Contrast> contrasts;
    if (!gratings) contrasts = checkedContrasts(stimuli.imageLabels(), spec);

    run::RunOptions runOptions = options;  // the maps need block outputs only
    runOptions.recordPopulations = false;
    runOptions.recordMembrane = false;
    runOptions.traces.clear();
    runOptions.timings = false;
    const run::Simulator sim(network, runOptions);
    const int T = sim.effectiveT();
    const bool spiking = runOptions.neuron.model != model::NeuronModel::Ann;
    std::vector<LayerCollector> layers = positionedLayers(*network, positions, stimuli, T, spiking);

    const std::int64_t n = stimuli.size();
    for (std::int64_t first = 0; first < n; first += kChunk) {
        if (cancel) cancel->check();
        const std::vector<stimuli::InputImage> inputs = stimuli.inputs(first, std::min(kChunk, n - first));
        sim.stream(
            inputs,
            [&](int, run::ImageResult&& result) {
                for (auto& layer : layers) {
                    const run::LayerRecord* record = result.find(layer.shape().name);
                    if (!record) throw std::logic_error("map set: the run did not record " + layer.shape().name);
                    layer.add(*record);
                }
            },
            [&](int done, int) { report(kRunShare * (first + done) / n); }, cancel);
    }

    MapSet out;
    out.stimulusSet = stimuli.name();
    out.images = n;
    out.T = T;
    out.key = key;
    for (const auto& c : contrasts) out.contrasts.push_back(c.name);
    const auto layerCount = static_cast<std::int64_t>(layers.size());
    for (std::int64_t i = 0; i < layerCount; ++i) {
        if (cancel) cancel->check();
        const LayerCollector layer = std::move(layers[static_cast<std::size_t>(i)]);  // freed after its analyses
        const model::LayerShape& shape = layer.shape();
        const std::int64_t base = kRunShare + (kPerMille - kRunShare) * i / layerCount;
        auto stage = [&](std::int64_t done, std::int64_t total) {
            if (total > 0) report(base + (kPerMille - kRunShare) * done / (total * layerCount));
        };
        LayerMaps maps;
        maps.layer = shape.name;
        maps.units = shape.units();
        maps.dims = {shape.channels, shape.height, shape.width};
        const analysis::ResponseMatrix responses = layer.responses();
        const std::vector<double>& coordinates = positions.find(shape.name)->coordinates;
        if (gratings) {
            addGratingMaps(maps, analysis::analyzeV1(responses, stimuli.gratingLabels(), coordinates, {}, stage, cancel));
        } else {
            analysis::ItParams params;
            params.contrasts = contrasts;
            params.computeSmoothness = false;  // the maps hold t-values only
            params.computePatches = false;
            params.computeOverlap = false;
            addCategoryMaps(maps, analysis::analyzeIt(responses, stimuli.imageLabels(), coordinates, params, stage, cancel));
        }
        if (const auto entropy = layer.entropy())
            addActivity(maps, *entropy);
        else
            addActivity(maps, responses);
        out.layers.push_back(std::move(maps));
        report(kRunShare + (kPerMille - kRunShare) * (i + 1) / layerCount);
    }
    return out;
}

}  // namespace topospike::app
