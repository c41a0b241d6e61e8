#include "topospike/demo/demo_weights.hpp"

#include <cmath>
#include <cstring>
#include <string>

#include "topospike/random.hpp"

namespace topospike::demo {
namespace {

Tensor filled(std::vector<std::int64_t> shape, float value) {
    Tensor t(DType::F32, std::move(shape));
    auto* p = reinterpret_cast<float*>(t.bytes().data());
    for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = value;
    return t;
}

void addConv(TensorMap& m, Rng& rng, const std::string& name, int cout, int cin, int k) {
    Tensor t(DType::F32, {cout, cin, k, k});
    auto* p = reinterpret_cast<float*>(t.bytes().data());
    const double sd = std::sqrt(2.0 / (static_cast<double>(cout) * k * k));  // kaiming_normal_(fan_out, relu)
    for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(rng.normal() * sd);
    m.insert(name + ".weight", std::move(t));
}

void addBatchNorm(TensorMap& m, const std::string& name, int channels) {
    m.insert(name + ".weight", filled({channels}, 1.0f));
    m.insert(name + ".bias", filled({channels}, 0.0f));
    m.insert(name + ".running_mean", filled({channels}, 0.0f));
    m.insert(name + ".running_var", filled({channels}, 1.0f));
    Tensor tracked(DType::I64, {});
    m.insert(name + ".num_batches_tracked", std::move(tracked));
}

}  // namespace

TensorMap resnet18Weights(std::uint64_t seed, int classes) {
    Rng rng(seed);
    TensorMap m;
    addConv(m, rng, "conv1", 64, 3, 7);
    addBatchNorm(m, "bn1", 64);
    int inplanes = 64;
    const int planes[4] = {64, 128, 256, 512};
    for (int layer = 0; layer < 4; ++layer) {
        for (int block = 0; block < 2; ++block) {
            const std::string prefix = "layer" + std::to_string(layer + 1) + "." + std::to_string(block);
            const int p = planes[layer];
            addConv(m, rng, prefix + ".conv1", p, inplanes, 3);
            addBatchNorm(m, prefix + ".bn1", p);
            addConv(m, rng, prefix + ".conv2", p, p, 3);
            addBatchNorm(m, prefix + ".bn2", p);
            if (block == 0 && (layer > 0)) {
                addConv(m, rng, prefix + ".downsample.0", p, inplanes, 1);
                addBatchNorm(m, prefix + ".downsample.1", p);
            }
            inplanes = p;
        }
    }
    Tensor fc(DType::F32, {classes, 512});
    auto* w = reinterpret_cast<float*>(fc.bytes().data());
    const double bound = 1.0 / std::sqrt(512.0);
    for (std::int64_t i = 0; i < fc.numel(); ++i) w[i] = static_cast<float>(rng.uniform(-bound, bound));
    m.insert("fc.weight", std::move(fc));
    Tensor bias(DType::F32, {classes});
    auto* b = reinterpret_cast<float*>(bias.bytes().data());
    for (int i = 0; i < classes; ++i) b[i] = static_cast<float>(rng.uniform(-bound, bound));
    m.insert("fc.bias", std::move(bias));
    return m;
}

}  // namespace topospike::demo
