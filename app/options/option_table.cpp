// The option table: every setting a user can make in the GUI or on the command line, in display order.
//
// Names follow the CLI where it already has a flag. Where today's CLI spells a setting differently, the table keeps
// one consistent name and the mapping is:
//   decay-input (Bool, default true)  ↔ topospike-cli --no-decay-input (sets it false; network_setup.cpp)
//   orientation / sf / phase / grating-contrast / colors
//                                     ↔ the keys of --grating ori=…,cpd=…,phase=…,contrast=…,color=… (stimulus_args.cpp;
//                                       its sf= key is cycles per image, the table's sf is cycles per degree)
//   colors: bw | red-cyan             ↔ color=bw | color=red-cyan (the CLI also accepts color=color)
// Bool options are flags on the command line: --name sets true, --no-name false (--help shows --[no-]name).
#include <cmath>

#include "common/color_modes.hpp"
#include "common/colormaps.hpp"
#include "options/option_table.hpp"

namespace topospike::options {
namespace {

/// "x0,x1,y0,y1": four percentages of the sheet's extent with x0 < x1 and y0 < y1; empty = the whole sheet.
QString checkZoomWindow(const QString& text) {
    if (text.isEmpty()) return {};
    const QStringList parts = text.split(',');
    double v[4] = {};
    bool good = parts.size() == 4;
    for (int i = 0; good && i < 4; ++i) {
        v[i] = parts[i].trimmed().toDouble(&good);
        good = good && v[i] >= 0.0 && v[i] <= 100.0;
    }
    if (!good) return QString("'%1' is not x0,x1,y0,y1 in percent (four numbers 0..100)").arg(text);
    if (v[0] >= v[1] || v[2] >= v[3]) return QString("'%1' needs x0 < x1 and y0 < y1").arg(text);
    return {};
}

/// A reset potential or "none" (soft reset: subtract the threshold).
QString checkReset(const QString& text) {
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (text.compare("none", Qt::CaseInsensitive) == 0 || (ok && std::isfinite(v))) return {};
    return QString("'%1' is not a number or 'none'").arg(text);
}

QStringList colorModeKeys() {
    QStringList keys;
    for (const auto& info : app::colorModes()) keys << QString::fromLatin1(info.key);
    return keys;
}

/// "auto" (the colour mode's own map) followed by every known colormap.
QStringList colormapChoices() {
    QStringList names{"auto"};
    for (const auto& name : app::colormapNames()) names << QString::fromStdString(name);
    return names;
}

std::vector<OptionSpec> buildTable() {
    using T = OptionType;
    return {
        // view: what the sheet shows and how
        {.name = "layer", .type = T::String, .defaultValue = "layer2.0", .group = "view",
         .help = "layer shown on the sheet", .valueName = "NAME"},
        {.name = "color-by", .type = T::Choice, .defaultValue = "orientation", .choices = colorModeKeys(),
         .group = "view", .help = "what colours the units", .valueName = "MODE"},
        {.name = "colormap", .type = T::Choice, .defaultValue = "auto", .choices = colormapChoices(),
         .group = "view", .help = "colormap (auto: the colour mode's own)", .valueName = "MAP"},
        {.name = "mask-percentile", .type = T::Double, .defaultValue = 0.0, .min = 0, .max = 99, .group = "view",
         .help = "hide weakly tuned units at or below this percentile of tuning strength (0: show all)",
         .valueName = "P"},
        {.name = "contrast", .type = T::String, .defaultValue = "", .group = "view",
         .help = "category contrast shown by color-by t (empty: the first)", .valueName = "NAME"},
        {.name = "timestep", .type = T::Int, .defaultValue = 0, .min = -1, .max = 63, .group = "view",
         .help = "timestep shown by spikes and membrane (-1: the last)", .valueName = "N"},
        {.name = "zoom-window", .type = T::String, .defaultValue = "", .group = "view",
         .help = "part of the sheet shown, in percent of its extent (empty: all)", .valueName = "X0,X1,Y0,Y1",
         .check = &checkZoomWindow},
        {.name = "point-size", .type = T::Double, .defaultValue = 0.0, .min = 0, .max = 5, .group = "view",
         .help = "unit dot diameter in mm (0: automatic)", .valueName = "MM"},

        // stimulus: what the network sees
        {.name = "stimulus", .type = T::Choice, .defaultValue = "grating", .choices = {"grating", "image"},
         .group = "stimulus", .help = "live stimulus kind", .valueName = "KIND"},
        {.name = "orientation", .type = T::Double, .defaultValue = 0.0, .min = 0, .max = 180, .group = "stimulus",
         .help = "grating orientation in degrees", .valueName = "DEG"},
        {.name = "sf", .type = T::Double, .defaultValue = 31.63 / 8.0, .min = 0.1, .max = 20,
         .group = "stimulus", .help = "grating spatial frequency in cycles/degree", .valueName = "CPD"},
        {.name = "phase", .type = T::Double, .defaultValue = 0.0, .min = 0, .max = 360, .group = "stimulus",
         .help = "grating phase in degrees", .valueName = "DEG"},
        {.name = "grating-contrast", .type = T::Double, .defaultValue = 1.0, .min = 0, .max = 1,
         .group = "stimulus", .help = "grating contrast", .valueName = "C"},
        {.name = "colors", .type = T::Choice, .defaultValue = "bw", .choices = {"bw", "red-cyan"},
         .group = "stimulus", .help = "grating colour pair", .valueName = "PAIR"},
        {.name = "image", .type = T::Path, .defaultValue = "", .group = "stimulus",
         .help = "image shown when stimulus is image", .valueName = "FILE"},

        // run: how the network is simulated
        {.name = "T", .type = T::Int, .defaultValue = 4, .min = 1, .max = 64, .group = "run",
         .help = "timesteps per stimulus", .valueName = "N"},
        {.name = "neuron", .type = T::Choice, .defaultValue = "lif", .choices = {"lif", "if", "ann"},
         .group = "run", .help = "neuron model (ann: ReLU, T = 1)", .valueName = "MODEL"},
        {.name = "tau", .type = T::Double, .defaultValue = 2.0, .min = 1, .max = 10000, .group = "run",
         .help = "LIF membrane time constant", .valueName = "X", .minExclusive = true},
        {.name = "v-threshold", .type = T::Double, .defaultValue = 1.0, .group = "run",
         .help = "firing threshold", .valueName = "X"},
        {.name = "v-reset", .type = T::String, .defaultValue = "0", .group = "run",
         .help = "reset potential (none: soft reset)", .valueName = "X|none", .check = &checkReset},
        {.name = "decay-input", .type = T::Bool, .defaultValue = true, .group = "run",
         .help = "SpikingJelly decay_input (CLI: --no-decay-input)", .valueName = {}},
        {.name = "threads", .type = T::Int, .defaultValue = 0, .min = 0, .max = 1024, .group = "run",
         .help = "worker threads (0: all cores)", .valueName = "N", .inSession = false},

        // analysis: the stimulus sets behind the maps
        {.name = "stimuli", .type = T::Choice, .defaultValue = "gratings", .choices = {"gratings", "images"},
         .group = "analysis", .help = "stimulus set analysed", .valueName = "SET"},
        {.name = "image-set", .type = T::Path, .defaultValue = "", .group = "analysis",
         .help = "image set folder for the category analysis", .valueName = "DIR"},
        {.name = "percentile", .type = T::Double, .defaultValue = 75.0, .min = 0, .max = 100, .group = "analysis",
         .help = "tuning-strength percentile for smoothness and masks", .valueName = "P"},

        // figure: the exported picture
        {.name = "dpi", .type = T::Double, .defaultValue = 300.0, .min = 50, .max = 2400, .group = "figure",
         .help = "raster resolution in dots per inch", .valueName = "DPI"},
        {.name = "width", .type = T::Length, .defaultValue = 85.0, .min = 10, .max = 500, .group = "figure",
         .help = "figure width (mm, cm, in or pt)", .valueName = "LENGTH"},
        {.name = "height", .type = T::Length, .defaultValue = 0.0, .min = 0, .max = 500, .group = "figure",
         .help = "figure height (0: from the content)", .valueName = "LENGTH"},
        {.name = "background", .type = T::Choice, .defaultValue = "white", .choices = {"white", "transparent"},
         .group = "figure", .help = "figure background", .valueName = "BG"},
        {.name = "vector", .type = T::Bool, .defaultValue = false, .group = "figure",
         .help = "draw sheets as vector dots instead of an embedded image", .valueName = {}},
        {.name = "title", .type = T::String, .defaultValue = "", .group = "figure", .help = "figure title",
         .valueName = "TEXT"},
        {.name = "columns", .type = T::Int, .defaultValue = 0, .min = 0, .max = 8, .group = "figure",
         .help = "panels per row (0: automatic)", .valueName = "N"},
        {.name = "font-size", .type = T::Double, .defaultValue = 7.0, .min = 4, .max = 24, .group = "figure",
         .help = "font size in points", .valueName = "PT"},
        {.name = "colorbar", .type = T::Bool, .defaultValue = true, .group = "figure",
         .help = "draw a colorbar beside each sheet", .valueName = {}},
        {.name = "scale-bar", .type = T::Bool, .defaultValue = true, .group = "figure",
         .help = "draw a scale bar on each sheet", .valueName = {}},
        {.name = "scale-bar-mm", .type = T::Double, .defaultValue = 0.0, .min = 0, .max = 100, .group = "figure",
         .help = "scale bar length in mm of cortex (0: automatic)", .valueName = "MM"},
    };
}

}  // namespace

const std::vector<OptionSpec>& optionTable() {
    static const std::vector<OptionSpec> table = buildTable();
    return table;
}

const OptionSpec* findOption(const QString& name) {
    for (const OptionSpec& spec : optionTable())
        if (spec.name == name) return &spec;
    return nullptr;
}

}  // namespace topospike::options
