#include "figure/chart_scene.hpp"

#include <QStringList>
#include <array>
#include <cmath>
#include <stdexcept>

#include "common/nearest_units.hpp"

namespace topospike::figure {
namespace {

constexpr std::array<const char*, 6> kNames{"map", "tuning", "entropy", "smoothness", "raster", "correlation"};

/// matplotlib's tab10, the colours of TDANN's line plots.
QColor seriesColor(std::size_t i) {
    static const std::array<QColor, 10> tab10{QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                              QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75),
                                              QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34),
                                              QColor(23, 190, 207)};
    return tab10[i % tab10.size()];
}

}  // namespace

const io::LayerPositions& chartLayerPositions(const app::OpenModel& model, const std::string& name) {
    if (const io::LayerPositions* pos = model.positions.find(name)) return *pos;
    std::string known;
    for (const auto& l : model.positions.layers) known += (known.empty() ? "" : ", ") + l.name;
    throw std::invalid_argument("no topographic layer '" + name + "' (the positions have " + known + ")");
}

namespace {

const app::LayerMaps& mapsOf(const app::MapSet* maps, const std::string& name) {
    const app::LayerMaps* l = maps ? maps->find(name) : nullptr;
    if (!l) throw std::invalid_argument(name + ": no analysed maps for this layer");
    return *l;
}

void checkUnit(const std::string& layer, std::int64_t unit, std::int64_t units) {
    if (unit < 0 || unit >= units)
        throw std::invalid_argument("--unit " + std::to_string(unit) + " is outside " + layer + "'s 0.." +
                                    std::to_string(units - 1));
}

}  // namespace

ChartPanel chartPanel(QString title, QString xLabel, QString yLabel) {
    ChartPanel c;
    c.title = std::move(title);
    c.xLabel = std::move(xLabel);
    c.yLabel = std::move(yLabel);
    return c;
}

namespace {

ChartSeriesSpec series(QString label, std::vector<double> x, std::vector<double> y, QColor color) {
    ChartSeriesSpec s;
    s.label = std::move(label);
    s.x = std::move(x);
    s.y = std::move(y);
    s.color = color;
    return s;
}

/// Row `unit` of a units × levels table.
std::vector<double> curveOf(const std::vector<float>& table, std::size_t levels, std::int64_t unit) {
    const auto* row = table.data() + static_cast<std::size_t>(unit) * levels;
    return {row, row + levels};
}

void addTuning(Figure& f, const app::LayerMaps& m, const std::string& layer, std::int64_t unit) {
    if (!m.hasGratingMaps()) throw std::invalid_argument(layer + ": tuning needs the grating maps (--stimuli gratings)");
    checkUnit(layer, unit, m.units);
    const QString who = QString::fromStdString(layer) + QStringLiteral(" unit %1").arg(unit);
    ChartPanel o = chartPanel(who, "orientation (°)", "response");
    auto s = series({}, m.orientationLevels, curveOf(m.orientationTuning, m.orientationLevels.size(), unit),
                    seriesColor(0));
    s.markers = true;
    o.series.push_back(s);
    ChartPanel sf = chartPanel(who, "SF (cycles/°)", "response");
    s = series({}, m.sfLevels, curveOf(m.sfTuning, m.sfLevels.size(), unit), seriesColor(1));
    s.markers = true;
    sf.series.push_back(s);
    f.panels.push_back(Panel{std::nullopt, std::move(o)});
    f.panels.push_back(Panel{std::nullopt, std::move(sf)});
}

void addSmoothness(Figure& f, const app::LayerMaps& m, const std::string& layer) {
    if (!m.hasGratingMaps())
        throw std::invalid_argument(layer + ": smoothness needs the grating maps (--stimuli gratings)");
    ChartPanel c = chartPanel(QString::fromStdString(layer), "distance (mm)", "Δ preference / chance");
    const std::array<std::pair<const char*, const app::CurveData*>, 3> curves{
        {{"orientation", &m.orientationSmoothness}, {"sf", &m.sfSmoothness}, {"color", &m.colorSmoothness}}};
    for (std::size_t i = 0; i < curves.size(); ++i) {
        const app::CurveData& d = *curves[i].second;
        if (d.empty()) continue;
        // Differences in each feature's own units: normalised by the chance level so the three share an axis.
        double chance = 0;
        for (double v : d.chance) chance += v;
        chance = d.chance.empty() || chance <= 0 ? 1.0 : chance / static_cast<double>(d.chance.size());
        std::vector<double> mean, shuffled;
        for (double v : d.mean) mean.push_back(v / chance);
        for (double v : d.chance) shuffled.push_back(v / chance);
        c.series.push_back(series(curves[i].first, d.x, mean, seriesColor(i)));
        auto s = series({}, d.x, shuffled, seriesColor(i));
        s.dashed = true;
        c.series.push_back(s);
    }
    f.panels.push_back(Panel{std::nullopt, std::move(c)});
}

void addRaster(Figure& f, const io::LayerPositions& pos, const run::ImageResult* live, std::int64_t unit, int neighbours) {
    const run::LayerRecord* r = live ? live->find(pos.name) : nullptr;
    if (!r || r->units() != pos.units()) throw std::invalid_argument(pos.name + ": a raster needs the live run of this layer");
    checkUnit(pos.name, unit, pos.units());
    ChartPanel c = chartPanel(QString::fromStdString(pos.name) + QStringLiteral(" unit %1 and neighbours").arg(unit),
                         "timestep", "unit");
    const auto rows = app::nearestUnits<double>(pos.coordinates, unit, neighbours + 1);
    const double x = pos.coordinates[static_cast<std::size_t>(2 * unit)];
    const double y = pos.coordinates[static_cast<std::size_t>(2 * unit + 1)];
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::vector<std::uint8_t> marks(static_cast<std::size_t>(r->timesteps()));
        for (int t = 0; t < r->timesteps(); ++t) marks[static_cast<std::size_t>(t)] = r->value(t, rows[i]) != 0.0f;
        c.raster.push_back(std::move(marks));
        const double dx = pos.coordinates[static_cast<std::size_t>(2 * rows[i])] - x;
        const double dy = pos.coordinates[static_cast<std::size_t>(2 * rows[i] + 1)] - y;
        c.rasterRowLabels.push_back(i == 0 ? QStringLiteral("unit") : QStringLiteral("%1 mm").arg(std::hypot(dx, dy), 0, 'f', 2));
    }
    f.panels.push_back(Panel{std::nullopt, std::move(c)});
}

}  // namespace

