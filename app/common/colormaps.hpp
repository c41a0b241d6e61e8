#pragma once
// Named colormaps for sheets, colorbars and figures: the same tables feed the GPU (1-D textures), the QPainter
// colorbars and the figure composer, so a colour means the same everywhere.
//
// Continuous maps are 256-entry tables sampled from their definitions (matplotlib's viridis, magma, inferno,
// plasma, cividis, twilight, bwr, hsv; TDANN's 7-stop Nauhaus-2012 orientation map made periodic); categorical
// maps hold one colour per category (fLoc domain colours; colour preference's two levels).

#include <QColor>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace topospike::app {

struct Colormap {
    std::string name;         ///< "viridis", "nauhaus", …
    std::string description;  ///< one line for menus and --help
    bool cyclic = false;      ///< first and last colours meet (orientation: 0° = 180°)
    bool categorical = false; ///< one entry per category, no interpolation
    /// 256 entries (continuous) or one per category. Continuous entry i is the map at t = i / 255; cyclic
    /// entry i at t = i / 256 (one period: the last entry blends back into the first).
    std::vector<std::array<std::uint8_t, 3>> table;

    /// Colour at t ∈ [0, 1] (clamped; cyclic maps wrap, so t = 1 gives the colour of t = 0), interpolated
    /// linearly between entries. Categorical maps: entry round(t · (n − 1)). NaN: an invalid QColor.
    QColor at(double t) const;
    /// Entry i of the table (categorical maps: category i). Throws std::out_of_range past the end.
    QColor entry(std::size_t i) const;
};

/// The map named `name` (case-insensitive). Throws std::invalid_argument listing the known names.
const Colormap& colormap(std::string_view name);
/// Every known name, continuous maps first.
std::vector<std::string> colormapNames();

}  // namespace topospike::app
