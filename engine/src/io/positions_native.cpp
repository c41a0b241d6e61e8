// TopoSpike's positions format: a safetensors file with `<layer>.coordinates` F64 [N, 2] and
// `<layer>.neighborhood_indices` I64 [P, Q] tensors, and everything else in "__metadata__"
// (docs/position-format.md).

#include <charconv>
#include <cmath>
#include <cstring>
#include <set>

#include "positions_formats.hpp"
#include "topospike/error.hpp"

namespace topospike::io {
namespace {

constexpr std::string_view kFormat = "topospike-positions";
constexpr std::string_view kVersion = "1";

std::vector<std::string> splitCommas(std::string_view s) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    for (std::size_t start = 0;;) {
        const std::size_t comma = s.find(',', start);
        out.emplace_back(
            s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) return out;
        start = comma + 1;
    }
}

template <class T>
bool parseExactly(std::string_view text, T& value) {
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && r.ec == std::errc() && r.ptr == text.data() + text.size();
}

/// The shortest decimal text that parses back to exactly `v`.
std::string exactText(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string joined(const std::vector<std::int64_t>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    return s;
}

class NativeReader {
  public:
    NativeReader(const std::filesystem::path& path, const SafetensorsFile& file)
        : src_(path.string()), file_(file) {}

    PositionSet read() {
        const auto format = file_.meta("format");
        if (!format || *format != kFormat)
            throw FileError(src_,
                            "a safetensors file without TopoSpike position metadata (\"__metadata__\": "
                            "{\"format\": \"topospike-positions\"}); expected a TopoSpike positions file, a "
                            "TDANN positions folder or a TDANN <layer>.npz");
        const auto version = file_.meta("version");
        if (!version || *version != kVersion)
            throw FileError(src_, "TopoSpike positions format version '" + version.value_or("") +
                                      "' is not supported (this build reads version 1)");
        PositionSet set;
        set.format = "topospike";
        set.version = 1;
        std::set<std::string, std::less<>> used;
        for (const std::string& name : splitCommas(file_.meta("layers").value_or(""))) {
            if (name.empty()) throw FileError(src_, "metadata 'layers' holds an empty layer name");
            if (set.find(name)) throw FileError(src_, "layer '" + name + "' is listed twice");
            set.layers.push_back(readLayer(name));
            used.insert(name + ".coordinates");
            used.insert(name + ".neighborhood_indices");
        }
        std::string ignored;
        for (const auto& [tensorName, t] : file_.tensors)
            if (!used.contains(tensorName)) ignored += (ignored.empty() ? "" : ", ") + tensorName;
        if (!ignored.empty())
            addNote(set.note, "ignored tensors not belonging to a listed layer: " + ignored);
        sortLayersInNetworkOrder(set.layers);
        return set;
    }

  private:
    [[noreturn]] void fail(const std::string& layer, const std::string& why) const {
        throw FileError(src_, "layer '" + layer + "': " + why);
    }

    std::string requiredMeta(const std::string& layer, const std::string& key) const {
        const auto v = file_.meta(layer + "." + key);
        if (!v) fail(layer, "metadata '" + layer + "." + key + "' is missing");
        return *v;
    }

    const Tensor& tensor(const std::string& layer, const std::string& key) const {
        const Tensor* t = file_.tensors.find(layer + "." + key);
        if (!t) fail(layer, "tensor '" + layer + "." + key + "' is missing");
        return *t;
    }

    LayerPositions readLayer(const std::string& name) const {
        LayerPositions l;
        l.name = name;
        for (const std::string& d : splitCommas(requiredMeta(name, "dims"))) {
            std::int64_t v = 0;
            if (!parseExactly(d, v)) fail(name, "metadata 'dims' is not a comma-separated list of integers");
            l.dims.push_back(v);
        }
        if (!parseExactly(requiredMeta(name, "neighborhood_width"), l.neighborhoodWidth))
            fail(name, "metadata 'neighborhood_width' is not a number");
        l.area = file_.meta(name + ".area").value_or("");
        l.source = file_.meta(name + ".source").value_or("");

        const Tensor& c = tensor(name, "coordinates");
        if ((c.dtype() != DType::F64 && c.dtype() != DType::F32) || c.rank() != 2 || c.shape()[1] != 2)
            fail(name, "coordinates must be F64 (or F32) with shape [N, 2], not " +
                           std::string(dtypeName(c.dtype())) + " " + c.shapeString());
        l.coordinates = c.toDouble();

        const Tensor& h = tensor(name, "neighborhood_indices");
        if ((h.dtype() != DType::I64 && h.dtype() != DType::I32) || h.rank() != 2)
            fail(name, "neighborhood_indices must be I64 (or I32) with shape [P, Q], not " +
                           std::string(dtypeName(h.dtype())) + " " + h.shapeString());
        l.neighborhoodCount = h.shape()[0];
        l.neighborhoodSize = h.shape()[1];
        l.neighborhoodIndices = integerValues(h, src_, "tensor '" + name + ".neighborhood_indices'");
        validateLayer(l, src_);
        return l;
    }

    std::string src_;
    const SafetensorsFile& file_;
};

}  // namespace

PositionSet readNativePositions(const std::filesystem::path& path, const SafetensorsFile& file) {
    return NativeReader(path, file).read();
}

void writePositions(const std::filesystem::path& path, const PositionSet& set) {
    const std::string dest = path.string();
    std::map<std::string, std::string, std::less<>> meta{{"format", std::string(kFormat)},
                                                         {"version", std::string(kVersion)}};
    std::vector<Tensor> tensors;  // coordinates, indices, coordinates, ...
    tensors.reserve(2 * set.layers.size());
    std::string layerList;
    std::set<std::string, std::less<>> names;
    for (const LayerPositions& l : set.layers) {
        validateLayer(l, dest);
        if (l.name.find(',') != std::string::npos)
            throw FileError(dest, "layer name '" + l.name + "' contains ','");
        if (!names.insert(l.name).second) throw FileError(dest, "two layers are named '" + l.name + "'");
        layerList += (layerList.empty() ? "" : ",") + l.name;
        meta[l.name + ".dims"] = joined(l.dims);
        meta[l.name + ".neighborhood_width"] = exactText(l.neighborhoodWidth);
        if (!l.area.empty()) meta[l.name + ".area"] = l.area;
        if (!l.source.empty()) meta[l.name + ".source"] = l.source;

        Tensor& c = tensors.emplace_back(DType::F64, std::vector<std::int64_t>{l.units(), 2});
        if (c.nbytes()) std::memcpy(c.bytes().data(), l.coordinates.data(), c.nbytes());
        Tensor& h = tensors.emplace_back(DType::I64,
                                         std::vector<std::int64_t>{l.neighborhoodCount, l.neighborhoodSize});
        if (h.nbytes()) std::memcpy(h.bytes().data(), l.neighborhoodIndices.data(), h.nbytes());
    }
    meta["layers"] = layerList;

    std::vector<std::pair<std::string, const Tensor*>> named;
    for (std::size_t i = 0; i < set.layers.size(); ++i) {
        named.emplace_back(set.layers[i].name + ".coordinates", &tensors[2 * i]);
        named.emplace_back(set.layers[i].name + ".neighborhood_indices", &tensors[2 * i + 1]);
    }
    try {
        writeSafetensors(path, named, meta);
    } catch (const FileError&) {
        throw;
    } catch (const Error& e) {
        throw FileError(dest, e.what());
    }
}

}  // namespace topospike::io
