#include "cli/analysis_inputs.hpp"

#include <filesystem>

#include "topospike/error.hpp"

namespace topospike::cli {

const char* const kAnalysisInputsHelp =
    "  Inputs of the analyze commands:\n"
    "          --responses R.npy      responses [images, units] (or [images, C, H, W]), any numeric dtype\n"
    "          --recording REC.npz    a recording from `run --record`; with --layer L, L's firing rates\n"
    "          --layer L              the layer (e.g. layer2.0)\n"
    "          --positions P          a TDANN <layer>.npz, a TDANN folder, or a TopoSpike .tspos file\n"
    "          --positions-layer L    the layer's name in P when it differs from --layer\n"
    "          --no-rescale           read TDANN version-1 positions without TDANN's per-layer rescale\n";

QStringList analysisInputOptions() {
    return {"--responses", "--recording", "--layer", "--positions", "--positions-layer"};
}
QStringList analysisInputFlags() { return {"--no-rescale"}; }

analysis::ResponseMatrix loadResponses(const Arguments& args) {
    const auto responses = args.value("--responses");
    const auto recording = args.value("--recording");
    if (responses && recording) throw UsageError("give --responses or --recording, not both");
    if (responses) return analysis::readResponses(responses->toStdString());
    if (!recording) throw UsageError("missing --responses R.npy (or --recording REC.npz --layer L)");
    const auto layer = args.value("--layer");
    if (!layer) throw UsageError("--recording needs --layer (one of the recorded layers)");
    return analysis::readRecordingResponses(recording->toStdString(), layer->toStdString());
}

analysis::SpikeTensor loadSpikes(const Arguments& args) {
    const auto recording = args.value("--recording");
    if (!recording) throw UsageError("missing --recording REC.npz (spikes come from a recording)");
    const auto layer = args.value("--layer");
    if (!layer) throw UsageError("--recording needs --layer (one of the recorded layers)");
    return analysis::readRecordingSpikes(recording->toStdString(), layer->toStdString());
}

QString analysedLayer(const Arguments& args) {
    if (auto l = args.value("--positions-layer")) return *l;
    if (auto l = args.value("--layer")) return *l;
    return {};
}

io::LayerPositions loadPositions(const Arguments& args, std::int64_t units) {
    const auto path = args.value("--positions");
    if (!path) throw UsageError("missing --positions P (a TDANN <layer>.npz or folder, or a .tspos file)");
    io::PositionReadOptions options;
    options.rescale = !args.flag("--no-rescale");
    io::PositionSet set = io::readPositions(path->toStdString(), options);
    const QString layer = analysedLayer(args);
    const io::LayerPositions* chosen = nullptr;
    if (!layer.isEmpty()) {
        chosen = set.find(layer.toStdString());
        if (!chosen && set.layers.size() == 1 && set.format == "tdann-npz") chosen = &set.layers.front();
    } else if (set.layers.size() == 1) {
        chosen = &set.layers.front();
    }
    if (!chosen) {
        std::string names;
        for (const auto& l : set.layers) names += (names.empty() ? "" : ", ") + l.name;
        throw FileError(path->toStdString(), layer.isEmpty()
                                                 ? "holds several layers (" + names + "): choose one with --layer"
                                                 : "has no layer '" + layer.toStdString() + "' (layers: " + names + ")");
    }
    if (chosen->units() != units)
        throw FileError(path->toStdString(), "layer '" + chosen->name + "' has " + std::to_string(chosen->units()) +
                                                 " positions but the responses have " + std::to_string(units) + " units");
    return *chosen;
}

}  // namespace topospike::cli
