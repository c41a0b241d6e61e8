// TDANN's cortical areas and the layer -> area rule (see topospike/sheet/areas.hpp).

#include "topospike/sheet/areas.hpp"

#include <array>
#include <cctype>
#include <charconv>

namespace topospike::sheet {
namespace {

constexpr std::array<AreaSpec, 5> kAreas = {{
    {Area::Retina, "retina", 2.4, 0.0475},
    {Area::V1, "V1", 36.75, 1.626},
    {Area::V2, "V2", 35.0, 3.977},
    {Area::V4, "V4", 22.4, 2.545},
    {Area::IT, "IT", 70.0, 31.818},
}};

bool equalsIgnoringCase(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

/// Stage S and block B of a "layerS.B" name (both non-negative integers), or nullopt.
std::optional<std::pair<int, int>> stageAndBlock(std::string_view name) noexcept {
    constexpr std::string_view prefix = "layer";
    if (!name.starts_with(prefix)) return std::nullopt;
    name.remove_prefix(prefix.size());
    const auto dot = name.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    int stage = 0, block = 0;
    const auto parse = [](std::string_view text, int& value) {
        const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
        return !text.empty() && r.ec == std::errc() && r.ptr == text.data() + text.size() && value >= 0;
    };
    if (!parse(name.substr(0, dot), stage) || !parse(name.substr(dot + 1), block)) return std::nullopt;
    return std::pair{stage, block};
}

}  // namespace

const AreaSpec& areaSpec(Area area) noexcept { return kAreas[static_cast<std::size_t>(area)]; }

std::optional<Area> parseArea(std::string_view name) noexcept {
    if (equalsIgnoringCase(name, "VTC")) return Area::IT;
    for (const AreaSpec& a : kAreas)
        if (equalsIgnoringCase(name, a.name)) return a.area;
    return std::nullopt;
}

std::optional<Area> tdannResnet18Area(std::string_view layer) noexcept {
    if (layer == "layer1.0" || layer == "layer1.1") return Area::Retina;
    if (layer == "layer2.0" || layer == "layer2.1") return Area::V1;
    if (layer == "layer3.0") return Area::V2;
    if (layer == "layer3.1") return Area::V4;
    if (layer == "layer4.0" || layer == "layer4.1") return Area::IT;
    return std::nullopt;
}

LayerArea areaForLayer(std::string_view layer) {
    if (const auto a = tdannResnet18Area(layer)) return {*a, true, "TDANN's ResNet-18 layer table"};
    if (const auto sb = stageAndBlock(layer); sb && sb->first >= 1 && sb->first <= 4) {
        const auto [stage, block] = *sb;
        const Area a = stage == 1   ? Area::Retina
                       : stage == 2 ? Area::V1
                       : stage == 3 ? (block == 0 ? Area::V2 : Area::V4)
                                    : Area::IT;
        return {a, false, "TDANN's ResNet-18 rule applied by stage"};
    }
    return {Area::V1, false, "not a ResNet block output: V1 by default"};
}

}  // namespace topospike::sheet
