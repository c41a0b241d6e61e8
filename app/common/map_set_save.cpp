// saveMapSet: the .npz layout of map_set.hpp, written through the engine's npz writer (temporary file + rename).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstring>
#include <deque>
#include <system_error>

#include "common/map_set_format.hpp"
#include "topospike/error.hpp"
#include "topospike/io/npy.hpp"

namespace topospike::app {
namespace {

std::string metaJson(const MapSet& maps) {
    QJsonArray layers, contrasts;
    for (const auto& l : maps.layers) {
        QJsonArray dims;
        for (const std::int64_t d : l.dims) dims.append(static_cast<qint64>(d));
        layers.append(QJsonObject{{"name", QString::fromStdString(l.layer)}, {"units", static_cast<qint64>(l.units)},
                                  {"dims", dims}});
    }
    for (const auto& c : maps.contrasts) contrasts.append(QString::fromStdString(c));
    const QJsonObject meta{{"format", kMapSetFormat},
                           {"version", kMapSetVersion},
                           {"stimulus_set", QString::fromStdString(maps.stimulusSet)},
                           {"images", static_cast<qint64>(maps.images)},
                           {"T", maps.T},
                           {"key", QString::fromStdString(maps.key)},
                           {"layers", layers},
                           {"contrasts", contrasts}};
    return QJsonDocument(meta).toJson(QJsonDocument::Compact).toStdString();
}

/// The arrays to write; members point into `tensors`, a deque so they never move.
class Arrays {
public:
    template <class T>
    void add(std::string name, const std::vector<T>& values, std::vector<std::int64_t> shape) {
        Tensor& t = tensors_.emplace_back(std::is_same_v<T, float> ? DType::F32 : DType::F64, std::move(shape));
        if (!values.empty()) std::memcpy(t.bytes().data(), values.data(), values.size() * sizeof(T));
        members_.emplace_back(std::move(name), t);
    }
    void add(std::string name, const io::NpyArray& array) { members_.emplace_back(std::move(name), array); }
    const std::vector<io::NpzMember>& members() const noexcept { return members_; }

private:
    std::deque<Tensor> tensors_;
    std::vector<io::NpzMember> members_;
};

void addLayer(Arrays& out, const LayerMaps& l, const MapSet& maps) {
    const std::string p = l.layer + "/";
    for (const auto& f : kTuningFields) {
        const auto& levels = l.*f.levels;
        if (levels.empty()) continue;
        const auto k = static_cast<std::int64_t>(levels.size());
        out.add(p + f.levelsName, levels, {k});
        out.add(p + f.tuningName, l.*f.tuning, {l.units, k});
    }
    for (const auto& f : kUnitFields)
        if (!(l.*f.member).empty()) out.add(p + f.name, l.*f.member, {l.units});
    if (l.hasGratingMaps()) {
        std::vector<double> scores;
        for (const auto& f : kCurveFields) {
            const CurveData& c = l.*f.member;
            std::vector<double> rows = c.x;
            rows.insert(rows.end(), c.mean.begin(), c.mean.end());
            rows.insert(rows.end(), c.chance.begin(), c.chance.end());
            out.add(p + f.name, rows, {3, static_cast<std::int64_t>(c.x.size())});
            scores.push_back(c.score);
        }
        out.add(p + kSmoothnessScores, scores, {3});
    }
    if (!l.tValues.empty()) {
        std::vector<float> t;
        for (const auto& row : l.tValues) t.insert(t.end(), row.begin(), row.end());
        out.add(p + kTValues, t, {static_cast<std::int64_t>(l.tValues.size()), l.units});
    }
    for (const auto& f : kTimestepFields)
        if (!(l.*f.member).empty()) out.add(p + f.name, l.*f.member, {static_cast<std::int64_t>(maps.T)});
}

}  // namespace

void saveMapSet(const std::filesystem::path& path, const MapSet& maps) {
    if (const std::string problem = mapSetProblem(maps); !problem.empty())
        throw FileError(path.string(), "map set not written: " + problem);
    const io::NpyArray meta = io::NpyArray::fromStrings({metaJson(maps)});
    Arrays arrays;
    arrays.add("meta", meta);
    for (const auto& l : maps.layers) addLayer(arrays, l, maps);
    if (path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) throw FileError(path.string(), "cannot create its folder: " + ec.message());
    }
    io::writeNpz(path, arrays.members());
}

}  // namespace topospike::app
