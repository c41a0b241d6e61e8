// loadMapSet: reads and checks a map-set .npz (meta, then each layer's arrays by the shared table); anything else
// is refused with a FileError naming the file and the problem.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <set>

#include "common/map_set_format.hpp"
#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"

namespace topospike::app {
namespace {

class Reader {
public:
    explicit Reader(const std::filesystem::path& path) : file_(path.string()), npz_(io::NpzFile::open(path)) {}

    [[noreturn]] void fail(const std::string& why) const { throw FileError(file_, why); }
    bool has(const std::string& name) const { return npz_.contains(name); }

    /// A numeric array of `dtype`; `shape` entries < 0 accept any extent.
    io::NpyArray get(const std::string& name, DType dtype, const std::vector<std::int64_t>& shape) {
        io::NpyArray a = npz_.get(name);
        used_.insert(name);
        if (a.isString || a.tensor.dtype() != dtype)
            fail("array '" + name + "' is not " + std::string(dtypeName(dtype)));
        bool ok = a.shape.size() == shape.size();
        for (std::size_t i = 0; ok && i < shape.size(); ++i) ok = shape[i] < 0 || shape[i] == a.shape[i];
        if (!ok) fail("array '" + name + "' has shape " + a.tensor.shapeString() + ", expected " + shapeText(shape));
        return a;
    }
    std::vector<float> floats(const std::string& name, const std::vector<std::int64_t>& shape) {
        return get(name, DType::F32, shape).tensor.toFloat();
    }
    std::vector<double> doubles(const std::string& name, const std::vector<std::int64_t>& shape) {
        return get(name, DType::F64, shape).tensor.toDouble();
    }
    QJsonObject meta() {
        if (!npz_.contains("meta")) fail("not a TopoSpike map set (no 'meta' array)");
        const io::NpyArray a = npz_.get("meta");
        used_.insert("meta");
        if (!a.isString || !a.shape.empty() || a.strings.size() != 1) fail("'meta' is not one JSON string");
        QJsonParseError error;
        const QByteArray text = QByteArray::fromStdString(a.strings.front());
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            fail("'meta' is not a JSON object (" + error.errorString().toStdString() + ")");
        return doc.object();
    }
    /// Throws unless every array was read.
    void requireAllUsed() const {
        for (const auto& n : npz_.names())
            if (!used_.count(n)) fail("unexpected array '" + n + "' (not part of a version " + std::to_string(kMapSetVersion) + " map set)");
    }

private:
    static std::string shapeText(const std::vector<std::int64_t>& shape) {
        std::string s = "[";
        for (std::size_t i = 0; i < shape.size(); ++i)
            s += (i ? ", " : "") + (shape[i] < 0 ? std::string("n") : std::to_string(shape[i]));
        return s + "]";
    }

