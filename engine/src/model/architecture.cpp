#include "topospike/model/architecture.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "topospike/error.hpp"

namespace topospike::model {
namespace {

using Shape = std::vector<std::int64_t>;

std::string shapeText(const Shape& s) {
    std::string t = "[";
    for (std::size_t i = 0; i < s.size(); ++i) t += (i ? "," : "") + std::to_string(s[i]);
    return t + "]";
}

bool isExtra(const std::string& name) {
    for (const char* suffix : {"num_batches_tracked", "coordinates", "positions", "neighborhood_indices",
                               "neighborhood_width"})
        if (name.ends_with(suffix)) return true;
    return false;
}

bool isBuffer(const std::string& name) {
    return name.ends_with("running_mean") || name.ends_with("running_var") || isExtra(name);
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

int convOut(int in, int kernel, int stride, int pad) { return (in + 2 * pad - kernel) / stride + 1; }

/// Expected tensor shapes of a ResNet with the given layout.
std::map<std::string, Shape> expectedShapes(const Architecture& a, bool hasFc) {
    std::map<std::string, Shape> e;
    auto bn = [&](const std::string& p, std::int64_t c) {
        for (const char* k : {"weight", "bias", "running_mean", "running_var"}) e[p + "." + k] = {c};
    };
    const std::int64_t k = a.stem == Stem::ImageNet ? 7 : 3;
    e["conv1.weight"] = {a.stemChannels, a.inputChannels, k, k};
    bn("bn1", a.stemChannels);
    const int expansion = a.blockKind == BlockKind::Basic ? 1 : 4;
    std::int64_t in = a.stemChannels;
    for (int s = 0; s < 4; ++s) {
        const std::int64_t planes = std::int64_t{a.stemChannels} << s;
        for (int b = 0; b < a.blocksPerStage[static_cast<std::size_t>(s)]; ++b) {
            const std::string p = "layer" + std::to_string(s + 1) + "." + std::to_string(b) + ".";
            const int stride = (b == 0 && s > 0) ? 2 : 1;
            if (a.blockKind == BlockKind::Basic) {
                e[p + "conv1.weight"] = {planes, in, 3, 3};
                bn(p + "bn1", planes);
                e[p + "conv2.weight"] = {planes, planes, 3, 3};
                bn(p + "bn2", planes);
            } else {
                e[p + "conv1.weight"] = {planes, in, 1, 1};
                bn(p + "bn1", planes);
                e[p + "conv2.weight"] = {planes, planes, 3, 3};
                bn(p + "bn2", planes);
                e[p + "conv3.weight"] = {planes * expansion, planes, 1, 1};
                bn(p + "bn3", planes * expansion);
            }
            if (b == 0 && (stride != 1 || in != planes * expansion)) {
                e[p + "downsample.0.weight"] = {planes * expansion, in, 1, 1};
                bn(p + "downsample.1", planes * expansion);
            }
            in = planes * expansion;
        }
    }
    if (hasFc) {
        e["fc.weight"] = {a.numClasses, in};
        e["fc.bias"] = {a.numClasses};
    }
    return e;
}

std::string listed(const std::vector<std::string>& items) {
    std::string s;
    const std::size_t shown = std::min<std::size_t>(items.size(), 12);
    for (std::size_t i = 0; i < shown; ++i) s += (i ? ", " : "") + items[i];
    if (items.size() > shown) s += ", … and " + std::to_string(items.size() - shown) + " more";
    return s;
}

std::string depthName(const Architecture& a) {
    const auto& b = a.blocksPerStage;
    std::string n;
    if (a.blockKind == BlockKind::Basic && b == std::array{2, 2, 2, 2}) n = "resnet18";
    else if (a.blockKind == BlockKind::Basic && b == std::array{3, 4, 6, 3}) n = "resnet34";
    else if (a.blockKind == BlockKind::Bottleneck && b == std::array{3, 4, 6, 3}) n = "resnet50";
    else if (a.blockKind == BlockKind::Bottleneck && b == std::array{3, 4, 23, 3}) n = "resnet101";
    else if (a.blockKind == BlockKind::Bottleneck && b == std::array{3, 8, 36, 3}) n = "resnet152";
    else {
        n = std::string("resnet-") + (a.blockKind == BlockKind::Basic ? "basic" : "bottleneck") + "[";
        for (int i = 0; i < 4; ++i) n += (i ? "," : "") + std::to_string(b[static_cast<std::size_t>(i)]);
        n += "]";
    }
    if (a.stemChannels != 64) n += "-w" + std::to_string(a.stemChannels);
    return n;
}

void decideBlockType(Architecture& a, const DetectOptions& o) {
    if (o.block) {
        a.blockType = *o.block;
        a.blockTypeSource = "--block";
        return;
    }
    if (o.argsModel) {
        const std::string m = lower(*o.argsModel);
        if (m.find("sew") != std::string::npos) {
            std::string cnf = o.argsCnf ? lower(*o.argsCnf) : "add";
            a.blockType = cnf == "iand" ? BlockType::SewIand : cnf == "and" ? BlockType::SewAnd : BlockType::SewAdd;
            a.blockTypeSource = "args.model '" + *o.argsModel + "'" + (o.argsCnf ? ", args.cnf '" + *o.argsCnf + "'" : "");
            if (o.argsCnf && cnf != "add" && cnf != "iand" && cnf != "and")
                throw ModelError("args.cnf '" + *o.argsCnf + "' is not one of ADD, IAND, AND; choose one with --block");
        } else {
            a.blockType = BlockType::Spiking;
            a.blockTypeSource = "args.model '" + *o.argsModel + "'";
        }
        const std::string base = a.name.substr(0, a.name.find('-'));
        if (m.find(base) == std::string::npos && m.find("resnet") != std::string::npos)
            a.notes.push_back("args.model '" + *o.argsModel + "' differs from the detected " + a.name);
        return;
    }
    a.blockType = BlockType::Spiking;
    a.blockTypeSource = "default (plain spiking and SEW blocks have identical keys; override with --block)";
}

}  // namespace

std::string_view blockTypeName(BlockType t) noexcept {
    switch (t) {
        case BlockType::Spiking: return "spiking";
        case BlockType::SewAdd: return "sew-add";
        case BlockType::SewIand: return "sew-iand";
        case BlockType::SewAnd: return "sew-and";
    }
    return "?";
}

std::optional<BlockType> parseBlockType(std::string_view s) noexcept {
    std::string t(s);
    for (auto& c : t) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto b : {BlockType::Spiking, BlockType::SewAdd, BlockType::SewIand, BlockType::SewAnd})
        if (blockTypeName(b) == t) return b;
    return std::nullopt;
}

int Architecture::stageChannels(int s) const noexcept {
    return (stemChannels << s) * (blockKind == BlockKind::Basic ? 1 : 4);
}

std::vector<LayerShape> Architecture::recordedLayers(int inputSize) const {
    std::vector<LayerShape> out;
    int h = stem == Stem::ImageNet ? convOut(inputSize, 7, 2, 3) : convOut(inputSize, 3, 1, 1);
    out.push_back({"stem", stemChannels, h, h});
    if (stem == Stem::ImageNet) h = convOut(h, 3, 2, 1);
    for (int s = 0; s < 4; ++s) {
        if (s > 0) h = convOut(h, 3, 2, 1);
        for (int b = 0; b < blocksPerStage[static_cast<std::size_t>(s)]; ++b)
            out.push_back({"layer" + std::to_string(s + 1) + "." + std::to_string(b), stageChannels(s), h, h});
    }
    return out;
}

std::vector<LayerShape> Architecture::topographicLayers(int inputSize) const {
    auto all = recordedLayers(inputSize);
    all.erase(all.begin());
    return all;
}

Architecture detectArchitecture(const TensorMap& tensors, const DetectOptions& options) {
    const Tensor* conv1 = tensors.find("conv1.weight");
    if (!conv1)
        throw ModelError("not a ResNet: no 'conv1.weight' tensor (found " + std::to_string(tensors.size()) +
                         " tensors" + (tensors.empty() ? "" : ", e.g. '" + tensors.items().front().first + "'") + ")");
    const auto& cs = conv1->shape();
    if (cs.size() != 4 || cs[2] != cs[3] || (cs[2] != 7 && cs[2] != 3) || cs[0] < 1 || cs[0] > 4096 || cs[1] < 1 ||
        cs[1] > 64)
        throw ModelError("conv1.weight has shape " + shapeText(cs) +
                         "; expected [C, in, 7, 7] (ImageNet stem) or [C, in, 3, 3] (CIFAR stem)");

    Architecture a;
    a.stem = cs[2] == 7 ? Stem::ImageNet : Stem::Cifar;
    a.stemChannels = static_cast<int>(cs[0]);
    a.inputChannels = static_cast<int>(cs[1]);
    a.blockKind = tensors.contains("layer1.0.conv3.weight") ? BlockKind::Bottleneck : BlockKind::Basic;
    for (const auto& [name, t] : tensors) {
        if (!name.starts_with("layer") || name.size() < 8 || name[6] != '.') continue;
        const int stage = name[5] - '1';
        if (stage < 0 || stage > 3) continue;
        const auto dot = name.find('.', 7);
        int block = 0;
        try {
            block = std::stoi(name.substr(7, dot - 7));
        } catch (...) {
            continue;
        }
        if (block >= 0 && block < 1000)
            a.blocksPerStage[static_cast<std::size_t>(stage)] =
                std::max(a.blocksPerStage[static_cast<std::size_t>(stage)], block + 1);
    }
    for (int s = 0; s < 4; ++s)
        if (a.blocksPerStage[static_cast<std::size_t>(s)] == 0)
            throw ModelError("not a 4-stage ResNet: no tensors for layer" + std::to_string(s + 1));

    const Tensor* fcw = tensors.find("fc.weight");
    const bool hasFc = fcw != nullptr || tensors.contains("fc.bias");
    if (fcw && !fcw->shape().empty()) a.numClasses = static_cast<int>(fcw->shape()[0]);
    a.name = depthName(a);

    const auto expected = expectedShapes(a, hasFc);
    std::vector<std::string> missing, unexpected, misshaped;
    for (const auto& [name, shape] : expected) {
        const Tensor* t = tensors.find(name);
        if (!t) missing.push_back(name);
        else if (t->shape() != shape) misshaped.push_back(name + " " + shapeText(t->shape()) + " (expected " + shapeText(shape) + ")");
        else if (!isFloating(t->dtype())) misshaped.push_back(name + " has dtype " + std::string(dtypeName(t->dtype())));
    }
    for (const auto& [name, t] : tensors) {
        if (expected.count(name)) {
            if (!isBuffer(name)) a.parameters += t.numel();
            continue;
        }
        if (isExtra(name)) {
            if (!name.ends_with("num_batches_tracked")) a.notes.push_back("extra tensor '" + name + "' " + t.shapeString());
            continue;
        }
        unexpected.push_back(name + " " + t.shapeString());
    }
    if (!missing.empty() || !unexpected.empty() || !misshaped.empty()) {
        std::string msg = "tensors do not match " + a.name + " (" +
                          (a.stem == Stem::ImageNet ? "ImageNet stem" : "CIFAR stem") + ")";
        if (!missing.empty()) msg += "; missing: " + listed(missing);
        if (!unexpected.empty()) msg += "; unexpected: " + listed(unexpected);
        if (!misshaped.empty()) msg += "; wrong shape: " + listed(misshaped);
        throw ModelError(msg);
    }
    if (!hasFc) a.notes.push_back("no classifier (fc): a feature trunk");
    decideBlockType(a, options);
    return a;
}

}  // namespace topospike::model
