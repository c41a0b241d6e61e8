#include "gui/unit_inspection.hpp"

#include "common/nearest_units.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace topospike::gui {

std::vector<std::int64_t> nearestUnits(const SheetLayer& layer, std::int64_t unit, int count) {
    return app::nearestUnits<float>(layer.xy, unit, count);
}

UnitInspection inspectUnit(const InspectionSources& s, std::int64_t unit, const QString& valueText) {
    UnitInspection u;
    if (!s.layer) return u;
    const SheetLayer& L = *s.layer;
    u.layer = QString::fromStdString(L.name);
    u.unit = unit;
    u.valueText = valueText;
    if (L.dims.size() == 3) {
        const std::int64_t hw = L.dims[1] * L.dims[2];
        u.c = static_cast<int>(unit / hw);
        u.h = static_cast<int>((unit % hw) / L.dims[2]);
        u.w = static_cast<int>(unit % L.dims[2]);
    }
    u.xMm = L.xy[2 * unit];
    u.yMm = L.xy[2 * unit + 1];
    u.threshold = s.threshold;

    if (const auto* g = s.gratings; g && g->hasGratingMaps()) {
        const auto row = [](const std::vector<float>& m, std::size_t levels, std::int64_t i) {
            return std::vector<double>(m.begin() + static_cast<std::ptrdiff_t>(i * levels),
                                       m.begin() + static_cast<std::ptrdiff_t>((i + 1) * levels));
        };
        u.orientationLevels = g->orientationLevels;
        u.orientationCurve = row(g->orientationTuning, g->orientationLevels.size(), unit);
        u.sfLevels = g->sfLevels;
        u.sfCurve = row(g->sfTuning, g->sfLevels.size(), unit);
        u.preferredOrientation = g->orientationDeg[unit];
        u.orientationSelectivity = g->orientationSelectivity[unit];
        u.preferredSf = g->sfCpd[unit];
    }
    if (const auto* c = s.categories; c && c->hasCategoryMaps() && s.contrasts) {
        for (std::size_t k = 0; k < c->tValues.size() && k < s.contrasts->size(); ++k)
            u.tValues.emplace_back(QString::fromStdString((*s.contrasts)[k]), c->tValues[k][unit]);
    }
    if (const auto* r = s.live; r && r->units() == static_cast<std::int64_t>(L.xy.size() / 2)) {
        const int T = r->timesteps();
        const auto rows = nearestUnits(L, unit, s.neighbours + 1);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            std::vector<std::uint8_t> marks(static_cast<std::size_t>(T));
            for (int t = 0; t < T; ++t) marks[t] = r->value(t, rows[i]) != 0.0f;
            u.raster.rows.push_back(std::move(marks));
            const double dx = L.xy[2 * rows[i]] - u.xMm, dy = L.xy[2 * rows[i] + 1] - u.yMm;
            u.raster.rowLabels.push_back(i == 0 ? QStringLiteral("unit")
                                                : QStringLiteral("%1 mm").arg(std::hypot(dx, dy), 0, 'f', 2));
        }
        u.raster.highlightRow = 0;
        for (int t = 0; t < T; ++t) u.spikes.push_back(r->value(t, unit));
        if (!r->membrane().empty())
            for (int t = 0; t < T; ++t) u.membrane.push_back(r->membrane()[static_cast<std::size_t>(t * r->units() + unit)]);
    }
    return u;
}

LayerInspection inspectLayer(const InspectionSources& s) {
    LayerInspection l;
    if (!s.layer) return l;
    l.layer = QString::fromStdString(s.layer->name);
    for (const auto* m : {s.gratings, s.categories}) {
        if (!m) continue;
        if (l.entropyPerTimestep.empty()) l.entropyPerTimestep = m->entropyPerTimestep;
        if (l.setRatePerTimestep.empty()) l.setRatePerTimestep = m->ratePerTimestep;
    }
    if (s.gratings) {
        l.orientationSmoothness = s.gratings->orientationSmoothness;
        l.sfSmoothness = s.gratings->sfSmoothness;
        l.colorSmoothness = s.gratings->colorSmoothness;
    }
    if (s.live) l.ratePerTimestep = s.live->activeFraction();
    return l;
}

}  // namespace topospike::gui
