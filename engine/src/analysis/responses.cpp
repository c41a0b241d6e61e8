#include "topospike/analysis/responses.hpp"

#include <algorithm>

#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"

namespace topospike::analysis {
namespace {

std::string describeShape(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

struct LayerArray {
    io::NpyArray array;
    std::int64_t images = 0, timesteps = 0, units = 0;
    std::vector<std::int64_t> unitDims;
};

LayerArray loadLayer(const std::filesystem::path& recording, const std::string& layer) {
    const io::NpzFile npz = io::NpzFile::open(recording);
    if (layer == "logits" || layer == "logits_t" || !npz.contains(layer)) {
        std::string known;
        for (const auto& n : npz.names())
            if (n != "logits" && n != "logits_t") known += (known.empty() ? "" : ", ") + n;
        throw FileError(recording.string(), "no layer '" + layer + "' in the recording (layers: " +
                                                (known.empty() ? "none" : known) + ")");
    }
    LayerArray out;
    out.array = npz.get(layer);
    const auto& shape = out.array.shape;
    if (out.array.isString || (shape.size() != 4 && shape.size() != 5))
        throw FileError(recording.string(), "layer '" + layer + "' is " + describeShape(shape) +
                                                ", expected [N, T, C, H, W] or [T, C, H, W]");
    const std::size_t o = shape.size() - 4;
    out.images = o ? shape[0] : 1;
    out.timesteps = shape[o];
    out.unitDims = {shape[o + 1], shape[o + 2], shape[o + 3]};
    out.units = shape[o + 1] * shape[o + 2] * shape[o + 3];
    if (out.images <= 0 || out.timesteps <= 0 || out.units <= 0)
        throw FileError(recording.string(), "layer '" + layer + "' is empty " + describeShape(shape));
    return out;
}

}  // namespace

ResponseMatrix::ResponseMatrix(std::int64_t imageCount, std::int64_t unitCount)
    : images(imageCount), units(unitCount), values(static_cast<std::size_t>(imageCount * unitCount), 0.0f),
      unitDims{unitCount} {}

bool SpikeTensor::binary() const noexcept {
    return std::all_of(values.begin(), values.end(), [](std::uint8_t v) { return v <= 1; });
}

ResponseMatrix SpikeTensor::firingRates() const {
    ResponseMatrix r(images, units);
    r.unitDims = unitDims;
    r.source = source;
    for (std::int64_t i = 0; i < images; ++i) {
        auto out = r.row(i);
        for (std::int64_t t = 0; t < timesteps; ++t) {
            const std::uint8_t* s = values.data() + (i * timesteps + t) * units;
            for (std::int64_t u = 0; u < units; ++u) out[u] += static_cast<float>(s[u]);
        }
        for (auto& v : out) v /= static_cast<float>(timesteps);
    }
    return r;
}

ResponseMatrix readResponses(const std::filesystem::path& npy) {
    io::NpyArray a = io::readNpy(npy);
    if (a.isString) throw FileError(npy.string(), "holds strings, expected a numeric [images, units] array");
    if (a.shape.size() < 2)
        throw FileError(npy.string(), "is " + describeShape(a.shape) +
                                          ", expected [images, units] or [images, C, H, W]");
    std::int64_t units = 1;
    for (std::size_t i = 1; i < a.shape.size(); ++i) units *= a.shape[i];
    if (a.shape[0] <= 0 || units <= 0) throw FileError(npy.string(), "is empty " + describeShape(a.shape));
    ResponseMatrix r;
    r.images = a.shape[0];
    r.units = units;
    r.values = a.tensor.toFloat();
    r.unitDims.assign(a.shape.begin() + 1, a.shape.end());
    r.source = npy.string();
    return r;
}

std::vector<std::string> recordingLayers(const std::filesystem::path& recording) {
    const io::NpzFile npz = io::NpzFile::open(recording);
    std::vector<std::string> out;
    for (const auto& n : npz.names())
        if (n != "logits" && n != "logits_t") out.push_back(n);
    return out;
}

SpikeTensor readRecordingSpikes(const std::filesystem::path& recording, const std::string& layer) {
    LayerArray l = loadLayer(recording, layer);
    if (l.array.tensor.dtype() != DType::U8)
        throw FileError(recording.string(), "layer '" + layer +
                                                "' holds non-integer activations (an ANN recording?), not spikes");
    SpikeTensor s;
    s.images = l.images;
    s.timesteps = l.timesteps;
    s.units = l.units;
    s.unitDims = l.unitDims;
    s.source = recording.string() + ":" + layer;
    const auto bytes = l.array.tensor.bytes();
    s.values.resize(bytes.size());
    std::transform(bytes.begin(), bytes.end(), s.values.begin(), [](std::byte b) { return std::to_integer<std::uint8_t>(b); });
    return s;
}

ResponseMatrix readRecordingResponses(const std::filesystem::path& recording, const std::string& layer) {
    LayerArray l = loadLayer(recording, layer);
    const std::vector<float> v = l.array.tensor.toFloat();
    ResponseMatrix r(l.images, l.units);
    r.unitDims = l.unitDims;
    r.source = recording.string() + ":" + layer;
    for (std::int64_t i = 0; i < l.images; ++i) {
        auto out = r.row(i);
        for (std::int64_t t = 0; t < l.timesteps; ++t) {
            const float* s = v.data() + (i * l.timesteps + t) * l.units;
            for (std::int64_t u = 0; u < l.units; ++u) out[u] += s[u];
        }
        for (auto& x : out) x /= static_cast<float>(l.timesteps);
    }
    return r;
}

}  // namespace topospike::analysis
