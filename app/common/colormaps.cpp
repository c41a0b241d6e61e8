// Colormap registry: the generated 256-entry tables (colormap_tables.cpp) plus the categorical maps.

#include "common/colormaps.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "common/colormap_tables.hpp"

namespace topospike::app {
namespace {

using Rgb = std::array<std::uint8_t, 3>;

Colormap continuous(std::string name, std::string description, const tables::ColormapTable& table,
                    bool cyclic = false) {
    return Colormap{std::move(name), std::move(description), cyclic, false, {table.begin(), table.end()}};
}

Rgb hex(std::uint32_t rgb) {
    return {static_cast<std::uint8_t>(rgb >> 16), static_cast<std::uint8_t>(rgb >> 8),
            static_cast<std::uint8_t>(rgb)};
}

const std::vector<Colormap>& registry() {
    static const std::vector<Colormap> maps = [] {
        std::vector<Colormap> m;
        m.push_back(
            continuous("viridis", "Viridis: perceptually uniform, dark blue to yellow", tables::viridis));
        m.push_back(continuous("magma", "Magma: perceptually uniform, black to light yellow", tables::magma));
        m.push_back(continuous("inferno", "Inferno: perceptually uniform, black to yellow", tables::inferno));
        m.push_back(continuous("plasma", "Plasma: perceptually uniform, blue to yellow", tables::plasma));
        m.push_back(
            continuous("cividis", "Cividis: uniform and colour-vision-deficiency friendly", tables::cividis));
        m.push_back(continuous("gray", "Gray: black to white", tables::gray));
        m.push_back(continuous("bwr", "Blue-white-red: diverging, white in the middle", tables::bwr));
        m.push_back(continuous("twilight", "Twilight: cyclic, perceptually uniform", tables::twilight, true));
        m.push_back(continuous("hsv", "HSV: cyclic hue wheel", tables::hsv, true));
        m.push_back(
            continuous("nauhaus", "Nauhaus 2012 (TDANN): cyclic orientation map", tables::nauhaus, true));
        m.push_back(Colormap{
            "floc",
            "fLoc domains: faces, bodies, characters, places, objects, non-selective",
            false,
            true,
            {hex(0xD43328), hex(0xE8B631), hex(0x4B2021), hex(0x20913E), hex(0x33B0FF), hex(0xBBBBBB)}});
        m.push_back(Colormap{
            "binary", "Colour preference: black/white, colour", false, true, {hex(0x7F7F7F), hex(0xD62728)}});
        return m;
    }();
    return maps;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

QColor rgb(const Rgb& c) {
    return QColor(c[0], c[1], c[2]);
}

}  // namespace

QColor Colormap::at(double t) const {
    if (table.empty() || std::isnan(t)) return {};
    const auto n = table.size();
    if (categorical) {
        const double x = std::clamp(t, 0.0, 1.0) * static_cast<double>(n - 1);
        return rgb(table[static_cast<std::size_t>(std::lround(x))]);
    }
    double x = 0.0;
    if (cyclic) {
        if (!std::isfinite(t)) t = 0.0;
        x = (t - std::floor(t)) * static_cast<double>(n);  // one period spans all n entries
    } else {
        x = std::clamp(t, 0.0, 1.0) * static_cast<double>(n - 1);
    }
    const auto i = std::min(static_cast<std::size_t>(x), n - 1);
    const auto j = cyclic ? (i + 1) % n : std::min(i + 1, n - 1);
    const double f = x - static_cast<double>(i);
    auto channel = [&](int c) { return ((1.0 - f) * table[i][c] + f * table[j][c]) / 255.0; };
    return QColor::fromRgbF(static_cast<float>(channel(0)), static_cast<float>(channel(1)),
                            static_cast<float>(channel(2)));
}

QColor Colormap::entry(std::size_t i) const {
    if (i >= table.size())
        throw std::out_of_range("colormap " + name + " has " + std::to_string(table.size()) +
                                " entries, not " + std::to_string(i + 1));
    return rgb(table[i]);
}

const Colormap& colormap(std::string_view name) {
    for (const auto& m : registry())
        if (equalsIgnoringCase(m.name, name)) return m;
    std::string known;
    for (const auto& n : colormapNames()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown colormap '" + std::string(name) + "' (known: " + known + ")");
}

std::vector<std::string> colormapNames() {
    std::vector<std::string> names;
    for (const auto& m : registry()) names.push_back(m.name);
    return names;
}

}  // namespace topospike::app
