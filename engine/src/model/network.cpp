// Network construction: architecture detection, BN folding (running statistics, eps 1e-5) and weight packing.
#include "topospike/model/network.hpp"

#include <stdexcept>

#include "model/network_impl.hpp"
#include "topospike/error.hpp"

namespace topospike::model {
namespace {

std::vector<float> floats(const TensorMap& t, const std::string& name) {
    const Tensor* x = t.find(name);
    if (!x) throw ModelError("missing tensor '" + name + "'");
    if (!isFloating(x->dtype()) && x->dtype() != DType::I64 && x->dtype() != DType::I32)
        throw ModelError("tensor '" + name + "' has dtype " + std::string(dtypeName(x->dtype())) + "; expected floating point");
    return x->toFloat();
}

/// conv `convName` followed by BatchNorm `bnName`, folded and packed.
kernels::PackedConv convBn(const TensorMap& t, const std::string& convName, const std::string& bnName, int stride,
                           int pad) {
    const Tensor* w = t.find(convName + ".weight");
    if (!w || w->rank() != 4) throw ModelError("missing or malformed tensor '" + convName + ".weight'");
    const int cout = static_cast<int>(w->shape()[0]), cin = static_cast<int>(w->shape()[1]);
    const int k = static_cast<int>(w->shape()[2]);
    std::vector<float> weights = w->toFloat();
    const auto gamma = floats(t, bnName + ".weight"), beta = floats(t, bnName + ".bias");
    const auto mean = floats(t, bnName + ".running_mean"), var = floats(t, bnName + ".running_var");
    for (std::size_t i = 0; i < var.size(); ++i)
        if (!(var[i] >= 0.0f))
            throw ModelError("'" + bnName + ".running_var' holds a negative or NaN variance at channel " + std::to_string(i));
    const auto bias = kernels::foldBatchNorm(weights, cout, gamma.data(), beta.data(), mean.data(), var.data(), 1e-5);
    try {
        return kernels::packConv(weights.data(), bias.data(), cout, cin, k, stride, pad);
    } catch (const std::invalid_argument&) {
        throw ModelError("'" + convName + ".weight' " + w->shapeString() + " is beyond what the kernels take (at most 65535 channels)");
    }
}

}  // namespace

Network::Network() : impl_(std::make_unique<Impl>()) {}
Network::~Network() = default;

const Architecture& Network::architecture() const noexcept { return impl_->arch; }

std::shared_ptr<const Network> Network::build(const io::Checkpoint& checkpoint, DetectOptions options) {
    if (!options.argsModel) options.argsModel = checkpoint.argsModel;
    if (!options.argsCnf) options.argsCnf = checkpoint.argsCnf;
    return build(checkpoint.tensors, options);
}

std::shared_ptr<const Network> Network::build(const TensorMap& t, const DetectOptions& options) {
    std::shared_ptr<Network> net(new Network());
    Impl& n = *net->impl_;
    n.arch = detectArchitecture(t, options);
    const Architecture& a = n.arch;
    n.stem = a.stem == Stem::ImageNet ? convBn(t, "conv1", "bn1", 2, 3) : convBn(t, "conv1", "bn1", 1, 1);
    for (int s = 0; s < 4; ++s)
        for (int b = 0; b < a.blocksPerStage[static_cast<std::size_t>(s)]; ++b) {
            ResidualBlock blk;
            blk.name = "layer" + std::to_string(s + 1) + "." + std::to_string(b);
            const std::string p = blk.name + ".";
            const int stride = (b == 0 && s > 0) ? 2 : 1;
            if (a.blockKind == BlockKind::Basic) {
                blk.convs.push_back(convBn(t, p + "conv1", p + "bn1", stride, 1));
                blk.convs.push_back(convBn(t, p + "conv2", p + "bn2", 1, 1));
            } else {  // torchvision Bottleneck: the stride sits on the 3x3 conv
                blk.convs.push_back(convBn(t, p + "conv1", p + "bn1", 1, 0));
                blk.convs.push_back(convBn(t, p + "conv2", p + "bn2", stride, 1));
                blk.convs.push_back(convBn(t, p + "conv3", p + "bn3", 1, 0));
            }
            if (t.contains(p + "downsample.0.weight"))
                blk.downsample = convBn(t, p + "downsample.0", p + "downsample.1", stride, 0);
            n.blocks.push_back(std::move(blk));
        }
    if (a.numClasses > 0) {
        n.fcWeight = floats(t, "fc.weight");
        n.fcBias = floats(t, "fc.bias");
        n.features = static_cast<int>(n.fcWeight.size() / static_cast<std::size_t>(a.numClasses));
    } else {
        n.features = n.blocks.empty() ? a.stemChannels : n.blocks.back().convs.back().cout;
    }
    return net;
}

std::vector<LayerShape> Network::recordedLayers(int height, int width) const {
    const Impl& n = *impl_;
    std::vector<LayerShape> out;
    int h = n.stem.outSize(height), w = n.stem.outSize(width);
    out.push_back({"stem", n.stem.cout, h, w});
    if (n.arch.stem == Stem::ImageNet) {
        h = (h + 2 - 3) / 2 + 1;
        w = (w + 2 - 3) / 2 + 1;
    }
    for (const auto& b : n.blocks) {
        for (const auto& c : b.convs) {
            h = c.outSize(h);
            w = c.outSize(w);
        }
        out.push_back({b.name, b.convs.back().cout, h, w});
    }
    return out;
}

int Network::minimumInputSize() const noexcept {
    for (int s = 1; s < 4096; ++s) {
        const auto layers = recordedLayers(s, s);
        bool ok = true;
        for (const auto& l : layers) ok = ok && l.height >= 1 && l.width >= 1;
        if (ok) return s;
    }
    return 4096;
}

std::vector<Population> Network::populations() const {
    const Impl& n = *impl_;
    std::vector<Population> out{{"sn1", n.stem.cout}};
    for (const auto& b : n.blocks) {
        for (std::size_t i = 0; i < b.convs.size(); ++i) out.push_back({b.name + ".sn" + std::to_string(i + 1), b.convs[i].cout});
        if (b.downsample && n.arch.blockType != BlockType::Spiking)
            out.push_back({b.name + ".downsample_sn", b.downsample->cout});
    }
    return out;
}

}  // namespace topospike::model
