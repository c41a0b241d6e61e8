#include "topospike/demo/demo_network.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <system_error>

#include "demo/demo_positions.hpp"
#include "io/atomic_file.hpp"
#include "topospike/demo/demo_weights.hpp"
#include "topospike/error.hpp"
#include "topospike/io/safetensors.hpp"
#include "topospike/model/network.hpp"
#include "topospike/run/simulator.hpp"
#include "topospike/stimuli/gratings.hpp"

namespace topospike::demo {
namespace {

namespace fs = std::filesystem;

// Progress shares of the whole build, per mille.
constexpr std::int64_t kCalibrationShare = 300, kResponsesShare = 300, kPositionsShare = 400;

StepProgressFn stage(const StepProgressFn& progress, std::int64_t offset, std::int64_t share) {
    if (!progress) return {};
    return [=](std::int64_t done, std::int64_t total) {
        progress(offset + (total > 0 ? share * done / total : share), 1000);
    };
}

stimuli::InputImage gratingInput(const stimuli::GratingStimulus& g, int size) {
    stimuli::PreprocessOptions p;
    p.resize = size;
    p.crop = size;
    return stimuli::preprocess(stimuli::makeGrating(g.spec), p);
}

// Firing rates of every recorded (topographic) layer to all gratings, accumulated as the network streams.
std::vector<analysis::ResponseMatrix> gratingResponses(const TensorMap& weights, const DemoOptions& o,
                                                       const StepProgressFn& progress, const CancelToken* cancel) {
    const auto set = stimuli::tdannGratingSet(o.imageSize);
    std::vector<stimuli::InputImage> inputs;
    inputs.reserve(set.size());
    for (const auto& g : set) inputs.push_back(gratingInput(g, o.imageSize));
    auto network = model::Network::build(weights);
    run::RunOptions ro;
    ro.T = o.T;
    ro.threads = o.threads;
    run::Simulator sim(network, ro);
    std::vector<analysis::ResponseMatrix> out;
    for (const auto& shape : network->recordedLayers(o.imageSize, o.imageSize)) {
        if (shape.name.rfind("layer", 0) != 0) continue;  // the stem is not a topographic layer
        analysis::ResponseMatrix r(static_cast<std::int64_t>(inputs.size()),
                                   std::int64_t{shape.channels} * shape.height * shape.width);
        r.unitDims = {shape.channels, shape.height, shape.width};
        r.source = shape.name;
        out.push_back(std::move(r));
    }
    sim.stream(inputs, [&](int index, run::ImageResult&& result) {
        for (auto& r : out) {
            const run::LayerRecord* rec = result.find(r.source);
            if (!rec) throw Error("demo: layer '" + r.source + "' was not recorded");
            const auto counts = rec->counts();
            auto row = r.row(index);
            for (std::size_t u = 0; u < counts.size(); ++u) row[u] = counts[u] / static_cast<float>(o.T);
        }
    }, [&](int done, int total) { if (progress) progress(done, total); }, cancel);
    return out;
}

}  // namespace

std::string DemoOptions::cacheKey() const {
    std::ostringstream s;
    s << "demo-r" << kDemoRecipeVersion << "-s" << seed << "-px" << imageSize << "-T" << T << "-rate" << targetRate
      << "-cal" << calibrationStride << "-swap" << swapStepsPerLayer;
    return s.str();
}

std::string DemoNetwork::describe() const {
    std::ostringstream s;
    s << "TopoSpike demo: an " << kDemoLabel << ".\n"
      << "\n"
      << "Spiking ResNet-18 (SpikingJelly spiking_resnet18 layout, LIF tau=2, v_threshold=1, hard reset to 0,\n"
      << "T=" << options.T << ") with seeded random weights (seed " << options.seed << "). It has never been trained: it\n"
      << "classifies nothing, and its maps come from random filters, not from learning.\n"
      << "\n"
      << "Batch norms calibrated on every " << options.calibrationStride << "th of TDANN's 640 sine gratings ("
      << options.imageSize << " px) so each population fires near its target rate:\n";
    for (std::size_t i = 0; i < calibration.populations.size(); ++i)
        s << "  " << calibration.populations[i] << ": target " << calibration.targets[i] << ", measured "
          << calibration.rates[i] << "\n";
    s << "\nPositions: TDANN retinotopic initialisation (seed " << options.seed << "), then TDANN's swap\n"
      << "optimisation on the layer's firing rates to the 640 gratings (" << options.swapStepsPerLayer
      << " attempted swaps per layer in layer1-2, a twentieth in layer3-4; TDANN uses 50,000,000):\n";
    for (const auto& l : layers)
        s << "  " << l.layer << ": " << l.accepted << " of " << l.attempted << " swaps kept, loss " << l.lossBefore
          << " -> " << l.lossAfter << " (" << l.seconds << " s)\n";
    s << "\nFiles: " << kDemoCheckpointName << " (state_dict), positions/ (TDANN position folder, millimetres).\n";
    return s.str();
}

DemoNetwork buildDemo(const DemoOptions& options, const StepProgressFn& progress, const CancelToken* cancel) {
    if (options.imageSize < 32 || options.T < 1 || options.calibrationStride < 1 || options.swapStepsPerLayer < 0)
        throw std::invalid_argument("demo: image size >= 32, T >= 1, calibration stride >= 1, swap steps >= 0");
    DemoNetwork demo;
    demo.options = options;
    demo.weights = resnet18Weights(options.seed);

    const auto set = stimuli::tdannGratingSet(options.imageSize);
    std::vector<stimuli::InputImage> calibration;
    for (std::size_t i = 0; i < set.size(); i += static_cast<std::size_t>(options.calibrationStride))
        calibration.push_back(gratingInput(set[i], options.imageSize));
    CalibrationOptions co;
    co.targetRate = options.targetRate;
    co.T = options.T;
    co.seed = options.seed;
    co.threads = options.threads;
    demo.calibration = calibrateBatchNorm(demo.weights, calibration, co, stage(progress, 0, kCalibrationShare), cancel);

    const auto responses = gratingResponses(demo.weights, options, stage(progress, kCalibrationShare, kResponsesShare), cancel);
    demo.positions = demoPositions(responses, options, demo.layers,
                                   stage(progress, kCalibrationShare + kResponsesShare, kPositionsShare), cancel);
    if (progress) progress(1000, 1000);
    return demo;
}

bool isDemoFolder(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / kDemoCheckpointName, ec) && fs::is_regular_file(dir / "README.txt", ec) &&
           fs::is_regular_file(dir / "positions" / "layer2.0.npz", ec);
}

