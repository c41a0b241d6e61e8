#include "common/open_model.hpp"

#include <algorithm>
#include <bit>

#include "topospike/demo/demo_network.hpp"
#include "topospike/error.hpp"
#include "topospike/io/checkpoint.hpp"
#include "topospike/sheet/retinotopic.hpp"

namespace topospike::app {
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kGeneratedPositionsSeed = 0;

bool holdsTdannLayers(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return false;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string n = e.path().filename().string();
        if (n.rfind("layer", 0) == 0 && e.path().extension() == ".npz") return true;
    }
    return false;
}

/// The square input side whose recorded layers have the positions' unit counts, or nullopt. Several sides can give
/// the same grid (strides round up), so 224 wins when it fits, then the side divisible by the highest power of
/// two (networks are made for such sizes), then the largest.
std::optional<int> inputSizeFor(const model::Network& net, const io::PositionSet& set) {
    const auto fits = [&](int side) {
        bool any = false;
        for (const auto& shape : net.recordedLayers(side, side)) {
            const io::LayerPositions* l = set.find(shape.name);
            if (!l) continue;
            if (l->units() != shape.units()) return false;
            any = true;
        }
        return any;
    };
    if (fits(224)) return 224;
    std::optional<int> best;
    const auto rank = [](int side) { return std::pair(std::countr_zero(static_cast<unsigned>(side)), side); };
    for (int side = net.minimumInputSize(); side <= 1024; ++side)
        if (fits(side) && (!best || rank(side) > rank(*best))) best = side;
    return best;
}

void checkAndKeepMatching(OpenModel& m, io::PositionSet set, const std::string& source) {
    const auto side = inputSizeFor(*m.network, set);
    if (!side)
        throw FileError(source, "its layers do not match this network at any input size (first layer "
                                    + (set.layers.empty() ? std::string("none") : set.layers.front().name) + ")");
    const auto shapes = m.network->recordedLayers(*side, *side);
    std::vector<io::LayerPositions> kept;
    for (auto& l : set.layers) {
        const auto it = std::find_if(shapes.begin(), shapes.end(), [&](const auto& s) { return s.name == l.name; });
        if (it == shapes.end()) continue;  // positions for layers this network does not record (e.g. fc)
        if (it->units() != l.units())
            throw FileError(source, "layer " + l.name + " has " + std::to_string(l.units()) + " positions but the "
                                        "network has " + std::to_string(it->units()) + " units there at input "
                                        + std::to_string(*side) + "×" + std::to_string(*side));
        kept.push_back(std::move(l));
    }
    if (kept.empty()) throw FileError(source, "holds no layer of this network");
    set.layers = std::move(kept);
    m.positions = std::move(set);
    m.inputSize = *side;
}

}  // namespace

std::optional<fs::path> findPositionsBeside(const fs::path& checkpoint) {
    std::error_code ec;
    const fs::path dir = checkpoint.has_parent_path() ? checkpoint.parent_path() : fs::path(".");
    const std::string stem = checkpoint.stem().string();
    for (const fs::path& p : {dir / (stem + ".tspos"), dir / (stem + "_positions"), dir / "positions",
                              dir / "positions.tspos"}) {
        if (fs::is_regular_file(p, ec) || holdsTdannLayers(p)) return p;
    }
    if (holdsTdannLayers(dir)) return dir;
    return std::nullopt;
}

void attachPositions(OpenModel& m, const fs::path& positions) {
    checkAndKeepMatching(m, io::readPositions(positions), positions.string());
    m.positionsPath = positions;
    m.generatedPositions = false;
    m.positionsNote = "positions: " + positions.string() + " (" + m.positions.format +
                      (m.positions.rescaled ? ", TDANN version-1 rescale applied" : "") + ")";
    if (!m.positions.note.empty()) m.positionsNote += "; " + m.positions.note;
}

OpenModel openModel(const fs::path& checkpoint, const std::optional<fs::path>& positions, int inputSize) {
    OpenModel m;
    m.checkpoint = checkpoint;
    const io::Checkpoint ckpt = io::loadCheckpoint(checkpoint);
    try {
        m.network = model::Network::build(ckpt);
    } catch (const ModelError& e) {
        throw ModelError(checkpoint.string() + ": " + e.what());
    }
    if (ckpt.argsT && *ckpt.argsT >= 1 && *ckpt.argsT <= 64) m.defaultT = static_cast<int>(*ckpt.argsT);
    m.demo = ckpt.metadata.count("topospike.demo") > 0;
    m.displayName = m.demo ? checkpoint.filename().string() + " (" + demo::kDemoLabel + ")"
                           : checkpoint.filename().string();
    m.architectureNotes.push_back(std::string("wrapper: ") + ckpt.wrapper);

    if (const auto p = positions ? positions : findPositionsBeside(checkpoint)) {
        attachPositions(m, *p);
        return m;
    }
    m.inputSize = inputSize;
    const auto layers = m.network->architecture().topographicLayers(inputSize);
    m.positions = sheet::initNetworkPositions(layers, kGeneratedPositionsSeed);
    m.generatedPositions = true;
    m.positionsNote = "no positions found beside the checkpoint: TDANN retinotopic initial positions (not "
                      "optimised, maps are not topographic); open the network's positions with File → Open "
                      "Positions";
    return m;
}

}  // namespace topospike::app
