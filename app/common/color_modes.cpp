#include "common/color_modes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "common/colormaps.hpp"
#include "topospike/analysis/entropy.hpp"
#include "topospike/analysis/statistics.hpp"

namespace topospike::app {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// fLoc's five domains in the order of the "floc" colormap's first entries; entry 5 is "not selective".
constexpr std::array<std::string_view, 5> kFlocDomains{"faces", "bodies", "characters", "places", "objects"};
constexpr int kNotSelective = 5;

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// printf-style %.<digits>g: "0.69", "14", "1.5".
std::string significant(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

// Sets `out.missing` and leaves every value NaN.
SheetValues& markMissing(SheetValues& out, std::string why) {
    std::fill(out.values.begin(), out.values.end(), kNaN);
    out.missing = std::move(why);
    return out;
}

// True when `data` holds one value per unit; otherwise marks `out` missing, naming both sizes.
bool fits(SheetValues& out, std::size_t size, std::int64_t units, const char* what) {
    if (static_cast<std::int64_t>(size) == units) return true;
    markMissing(out, std::string(what) + " hold " + std::to_string(size) + " units but the layer has " +
                         std::to_string(units) + "; run the analysis again for these positions");
    return false;
}

void copyValues(SheetValues& out, const std::vector<float>& v) { std::copy(v.begin(), v.end(), out.values.begin()); }

// Hides units whose tuning peak-to-peak is at or below the `percent` percentile of the layer's (TDANN's V1 mask).
void maskByPercentile(std::vector<float>& values, const std::vector<float>& ptp, double percent) {
    if (percent <= 0.0 || ptp.size() != values.size()) return;
    std::vector<double> finite;
    finite.reserve(ptp.size());
    for (float p : ptp)
        if (std::isfinite(p)) finite.push_back(p);
    const double cut = analysis::scoreAtPercentile(finite, percent);
    for (std::size_t u = 0; u < values.size(); ++u)
        if (std::isfinite(ptp[u]) && ptp[u] <= cut) values[u] = kNaN;
}

// The "floc" colormap entry of contrast row `i`: its fLoc domain by name, else the domains in turn.
int flocEntry(const std::vector<std::string>& names, std::size_t i) {
    if (i < names.size())
        for (std::size_t d = 0; d < kFlocDomains.size(); ++d)
            if (equalsIgnoreCase(names[i], kFlocDomains[d])) return static_cast<int>(d);
    return static_cast<int>(i % kFlocDomains.size());
}

// Row i's name: the request's, else (no names given) fLoc domain i, else "contrast i".
std::string contrastName(const ColorRequest& r, std::size_t i) {
    if (i < r.contrastNames.size()) return r.contrastNames[i];
    if (r.contrastNames.empty() && i < kFlocDomains.size()) return std::string(kFlocDomains[i]);
    return "contrast " + std::to_string(i);
}

std::string categorySource(const ColorRequest& r) {
    return r.setImages > 0 ? std::to_string(r.setImages) + " images" : "image set";
}

const char* const kNeedGratings = "run the grating analysis (Analyses \u2192 Gratings) to map V1 preferences";
const char* const kNeedCategories =
    "analyse a labelled image set (Analyses \u2192 Image set) to map category selectivity";
const char* const kNeedStimulus = "present a stimulus (Stimulus panel) to see this layer's activity";

void gratingMode(SheetValues& out, const ColorRequest& r, std::int64_t units, const LayerMaps* g) {
    ColorScale& s = out.scale;
    if (r.mode == ColorMode::Orientation) {
        s.title = "Preferred orientation (\u00b0)";
        s.min = 0.0, s.max = 180.0;
        s.minLabel = "0\u00b0", s.maxLabel = "180\u00b0";
    } else if (r.mode == ColorMode::SpatialFrequency) {
        s.title = "Preferred spatial frequency (cycles/\u00b0)";
        if (g && !g->sfLevels.empty()) {
            const auto [lo, hi] = std::minmax_element(g->sfLevels.begin(), g->sfLevels.end());
            s.min = *lo, s.max = *hi;
        }
        s.minLabel = significant(s.min, 2) + " cpd", s.maxLabel = significant(s.max, 2) + " cpd";
    } else {
        s.title = "Colour preference";
        s.min = 0.0, s.max = 1.0;
        s.categorical = true;
        s.categoryNames = {"b/w", "colour"};
        s.minLabel = "b/w", s.maxLabel = "colour";
    }
    if (!g || !g->hasGratingMaps()) {
        markMissing(out, kNeedGratings);
        return;
    }
    const std::vector<float>& v = r.mode == ColorMode::Orientation        ? g->orientationDeg
                                  : r.mode == ColorMode::SpatialFrequency ? g->sfCpd
                                                                          : g->colorPreference;
    const std::vector<float>& ptp = r.mode == ColorMode::Orientation        ? g->orientationPtp
                                    : r.mode == ColorMode::SpatialFrequency ? g->sfPtp
                                                                            : g->colorPtp;
    if (!fits(out, v.size(), units, "the grating maps")) return;
    copyValues(out, v);
    maskByPercentile(out.values, ptp, r.maskPercentile);
    out.source = "640 gratings";
}

void tMode(SheetValues& out, const ColorRequest& r, std::int64_t units, const LayerMaps* c) {
    ColorScale& s = out.scale;
    s.min = -15.0, s.max = 15.0;
    s.minLabel = "\u221215", s.maxLabel = "+15";
    s.title = "t (" + contrastName(r, static_cast<std::size_t>(std::max(r.contrast, 0))) + ")";
    if (!c || !c->hasCategoryMaps()) {
        markMissing(out, kNeedCategories);
        return;
    }
    if (r.contrast < 0 || static_cast<std::size_t>(r.contrast) >= c->tValues.size()) {
        markMissing(out, "contrast " + std::to_string(r.contrast) + " does not exist: the category maps hold " +
                             std::to_string(c->tValues.size()) + " contrasts");
        return;
    }
    const auto& t = c->tValues[static_cast<std::size_t>(r.contrast)];
    if (!fits(out, t.size(), units, "the category maps")) return;
    copyValues(out, t);  // the colour scale saturates at ±15; the inspector still reads the true t
    out.source = categorySource(r);
}

void categoriesMode(SheetValues& out, const ColorRequest& r, std::int64_t units, const LayerMaps* c) {
    ColorScale& s = out.scale;
    s.title = "Category selectivity (t > " + significant(r.tThreshold, 3) + ")";
    s.categorical = true;
    s.min = 0.0, s.max = kNotSelective;
    s.categoryNames.assign(kFlocDomains.begin(), kFlocDomains.end());
    s.categoryNames.push_back("not selective");
    const std::size_t rows = c ? c->tValues.size() : r.contrastNames.size();
    std::vector<bool> named(kFlocDomains.size(), false);
    for (std::size_t i = 0; i < rows; ++i) {  // an entry is named after the contrasts drawn in its colour
        const auto e = static_cast<std::size_t>(flocEntry(r.contrastNames, i));
        const std::string name = contrastName(r, i);
        s.categoryNames[e] = named[e] ? s.categoryNames[e] + "/" + name : name;
        named[e] = true;
    }
    s.minLabel = s.categoryNames.front(), s.maxLabel = s.categoryNames.back();
    if (!c || !c->hasCategoryMaps()) {
        markMissing(out, kNeedCategories);
        return;
    }
    for (const auto& t : c->tValues)
        if (!fits(out, t.size(), units, "the category maps")) return;
    for (std::int64_t u = 0; u < units; ++u) {
        int best = -1;
        float bestT = 0.0f;
        for (std::size_t i = 0; i < rows; ++i) {
            const float t = c->tValues[i][static_cast<std::size_t>(u)];
            if (t > r.tThreshold && (best < 0 || t > bestT)) best = static_cast<int>(i), bestT = t;
        }
        out.values[static_cast<std::size_t>(u)] =
            static_cast<float>(best < 0 ? kNotSelective : flocEntry(r.contrastNames, static_cast<std::size_t>(best)));
    }
    out.source = categorySource(r);
}

// Rate and entropy: the analysed set's per-unit array when one exists (gratings first), else the live stimulus.
void activityMode(SheetValues& out, const ColorRequest& r, std::int64_t units, const LayerMaps* g,
                  const LayerMaps* c, const run::LayerRecord* live) {
    const bool rate = r.mode == ColorMode::FiringRate;
    ColorScale& s = out.scale;
    s.min = 0.0, s.max = 1.0;
    s.title = rate ? "Firing rate (spikes per timestep)" : "Spike entropy (bits)";
    s.minLabel = "0", s.maxLabel = "1";
    const auto pick = [&](const LayerMaps* m) -> const std::vector<float>* {
        if (!m) return nullptr;
        const auto& v = rate ? m->meanRate : m->entropy;
        return v.empty() ? nullptr : &v;
    };
    if (const auto* v = pick(g)) {
        if (!fits(out, v->size(), units, "the grating maps")) return;
        copyValues(out, *v);
        out.source = "640 gratings";
        return;
    }
    if (const auto* v = pick(c)) {
        if (!fits(out, v->size(), units, "the category maps")) return;
        copyValues(out, *v);
        out.source = categorySource(r);
        return;
    }
    if (!live || live->timesteps() <= 0) {
        markMissing(out, kNeedStimulus);
        return;
    }
    if (!fits(out, static_cast<std::size_t>(live->units()), units, "the recorded spikes")) return;
    const int T = live->timesteps();
    if (rate) {
        const std::vector<float> counts = live->counts();
        for (std::int64_t u = 0; u < units; ++u)
            out.values[static_cast<std::size_t>(u)] = counts[static_cast<std::size_t>(u)] / static_cast<float>(T);
    } else {
        for (std::int64_t u = 0; u < units; ++u) {  // firing probability: the fraction of timesteps with output
            int fired = 0;
            for (int t = 0; t < T; ++t) fired += live->value(t, u) != 0.0f;
            out.values[static_cast<std::size_t>(u)] =
                static_cast<float>(analysis::binaryEntropy(static_cast<double>(fired) / T));
        }
    }
    out.source = "current stimulus";
}

void liveMode(SheetValues& out, const ColorRequest& r, std::int64_t units, const run::LayerRecord* live,
              double vThreshold) {
    const bool spikes = r.mode == ColorMode::SpikesNow;
    ColorScale& s = out.scale;
    const int T = live ? live->timesteps() : 0;
    const int t = std::clamp(r.timestep, 0, std::max(T - 1, 0));
    if (spikes) {
        s.title = "Spikes at t = " + std::to_string(t);
        s.min = 0.0, s.max = 1.0;
        s.minLabel = "0", s.maxLabel = "1";
    } else {
        const double m = std::abs(vThreshold) * 1.5;
        s.title = "Membrane charge H (t = " + std::to_string(t) + ")";
        s.min = -m, s.max = m;
        s.minLabel = significant(-m, 3), s.maxLabel = significant(m, 3);
    }
    if (!live || T <= 0) {
        markMissing(out, kNeedStimulus);
        return;
    }
    if (!fits(out, static_cast<std::size_t>(live->units()), units, "the recorded spikes")) return;
    out.source = "current stimulus";
    if (spikes) {
        for (std::int64_t u = 0; u < units; ++u) out.values[static_cast<std::size_t>(u)] = live->value(t, u);
        return;
    }
    const auto& h = live->membrane();
    const auto base = static_cast<std::size_t>(t) * static_cast<std::size_t>(units);
    if (h.size() < base + static_cast<std::size_t>(units)) {
        out.source.clear();
        markMissing(out, "membrane not recorded: turn on membrane recording and run the stimulus again");
        return;
    }
    std::copy_n(h.begin() + static_cast<std::ptrdiff_t>(base), units, out.values.begin());
}

}  // namespace

const std::vector<ColorModeInfo>& colorModes() {
    static const std::vector<ColorModeInfo> modes{
        {ColorMode::Orientation, "orientation", "Orientation preference", "nauhaus", true, false, false},
        {ColorMode::SpatialFrequency, "sf", "Spatial frequency preference", "viridis", true, false, false},
        {ColorMode::ColorPreference, "color", "Colour preference", "binary", true, false, false},
        {ColorMode::CategoryT, "t", "Category t-value", "bwr", false, true, false},
        {ColorMode::Categories, "categories", "Category patches", "floc", false, true, false},
        {ColorMode::FiringRate, "rate", "Firing rate", "magma", false, false, false},
        {ColorMode::Entropy, "entropy", "Spike entropy", "viridis", false, false, false},
        {ColorMode::SpikesNow, "spikes", "Spikes now", "gray", false, false, true},
        {ColorMode::Membrane, "membrane", "Membrane charge", "bwr", false, false, true},
    };
    return modes;
}

const ColorModeInfo& colorModeInfo(ColorMode mode) {
    for (const auto& m : colorModes())
        if (m.mode == mode) return m;
    throw std::invalid_argument("unknown colour mode");  // unreachable: the table lists every enumerator
}

std::optional<ColorMode> parseColorMode(std::string_view key) {
    for (const auto& m : colorModes())
        if (equalsIgnoreCase(key, m.key)) return m.mode;
    return std::nullopt;
}

SheetValues sheetValues(const ColorRequest& request, std::int64_t units, const LayerMaps* gratings,
                        const LayerMaps* categories, const run::LayerRecord* live, double vThreshold) {
    if (!(request.maskPercentile >= 0.0 && request.maskPercentile <= 100.0))
        throw std::invalid_argument("mask percentile " + std::to_string(request.maskPercentile) +
                                    " is outside [0, 100]");
    SheetValues out;
    const ColorModeInfo& info = colorModeInfo(request.mode);
    out.scale.colormap = colormap(request.colormap.empty() ? info.defaultColormap : request.colormap).name;
    out.values.assign(static_cast<std::size_t>(std::max<std::int64_t>(units, 0)), kNaN);
    switch (request.mode) {
        case ColorMode::Orientation:
        case ColorMode::SpatialFrequency:
        case ColorMode::ColorPreference: gratingMode(out, request, units, gratings); break;
        case ColorMode::CategoryT: tMode(out, request, units, categories); break;
        case ColorMode::Categories: categoriesMode(out, request, units, categories); break;
        case ColorMode::FiringRate:
        case ColorMode::Entropy: activityMode(out, request, units, gratings, categories, live); break;
        case ColorMode::SpikesNow:
        case ColorMode::Membrane: liveMode(out, request, units, live, vThreshold); break;
    }
    return out;
}

}  // namespace topospike::app
