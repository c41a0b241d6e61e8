#include "gui/inspector_panel.hpp"

#include <QLabel>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "gui/chart_builders.hpp"

namespace topospike::gui {
namespace {

// matplotlib's tab10, the colours readers know from figures.
const QColor kBlue(31, 119, 180), kOrange(255, 127, 14), kGreen(44, 160, 44), kGrey(110, 110, 110);

// What an empty chart says: what the user can do to fill it.
QString noGratings() {
    return InspectorPanel::tr("Run Analyses > Gratings to see tuning curves");
}
QString noRun() {
    return InspectorPanel::tr("Play a stimulus to see this unit's spikes and membrane potential");
}
QString noCategories() {
    return InspectorPanel::tr("Run Analyses > Image set (with categories) to see t-values");
}
QString noUnit() {
    return InspectorPanel::tr("Click a unit on the sheet to inspect it");
}
QString noLayerAnalysis() {
    return InspectorPanel::tr("Run Analyses to see this layer's spike entropy");
}

std::vector<double> steps(std::size_t n) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i);
    return x;
}

ChartSeries series(std::vector<double> x, std::vector<double> y, QColor color, const QString& name = {}) {
    ChartSeries s;
    s.name = name;
    s.x = std::move(x);
    s.y = std::move(y);
    s.color = color;
    return s;
}

/// A horizontal dashed reference line across [x0, x1].
ChartSeries level(double x0, double x1, double y, QColor color, const QString& name = {}) {
    ChartSeries s = series({x0, x1}, {y, y}, color, name);
    s.dashed = true;
    s.width = 1.5;
    return s;
}

QString number(double v, int decimals) {
    return QString::number(v, 'f', decimals);
}

/// An empty chart's text: what it would show, then how to get there.
QString hint(const QString& what, const QString& todo) {
    return what + "\n" + todo;
}

QString orientationName() {
    return InspectorPanel::tr("Orientation");
}
QString sfName() {
    return InspectorPanel::tr("SF tuning");
}
QString rasterName() {
    return InspectorPanel::tr("Spikes of the unit and its neighbours");
}
QString membraneName() {
    return InspectorPanel::tr("Membrane potential");
}
QString tValuesName() {
    return InspectorPanel::tr("Category t-values");
}

}  // namespace

InspectorPanel::InspectorPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    header_ = new QLabel(this);
    header_->setWordWrap(true);
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(header_);
    tabs_ = new QTabWidget(this);
    layout->addWidget(tabs_, 1);

    // One scrolling column of charts per tab.
    auto addTab = [this](const QString& label, std::initializer_list<const char*> names) {
        auto* scroll = new QScrollArea;
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        auto* column = new QWidget;
        auto* charts = new QVBoxLayout(column);
        charts->setContentsMargins(0, 0, 0, 0);
        for (const char* name : names) {
            auto* view = new ChartView(column);
            view->setObjectName(QString("chart_") + name);
            view->setMinimumHeight(210);
            charts->addWidget(view);
            charts_.emplace_back(name, view);
        }
        scroll->setWidget(column);
        tabs_->addTab(scroll, label);
    };
    addTab(tr("Unit"), {"orientation", "sf", "raster", "membrane", "tvalues"});
    addTab(tr("Layer"), {"entropy", "rate", "smoothness"});

    clearUnit();
    showLayer(LayerInspection{});
}

ChartView* InspectorPanel::chart(const QString& name) const {
    for (const auto& [n, view] : charts_)
        if (n == name) return view;
    return nullptr;
}

void InspectorPanel::clearUnit() {
    unit_ = UnitInspection{};
    header_->setText(tr("No unit pinned. %1.").arg(noUnit()));
    chart("orientation")->clear(hint(orientationName(), noUnit()));
    chart("sf")->clear(hint(sfName(), noUnit()));
    chart("raster")->clear(hint(rasterName(), noUnit()));
    chart("membrane")->clear(hint(membraneName(), noUnit()));
    chart("tvalues")->clear(hint(tValuesName(), noUnit()));
}

