// Page layout of a figure in mm, and the checks on its input.
#include "figure/figure_layout.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "figure/figure_canvas.hpp"
#include "figure/map_panel_painter.hpp"

namespace topospike::figure {

namespace {
constexpr double kMarginMm = 1.5;
constexpr double kColumnGapMm = 4.0;
constexpr double kRowGapMm = 2.0;
constexpr double kChartAspect = 0.75;  // chart body height / width when the page height is free
constexpr int kMaxPixels = 32767;      // QPainter's raster limit per side

std::string number(double v) {
    return QString::number(v, 'g', 6).toStdString();
}

void validateMap(const MapPanel& m, std::size_t i) {
    const std::string where = "panel " + std::to_string(i + 1) + ": ";
    if (m.xy.size() != 2 * m.values.values.size())
        throw std::invalid_argument(where + "positions (" + std::to_string(m.xy.size() / 2) +
                                    " units) and values (" + std::to_string(m.values.values.size()) +
                                    ") differ in size");
    if (!m.pointScale.empty() && m.pointScale.size() != m.values.values.size())
        throw std::invalid_argument(where + "pointScale has " + std::to_string(m.pointScale.size()) +
                                    " entries for " + std::to_string(m.values.values.size()) + " units");
    if (m.zoomPercent) {
        const auto& z = *m.zoomPercent;
        for (const double v : z)
            if (!(v >= 0.0 && v <= 100.0))
                throw std::invalid_argument(where + "zoom limits must lie in 0..100 % (got " + number(v) +
                                            ")");
        if (!(z[0] < z[1]) || !(z[2] < z[3]))
            throw std::invalid_argument(where + "zoom window is empty (" + number(z[0]) + "–" + number(z[1]) +
                                        " %, " + number(z[2]) + "–" + number(z[3]) + " %)");
    }
    if (m.pointSizeMm < 0.0 || m.scaleBarMm < 0.0 || !std::isfinite(m.pointSizeMm) ||
        !std::isfinite(m.scaleBarMm))
        throw std::invalid_argument(where + "point size and scale bar length must be ≥ 0 mm");
}

void validateChart(const ChartPanel& c, std::size_t i) {
    const std::string where = "panel " + std::to_string(i + 1) + ": ";
    for (const auto& s : c.series) {
        if (s.x.size() != s.y.size())
            throw std::invalid_argument(where + "series '" + s.label.toStdString() + "' has " +
                                        std::to_string(s.x.size()) + " x and " + std::to_string(s.y.size()) +
                                        " y values");
        if (!s.yError.empty() && s.yError.size() != s.y.size())
            throw std::invalid_argument(where + "series '" + s.label.toStdString() + "' has " +
                                        std::to_string(s.yError.size()) + " error values for " +
                                        std::to_string(s.y.size()) + " points");
    }
    for (const auto& r : {c.xRange, c.yRange})
        if (r && !(r->first < r->second))
            throw std::invalid_argument(where + "axis range " + number(r->first) + ".." + number(r->second) +
                                        " is empty");
}

int autoColumns(const Figure& f, double availW, double availH) {
    const int n = static_cast<int>(f.panels.size());
    if (f.columns > 0) return std::min(f.columns, n);
    if (f.heightMm <= 0.0) return static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
    int best = 1;
    double bestSide = -1.0;
    for (int c = 1; c <= n; ++c) {  // the grid whose cells are the largest squares on this page
        const int r = (n + c - 1) / c;
        const double side =
            std::min((availW - (c - 1) * kColumnGapMm) / c, (availH - (r - 1) * kRowGapMm) / r);
        if (side > bestSide + 1e-9) bestSide = side, best = c;
    }
    return best;
}

/// Body height a panel wants at `width` when the page height is free: maps square, charts 3:4.
double naturalBodyHeight(const Panel& p, double width, double fontPt) {
    if (p.map) return std::max(width - mapLegendRoomMm(*p.map, width, fontPt), width * 0.3);
    return width * kChartAspect;
}
}  // namespace

void validateFigure(const Figure& f) {
    if (f.panels.empty()) throw std::invalid_argument("the figure has no panels");
    if (!(f.widthMm > 0.0) || !std::isfinite(f.widthMm))
        throw std::invalid_argument("figure width must be > 0 mm (got " + number(f.widthMm) + ")");
    if (f.heightMm < 0.0 || !std::isfinite(f.heightMm))
        throw std::invalid_argument("figure height must be > 0 mm, or 0 for automatic (got " +
                                    number(f.heightMm) + ")");
    if (!(f.dpi >= 50.0 && f.dpi <= 2400.0))
        throw std::invalid_argument("dpi must lie in 50..2400 (got " + number(f.dpi) + ")");
    if (!(f.fontPt > 0.0 && f.fontPt <= 72.0))
        throw std::invalid_argument("font size must lie in (0, 72] pt (got " + number(f.fontPt) + ")");
    if (f.columns < 0)
        throw std::invalid_argument("columns must be ≥ 0 (got " + std::to_string(f.columns) + ")");
    for (std::size_t i = 0; i < f.panels.size(); ++i) {
        const Panel& p = f.panels[i];
        if (p.map.has_value() == p.chart.has_value())
            throw std::invalid_argument("panel " + std::to_string(i + 1) +
                                        " must hold either a map or a chart");
        if (p.map) validateMap(*p.map, i);
        if (p.chart) validateChart(*p.chart, i);
    }
    const double longest = std::max(f.widthMm, f.heightMm) / 25.4 * f.dpi;
    if (longest > kMaxPixels)
        throw std::invalid_argument("the page is too large at " + number(f.dpi) + " dpi (" + number(longest) +
                                    " pixels; at most " + std::to_string(kMaxPixels) + ")");
}

FigureLayout layoutFigure(const Figure& f) {
    FigureLayout out;
    out.widthMm = f.widthMm;
    const int n = static_cast<int>(f.panels.size());
    const double titleH = f.title.isEmpty() ? 0.0 : lineHeightMm(f.fontPt + 1.0) * 1.2;
    bool anyPanelTitle = false;
    for (const auto& p : f.panels)
        anyPanelTitle = anyPanelTitle || !(p.map ? p.map->title : p.chart->title).isEmpty();
    const double panelTitleH = anyPanelTitle ? lineHeightMm(f.fontPt) * 1.15 : 0.0;
    const double availW = f.widthMm - 2.0 * kMarginMm;
    const double availH = f.heightMm - 2.0 * kMarginMm - titleH;
    out.columns = autoColumns(f, availW, availH);
    out.rows = (n + out.columns - 1) / out.columns;
    const double cellW = std::max((availW - (out.columns - 1) * kColumnGapMm) / out.columns, 1.0);

    // Row heights: shared when the page height is given, else what the row's tallest panel wants.
    std::vector<double> rowH(static_cast<std::size_t>(out.rows), 0.0);
    for (int i = 0; i < n; ++i) {
        const auto r = static_cast<std::size_t>(i / out.columns);
        if (f.heightMm > 0.0)
            rowH[r] = std::max((availH - (out.rows - 1) * kRowGapMm) / out.rows, 1.0);
        else
            rowH[r] = std::max(rowH[r], panelTitleH + naturalBodyHeight(f.panels[static_cast<std::size_t>(i)],
                                                                        cellW, f.fontPt));
    }
    if (f.heightMm > 0.0) {
        out.heightMm = f.heightMm;
    } else {
        double total = 2.0 * kMarginMm + titleH + (out.rows - 1) * kRowGapMm;
        for (const double h : rowH) total += h;
        out.heightMm = total;
    }
    if (titleH > 0.0) out.titleMm = QRectF(kMarginMm, kMarginMm, availW, titleH);
    double y = kMarginMm + titleH;
    for (int r = 0; r < out.rows; ++r) {
        for (int c = 0; c < out.columns && r * out.columns + c < n; ++c) {
            const double x = kMarginMm + c * (cellW + kColumnGapMm);
            const double h = rowH[static_cast<std::size_t>(r)];
            out.panelTitlesMm.emplace_back(x, y, cellW, panelTitleH);
            out.bodiesMm.emplace_back(x, y + panelTitleH, cellW, std::max(h - panelTitleH, 0.5));
        }
        y += rowH[static_cast<std::size_t>(r)] + kRowGapMm;
    }
    return out;
}

QSize pixelSize(const FigureLayout& layout, double dpi) {
    return {static_cast<int>(std::lround(layout.widthMm / 25.4 * dpi)),
            static_cast<int>(std::lround(layout.heightMm / 25.4 * dpi))};
}

}  // namespace topospike::figure
