#pragma once
// What a cortical sheet is coloured by, and the per-unit numbers, range, colormap and labels for it. The GUI's
// sheet view, its colorbar and the figure composer all take their numbers from sheetValues(), so they agree.
//
// Modes (key: meaning; source):
//   orientation: preferred orientation, degrees [0, 180), cyclic;   grating maps (V1 analysis)
//   sf:          preferred spatial frequency, cycles/degree;        grating maps
//   color:       colour preference, categorical (b/w, colour);      grating maps
//   t:           category t-value of one contrast, bwr, ±15;        category maps (IT analysis)
//   categories:  units with t > 10 in the fLoc colours, grey else;  category maps
//   rate:        firing rate, spikes per timestep, [0, 1];          analysed set when present, else the live stimulus
//   entropy:     spike entropy, bits, [0, 1];                       analysed set when present, else the live stimulus
//   spikes:      spikes at the current timestep (0/1);              live stimulus
//   membrane:    membrane charge H at the current timestep;         live stimulus (symmetric range around threshold)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/map_set.hpp"
#include "topospike/run/layer_record.hpp"

namespace topospike::app {

enum class ColorMode { Orientation, SpatialFrequency, ColorPreference, CategoryT, Categories, FiringRate, Entropy,
                       SpikesNow, Membrane };

struct ColorModeInfo {
    ColorMode mode;
    const char* key;              ///< "orientation", "sf", "color", "t", "categories", "rate", "entropy", "spikes", "membrane"
    const char* label;            ///< menu text, "Orientation preference"
    const char* defaultColormap;  ///< "nauhaus", "viridis", "binary", "bwr", "floc", "magma", "viridis", "gray", "bwr"
    bool needsGratingMaps;        ///< empty until the grating set was analysed
    bool needsCategoryMaps;       ///< empty until an image set was analysed
    bool perTimestep;             ///< changes with the time scrubber
};
const std::vector<ColorModeInfo>& colorModes();
const ColorModeInfo& colorModeInfo(ColorMode mode);
/// Parses a key (case-insensitive). nullopt for an unknown key.
std::optional<ColorMode> parseColorMode(std::string_view key);

struct ColorScale {
    std::string colormap;                    ///< a colormaps.hpp name
    double min = 0.0, max = 1.0;             ///< values at the colormap's ends
    std::string title;                       ///< "Preferred orientation (°)"
    std::string minLabel, maxLabel;          ///< colorbar end labels ("0°", "180°")
    std::vector<std::string> categoryNames;  ///< categorical scales: one per colormap entry
    bool categorical = false;
};

struct ColorRequest {
    ColorMode mode = ColorMode::SpikesNow;
    std::string colormap;          ///< empty: the mode's default
    int timestep = 0;              ///< spikes / membrane
    int contrast = 0;              ///< t: which contrast of the category maps
    double maskPercentile = 0.0;   ///< orientation/sf/color: hide units whose tuning peak-to-peak is at or below
                                   ///< this percentile (TDANN: 75); 0 shows every unit
    double tThreshold = 10.0;      ///< categories: t above which a unit takes its category's colour
    std::vector<std::string> contrastNames;  ///< t / categories: MapSet::contrasts (titles; fLoc domain colours
                                             ///< by name, case-insensitive); empty: row i is fLoc domain i mod 5
    std::int64_t setImages = 0;    ///< images in the analysed category set (MapSet::images), for `source`
};

struct SheetValues {
    std::vector<float> values;  ///< one per unit; NaN = not drawn (masked or no data)
    ColorScale scale;
    std::string source;         ///< "640 gratings", "current stimulus", …, for the colorbar subtitle
    std::string missing;        ///< non-empty when there is nothing to show yet, saying why ("run the grating
                                ///< analysis (Analyses → Gratings)")
};

/// The values of one layer for `request`. `gratings` / `categories` are the layer's analysed maps (nullptr when
/// not computed); `live` the layer's record for the current stimulus (nullptr before the first run). `units`
/// is the layer's unit count (the positions'); data of another size is reported as `missing`. `timestep` is
/// clamped into the live record's 0..T-1 (the scrubber may lag a new run). Throws std::invalid_argument for an
/// unknown colormap or a maskPercentile outside [0, 100].
SheetValues sheetValues(const ColorRequest& request, std::int64_t units, const LayerMaps* gratings,
                        const LayerMaps* categories, const run::LayerRecord* live, double vThreshold = 1.0);

}  // namespace topospike::app