std::optional<FigureKind> parseFigureKind(const std::string& text) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (QString::fromStdString(text).compare(kNames[i], Qt::CaseInsensitive) == 0) return static_cast<FigureKind>(i);
    return std::nullopt;
}

std::string figureKindNames() {
    std::string out;
    for (const char* n : kNames) out += (out.empty() ? "" : "|") + std::string(n);
    return out;
}

void addChartPanels(Figure& figure, const app::OpenModel& model, const app::MapSet* maps,
                    const run::ImageResult* live, const ChartRequest& request) {
    std::vector<std::string> layers = request.layers;
    if (layers.empty())
        for (const auto& l : model.positions.layers) layers.push_back(l.name);
    if (request.kind == FigureKind::Entropy) {
        ChartPanel c = chartPanel("spike entropy", "timestep", "entropy (bits)");
        for (std::size_t i = 0; i < layers.size(); ++i) {
            chartLayerPositions(model, layers[i]);
            const app::LayerMaps& m = mapsOf(maps, layers[i]);
            if (m.entropyPerTimestep.empty())
                throw std::invalid_argument(layers[i] + ": no spike entropy (an ANN run has none)");
            std::vector<double> t;
            for (std::size_t k = 0; k < m.entropyPerTimestep.size(); ++k) t.push_back(static_cast<double>(k));
            auto s = series(QString::fromStdString(layers[i]), t, m.entropyPerTimestep, seriesColor(i));
            s.markers = true;
            c.series.push_back(s);
        }
        figure.panels.push_back(Panel{std::nullopt, std::move(c)});
        return;
    }
    for (const auto& name : layers) {
        const io::LayerPositions& pos = chartLayerPositions(model, name);
        switch (request.kind) {
        case FigureKind::Tuning: addTuning(figure, mapsOf(maps, name), name, request.unit); break;
        case FigureKind::Smoothness: addSmoothness(figure, mapsOf(maps, name), name); break;
        case FigureKind::Raster: addRaster(figure, pos, live, request.unit, request.neighbours); break;
        case FigureKind::Map:
        case FigureKind::Entropy:
        case FigureKind::Correlation: throw std::invalid_argument("addChartPanels: not a chart kind");
        }
    }
}

}  // namespace topospike::figure
