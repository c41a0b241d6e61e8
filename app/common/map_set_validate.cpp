// mapSetProblem: the consistency rules saveMapSet checks before writing and loadMapSet after reading.
#include <set>

#include "common/map_set_format.hpp"

namespace topospike::app {
namespace {

std::string layerProblem(const LayerMaps& l, const MapSet& maps) {
    const auto units = static_cast<std::size_t>(l.units);
    if (l.units <= 0) return "has no units";
    std::int64_t product = l.dims.empty() ? 0 : 1;
    for (const std::int64_t d : l.dims) product = d > 0 ? product * d : 0;
    if (product != l.units) return "has dims whose product is not its " + std::to_string(l.units) + " units";
    const bool gratings = l.hasGratingMaps();
    for (const auto& f : kUnitFields) {
        const auto& v = l.*f.member;
        if (f.grating && v.empty() == gratings) return std::string(f.name) + (gratings ? " is missing" : " without the other grating maps");
        if (!v.empty() && v.size() != units)
            return std::string(f.name) + " has " + std::to_string(v.size()) + " values for " + std::to_string(l.units) + " units";
    }
    for (const auto& f : kTuningFields) {
        const auto& levels = l.*f.levels;
        const auto& tuning = l.*f.tuning;
        if (levels.empty() == gratings) return std::string(f.levelsName) + (gratings ? " is missing" : " without the other grating maps");
        if (tuning.size() != units * levels.size())
            return std::string(f.tuningName) + " has " + std::to_string(tuning.size()) + " values, not units x levels";
    }
    for (const auto& f : kCurveFields) {
        const CurveData& c = l.*f.member;
        if (c.empty() == gratings) return std::string(f.name) + (gratings ? " is missing" : " without the other grating maps");
        if (c.mean.size() != c.x.size() || c.chance.size() != c.x.size())
            return std::string(f.name) + " has curves of different lengths";
    }
    if (!l.tValues.empty()) {
        if (l.tValues.size() != maps.contrasts.size())
            return "has " + std::to_string(l.tValues.size()) + " t-maps for " + std::to_string(maps.contrasts.size()) + " contrasts";
        for (const auto& t : l.tValues)
            if (t.size() != units) return "has a t-map of " + std::to_string(t.size()) + " values for " + std::to_string(l.units) + " units";
    }
    for (const auto& f : kTimestepFields) {
        const auto& v = l.*f.member;
        if (!v.empty() && v.size() != static_cast<std::size_t>(maps.T))
            return std::string(f.name) + " has " + std::to_string(v.size()) + " values for T = " + std::to_string(maps.T);
    }
    return {};
}

}  // namespace

std::string mapSetProblem(const MapSet& maps) {
    if (maps.T < 0 || maps.T > 64) return "T = " + std::to_string(maps.T) + " is outside 0..64";
    if (maps.images < 0) return "negative image count";
    for (const auto& c : maps.contrasts)
        if (c.empty()) return "a contrast without a name";
    std::set<std::string> names;
    for (const auto& l : maps.layers) {
        if (l.layer.empty() || l.layer.find('/') != std::string::npos)
            return "layer name '" + l.layer + "' is empty or holds '/'";
        if (!names.insert(l.layer).second) return "layer " + l.layer + " appears twice";
        if (const std::string p = layerProblem(l, maps); !p.empty()) return "layer " + l.layer + " " + p;
    }
    return {};
}

}  // namespace topospike::app