void InspectorPanel::showUnit(const UnitInspection& u) {
    unit_ = u;
    QString head = QString("<b>%1</b> · unit %2 · (c %3, h %4, w %5) · x %6 mm, y %7 mm")
                       .arg(u.layer.toHtmlEscaped())
                       .arg(u.unit)
                       .arg(u.c)
                       .arg(u.h)
                       .arg(u.w)
                       .arg(number(u.xMm, 2), number(u.yMm, 2));
    if (!u.valueText.isEmpty()) head += " · " + u.valueText.toHtmlEscaped();
    header_->setText(head);

    // Orientation: 0..180° with the 0° response repeated at 180° (orientation is periodic), the preference
    // marked.
    if (u.orientationLevels.empty() || u.orientationCurve.size() != u.orientationLevels.size()) {
        chart("orientation")->clear(hint(orientationName(), noGratings()));
    } else {
        ChartSeries curve = series(u.orientationLevels, u.orientationCurve, kBlue);
        curve.points = true;
        if (u.orientationLevels.front() == 0.0) {
            curve.x.push_back(180.0);
            curve.y.push_back(u.orientationCurve.front());
        }
        const double top = *std::max_element(curve.y.begin(), curve.y.end());
        ChartSeries preferred = series({u.preferredOrientation, u.preferredOrientation}, {0.0, top},
                                       charts::accentColor(), tr("preferred"));
        preferred.dashed = true;
        preferred.width = 1.5;
        chart("orientation")
            ->setLines(tr("%1 — prefers %2°, selectivity %3")
                           .arg(orientationName(), number(u.preferredOrientation, 1),
                                number(u.orientationSelectivity, 2)),
                       tr("orientation (°)"), tr("normalised response"), {curve, preferred});
        chart("orientation")->setXRange(0.0, 180.0);  // the period: 180° closes the curve on 0°
    }

    if (u.sfLevels.empty() || u.sfCurve.size() != u.sfLevels.size()) {
        chart("sf")->clear(hint(sfName(), noGratings()));
    } else {
        ChartSeries curve = series(u.sfLevels, u.sfCurve, kBlue);
        curve.points = true;
        chart("sf")->setLines(tr("%1 — prefers %2 cpd").arg(sfName(), number(u.preferredSf, 2)),
                              tr("spatial frequency (cycles/degree)"), tr("normalised response"), {curve});
    }

    if (u.raster.rows.empty()) {
        chart("raster")->clear(hint(rasterName(), noRun()));
    } else {
        const auto neighbours = static_cast<int>(u.raster.rows.size()) - 1;
        chart("raster")->setRaster(
            tr("Spikes — unit %1 (top) and its %2 nearest neighbours").arg(u.unit).arg(neighbours), u.raster);
    }

    if (u.membrane.empty()) {
        chart("membrane")->clear(hint(membraneName(), noRun()));
    } else {
        const auto T = u.membrane.size();
        std::vector<ChartSeries> lines{
            series(steps(T), u.membrane, kBlue, tr("membrane")),
            level(0, static_cast<double>(T - 1), u.threshold, kGrey, tr("threshold"))};
        ChartSeries spikes = series({}, {}, charts::accentColor(), tr("spike"));
        spikes.line = false;
        for (std::size_t t = 0; t < std::min(T, u.spikes.size()); ++t)
            if (u.spikes[t] > 0) {
                spikes.x.push_back(static_cast<double>(t));
                spikes.y.push_back(u.threshold);
            }
        if (!spikes.x.empty()) lines.push_back(spikes);
        chart("membrane")
            ->setLines(membraneName() + tr(" — %n spike(s)", nullptr, static_cast<int>(spikes.x.size())),
                       tr("timestep"), tr("membrane potential"), lines);
    }

    // t-values: a bar per contrast, named on the x axis.
    if (u.tValues.empty()) {
        chart("tvalues")->clear(hint(tValuesName(), noCategories()));
    } else {
        std::vector<ChartSeries> bars;
        std::vector<QString> names;
        std::size_t best = 0;
        for (std::size_t i = 0; i < u.tValues.size(); ++i) {
            const auto& [name, t] = u.tValues[i];
            const double x = static_cast<double>(i);
            ChartSeries bar = series({x, x}, {0.0, t}, t >= 0 ? kBlue : kOrange);
            bar.width = 10;
            bars.push_back(bar);
            names.push_back(name);
            if (std::abs(t) > std::abs(u.tValues[best].second)) best = i;
        }
        bars.push_back(level(-0.5, static_cast<double>(u.tValues.size()) - 0.5, 0.0, kGrey));
        chart("tvalues")->setLines(
            tr("%1 — strongest: %2 (t = %3)")
                .arg(tValuesName(), u.tValues[best].first, number(u.tValues[best].second, 2)),
            tr("contrast"), tr("t"), bars);
        chart("tvalues")->setXTickLabels(names);
    }
}

void InspectorPanel::showLayer(const LayerInspection& l) {
    const QString prefix = l.layer.isEmpty() ? QString() : l.layer + " — ";
    if (l.entropyPerTimestep.empty()) {
        chart("entropy")->clear(noLayerAnalysis());
    } else {
        ChartSeries s = series(steps(l.entropyPerTimestep.size()), l.entropyPerTimestep, kBlue);
        s.points = l.entropyPerTimestep.size() <= 32;
        chart("entropy")->setLines(prefix + tr("spike entropy per timestep"), tr("timestep"),
                                   tr("mean entropy (bits)"), {s});
    }

    std::vector<ChartSeries> rates;
    if (!l.ratePerTimestep.empty())
        rates.push_back(series(steps(l.ratePerTimestep.size()), l.ratePerTimestep, charts::accentColor(),
                               tr("current stimulus")));
    if (!l.setRatePerTimestep.empty()) {
        ChartSeries set =
            series(steps(l.setRatePerTimestep.size()), l.setRatePerTimestep, kGrey, tr("analysed set"));
        set.dashed = true;
        rates.push_back(set);
    }
    chart("rate")->setLines(prefix + tr("population rate per timestep"), tr("timestep"),
                            tr("spikes per unit per timestep"), rates,
                            tr("Play a stimulus or run Analyses to see this layer's firing rate"));

    // Smoothness: each preference's |Δ| vs distance, its chance level dashed in the same colour.
    std::vector<ChartSeries> curves;
    const std::pair<const app::CurveData*, std::pair<QString, QColor>> kinds[] = {
        {&l.orientationSmoothness, {tr("orientation"), kBlue}},
        {&l.sfSmoothness, {tr("spatial frequency"), kOrange}},
        {&l.colorSmoothness, {tr("colour"), kGreen}}};
    for (const auto& [curve, style] : kinds) {
        if (curve->empty()) continue;
        const auto& [name, color] = style;
        const QString label =
            std::isfinite(curve->score) ? QString("%1 (%2)").arg(name, number(curve->score, 2)) : name;
        ChartSeries mean = series(curve->x, curve->mean, color, label);
        mean.points = true;
        curves.push_back(mean);
        if (!curve->chance.empty()) {
            ChartSeries chance = series(curve->x, curve->chance, color);
            chance.dashed = true;
            chance.width = 1.5;
            curves.push_back(chance);
        }
    }
    chart("smoothness")
        ->setLines(prefix + tr("smoothness (dashed: chance)"), tr("distance (mm)"), tr("mean |Δ preference|"),
                   curves, tr("Run Analyses > Gratings to see smoothness"));
}

}  // namespace topospike::gui