void writeDemo(const fs::path& dir, const DemoNetwork& demo) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
        throw FileError(dir.string(), "exists and is not empty: choose a new folder for the demo");
    const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
    fs::create_directories(parent, ec);
    const fs::path staging = parent / ("." + dir.filename().string() + ".partial-" + std::to_string(::getpid()));
    fs::remove_all(staging, ec);
    try {
        fs::create_directories(staging / "positions");
        std::vector<std::pair<std::string, const Tensor*>> tensors;
        for (const auto& [name, t] : demo.weights) tensors.emplace_back(name, &t);
        std::map<std::string, std::string, std::less<>> meta{
            {"format", "pt"},
            {"topospike.demo", kDemoLabel},
            {"model", "spiking_resnet18"},
            {"T", std::to_string(demo.options.T)},
            {"seed", std::to_string(demo.options.seed)},
            {"description", "UNTRAINED: seeded random weights, batch norms calibrated on sine gratings"}};
        io::writeSafetensors(staging / kDemoCheckpointName, tensors, meta);
        io::writeTdannFolder(staging / "positions", demo.positions);
        const std::string text = demo.describe();
        io::writeFileAtomically(staging / "README.txt", [&](std::ostream& out) { out << text; });
        fs::remove(dir, ec);  // an empty folder may be replaced
        fs::rename(staging, dir);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(staging, ec);
        throw FileError(dir.string(), std::string("cannot write the demo: ") + e.code().message());
    } catch (...) {
        fs::remove_all(staging, ec);
        throw;
    }
}

fs::path userCacheDirectory() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg && fs::path(xdg).is_absolute())
        return fs::path(xdg) / "topospike";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "topospike";
    return fs::temp_directory_path() / "topospike-cache";
}

fs::path ensureDemo(const DemoOptions& options, const StepProgressFn& progress, const CancelToken* cancel) {
    const fs::path dir = userCacheDirectory() / options.cacheKey();
    if (isDemoFolder(dir)) return dir;
    std::error_code ec;
    fs::remove_all(dir, ec);  // an incomplete cache entry is rebuilt
    DemoNetwork demo = buildDemo(options, progress, cancel);
    try {
        writeDemo(dir, demo);
    } catch (const FileError&) {
        if (!isDemoFolder(dir)) throw;  // another process finished the same demo first: use theirs
    }
    return dir;
}

}  // namespace topospike::demo