    std::string file_;
    io::NpzFile npz_;
    std::set<std::string> used_;
};

std::int64_t integer(const Reader& r, const QJsonObject& o, const char* key, std::int64_t lo, std::int64_t hi) {
    const QJsonValue v = o.value(key);
    const double d = v.toDouble(NAN);
    if (!v.isDouble() || d != std::floor(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi))
        r.fail(std::string("meta: '") + key + "' is not an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
    return static_cast<std::int64_t>(d);
}

std::string text(const Reader& r, const QJsonObject& o, const char* key) {
    const QJsonValue v = o.value(key);
    if (!v.isString()) r.fail(std::string("meta: '") + key + "' is not a string");
    return v.toString().toStdString();
}

MapSet fromMeta(const Reader& r, const QJsonObject& meta) {
    if (meta.value("format").toString() != kMapSetFormat) r.fail("not a TopoSpike map set (meta format is not 'topospike-maps')");
    const std::int64_t version = integer(r, meta, "version", 0, 1 << 30);
    if (version != kMapSetVersion)
        r.fail("map set version " + std::to_string(version) + "; this TopoSpike reads version " + std::to_string(kMapSetVersion));
    MapSet maps;
    maps.stimulusSet = text(r, meta, "stimulus_set");
    maps.images = integer(r, meta, "images", 0, std::int64_t{1} << 40);
    maps.T = static_cast<int>(integer(r, meta, "T", 0, 64));
    maps.key = text(r, meta, "key");
    if (!meta.value("contrasts").isArray()) r.fail("meta: 'contrasts' is not a list");
    for (const QJsonValue c : meta.value("contrasts").toArray()) {
        if (!c.isString()) r.fail("meta: a contrast name is not a string");
        maps.contrasts.push_back(c.toString().toStdString());
    }
    if (!meta.value("layers").isArray()) r.fail("meta: 'layers' is not a list");
    for (const QJsonValue v : meta.value("layers").toArray()) {
        if (!v.isObject() || !v.toObject().value("dims").isArray()) r.fail("meta: a layer is not {name, units, dims}");
        const QJsonObject o = v.toObject();
        LayerMaps l;
        l.layer = text(r, o, "name");
        l.units = integer(r, o, "units", 1, std::int64_t{1} << 40);
        for (const QJsonValue d : o.value("dims").toArray()) {
            if (!d.isDouble() || d.toDouble() != std::floor(d.toDouble()) || d.toDouble() < 1 || d.toDouble() > 1e12)
                r.fail("meta: layer " + l.layer + " has a dimension that is not a positive integer");
            l.dims.push_back(static_cast<std::int64_t>(d.toDouble()));
        }
        maps.layers.push_back(std::move(l));
    }
    return maps;
}

void readLayer(Reader& r, LayerMaps& l, const MapSet& maps) {
    const std::string p = l.layer + "/";
    for (const auto& f : kTuningFields) {
        if (!r.has(p + f.levelsName)) continue;
        l.*f.levels = r.doubles(p + f.levelsName, {-1});
        l.*f.tuning = r.floats(p + f.tuningName, {l.units, static_cast<std::int64_t>((l.*f.levels).size())});
    }
    for (const auto& f : kUnitFields)
        if (r.has(p + f.name)) l.*f.member = r.floats(p + f.name, {l.units});
    for (const auto& f : kCurveFields) {
        if (!r.has(p + f.name)) continue;
        const std::vector<double> rows = r.doubles(p + f.name, {3, -1});
        const auto bins = static_cast<std::ptrdiff_t>(rows.size() / 3);
        CurveData& c = l.*f.member;
        c.x.assign(rows.begin(), rows.begin() + bins);
        c.mean.assign(rows.begin() + bins, rows.begin() + 2 * bins);
        c.chance.assign(rows.begin() + 2 * bins, rows.end());
    }
    if (!l.orientationDeg.empty() && !r.has(p + kSmoothnessScores))
        r.fail("layer " + l.layer + " " + kSmoothnessScores + " is missing (part of the grating maps)");
    if (r.has(p + kSmoothnessScores)) {
        const std::vector<double> scores = r.doubles(p + kSmoothnessScores, {3});
        for (std::size_t i = 0; i < 3; ++i) (l.*kCurveFields[i].member).score = scores[i];
    }
    if (r.has(p + kTValues)) {
        const auto contrasts = static_cast<std::int64_t>(maps.contrasts.size());
        const std::vector<float> t = r.floats(p + kTValues, {contrasts, l.units});
        for (std::int64_t c = 0; c < contrasts; ++c)
            l.tValues.emplace_back(t.begin() + c * l.units, t.begin() + (c + 1) * l.units);
    }
    for (const auto& f : kTimestepFields)
        if (r.has(p + f.name)) l.*f.member = r.doubles(p + f.name, {maps.T});
}

}  // namespace

MapSet loadMapSet(const std::filesystem::path& path) {
    Reader r(path);
    MapSet maps = fromMeta(r, r.meta());
    for (auto& l : maps.layers) readLayer(r, l, maps);
    r.requireAllUsed();
    if (const std::string problem = mapSetProblem(maps); !problem.empty()) r.fail("inconsistent map set: " + problem);
    return maps;
}

}  // namespace topospike::app
