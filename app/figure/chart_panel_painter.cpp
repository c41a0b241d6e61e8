// Chart panels: axes with round ticks, series with error bands, legend; spike rasters.
#include "figure/chart_panel_painter.hpp"

#include <QImage>
#include <QPainterPath>
#include <QPolygonF>
#include <algorithm>
#include <cmath>
#include <limits>

#include "figure/nice_numbers.hpp"

namespace topospike::figure {

namespace {
constexpr double kTickMm = 0.8;
constexpr double kLineMm = 0.25;
constexpr double kSeriesMm = 0.35;
constexpr double kMarkerMm = 0.9;
constexpr double kLegendSampleMm = 4.0;

struct Range {
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    void settle() {  // empty: 0..1; a single value: ±1 around it
        if (!(hi >= lo)) lo = 0.0, hi = 1.0;
        if (hi == lo) lo -= 1.0, hi += 1.0;
    }
};

struct Axes {
    Range x, y;
    QRectF plot;  // mm
    QPointF map(double vx, double vy) const {
        return {plot.left() + (vx - x.lo) / (x.hi - x.lo) * plot.width(),
                plot.bottom() - (vy - y.lo) / (y.hi - y.lo) * plot.height()};
    }
};

bool isRaster(const ChartPanel& c) {
    return !c.raster.empty();
}

std::size_t rasterSteps(const ChartPanel& c) {
    std::size_t t = 0;
    for (const auto& row : c.raster) t = std::max(t, row.size());
    return t;
}

void dataRanges(const ChartPanel& c, Range& x, Range& y) {
    if (isRaster(c)) {
        x.lo = 0.0, x.hi = static_cast<double>(std::max<std::size_t>(rasterSteps(c), 1));
        y.lo = 0.0, y.hi = static_cast<double>(c.raster.size());
    } else {
        for (const auto& s : c.series)
            for (std::size_t i = 0; i < s.x.size(); ++i) {
                x.add(s.x[i]);
                const double e = s.yError.empty() ? 0.0 : std::abs(s.yError[i]);
                y.add(s.y[i] - e), y.add(s.y[i] + e);
            }
    }
    if (c.xRange) x.lo = c.xRange->first, x.hi = c.xRange->second;
    if (c.yRange) y.lo = c.yRange->first, y.hi = c.yRange->second;
    x.settle(), y.settle();
}

struct TickSet {
    std::vector<double> at;
    std::vector<QString> labels;
};

TickSet ticksFor(const Range& r) {
    TickSet t;
    t.at = niceTicks(r.lo, r.hi, 5);
    const double step = t.at.size() > 1 ? t.at[1] - t.at[0] : std::abs(r.hi - r.lo);
    for (const double v : t.at) t.labels.push_back(tickLabel(v, step));
    return t;
}

/// Raster rows: labelled rows where labels are given (at most ~8 shown), else row numbers at round steps.
TickSet rasterRowTicks(const ChartPanel& c) {
    TickSet t;
    const std::size_t rows = c.raster.size();
    if (!c.rasterRowLabels.empty()) {
        const std::size_t every = std::max<std::size_t>(1, (rows + 7) / 8);
        for (std::size_t i = 0; i < rows && i < c.rasterRowLabels.size(); i += every)
            t.at.push_back(static_cast<double>(rows - i) - 0.5), t.labels.push_back(c.rasterRowLabels[i]);
        return t;
    }
    for (const double v : niceTicks(0.0, static_cast<double>(rows), 4)) {
        t.at.push_back(static_cast<double>(rows) - v);  // row 0 at the top
        t.labels.push_back(QString::number(static_cast<long>(std::lround(v))));
    }
    return t;
}

void paintSeries(const Canvas& cv, const ChartSeriesSpec& s, const Axes& a) {
    if (s.x.empty()) return;
    cv.p.save();
    cv.p.setClipRect(cv.rect(a.plot.adjusted(-kMarkerMm, -kMarkerMm, kMarkerMm, kMarkerMm)));
    cv.p.setRenderHint(QPainter::Antialiasing, true);
    if (!s.yError.empty()) {  // ± band, a translucent version of the line colour
        QPolygonF band;
        for (std::size_t i = 0; i < s.x.size(); ++i)
            band << cv.at(a.map(s.x[i], s.y[i] + std::abs(s.yError[i])));
        for (std::size_t i = s.x.size(); i-- > 0;)
            band << cv.at(a.map(s.x[i], s.y[i] - std::abs(s.yError[i])));
        QColor fill = s.color;
        fill.setAlphaF(0.25);
        cv.p.setPen(Qt::NoPen);
        cv.p.setBrush(fill);
        cv.p.drawPolygon(band);
    }
    QPainterPath line;
    bool open = false;
    for (std::size_t i = 0; i < s.x.size(); ++i) {  // a NaN breaks the line
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
            open = false;
            continue;
        }
        const QPointF pt = cv.at(a.map(s.x[i], s.y[i]));
        open ? line.lineTo(pt) : line.moveTo(pt);
        open = true;
    }
    cv.p.setBrush(Qt::NoBrush);
    cv.p.setPen(cv.pen(s.color, kSeriesMm, s.dashed ? Qt::DashLine : Qt::SolidLine));
    cv.p.drawPath(line);
    if (s.markers) {
        cv.p.setPen(Qt::NoPen);
        cv.p.setBrush(s.color);
        for (std::size_t i = 0; i < s.x.size(); ++i)
            if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
                cv.p.drawEllipse(cv.at(a.map(s.x[i], s.y[i])), cv.d(kMarkerMm / 2), cv.d(kMarkerMm / 2));
    }
    cv.p.restore();
}

void paintRaster(const Canvas& cv, const ChartPanel& c, const Axes& a) {
    const std::size_t steps = rasterSteps(c);
    if (steps == 0) return;
    QImage img(static_cast<int>(steps), static_cast<int>(c.raster.size()),
               QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    for (std::size_t r = 0; r < c.raster.size(); ++r)
        for (std::size_t t = 0; t < c.raster[r].size(); ++t)
            if (c.raster[r][t] != 0)
                img.setPixel(static_cast<int>(t), static_cast<int>(r), qRgba(0, 0, 0, 255));
    cv.p.save();
    cv.p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    cv.p.drawImage(cv.rect(a.plot), img);
    cv.p.restore();
}

void paintLegend(const Canvas& cv, const ChartPanel& c, const Axes& a) {
    const double pt = std::max(cv.fontPt - 1.0, 4.0), lh = lineHeightMm(pt);
    double width = 0.0;
    for (const auto& s : c.series)
        if (!s.label.isEmpty()) width = std::max(width, textWidthMm(s.label, pt));
    if (width <= 0.0) return;
    const double x = a.plot.right() - width - kLegendSampleMm - 1.0;
    double y = a.plot.top();
    for (const auto& s : c.series) {
        if (s.label.isEmpty()) continue;
        cv.p.save();
        cv.p.setRenderHint(QPainter::Antialiasing, true);
        cv.p.setPen(cv.pen(s.color, kSeriesMm, s.dashed ? Qt::DashLine : Qt::SolidLine));
        cv.p.drawLine(cv.at({x, y + lh / 2}), cv.at({x + kLegendSampleMm * 0.8, y + lh / 2}));
        cv.p.restore();
        cv.text(QRectF(x + kLegendSampleMm, y, width + 1.0, lh), Qt::AlignLeft | Qt::AlignVCenter, s.label,
                pt);
        y += lh;
    }
}
}  // namespace

void paintChartPanel(const Canvas& cv, const ChartPanel& c, const QRectF& body) {
    Axes a;
    dataRanges(c, a.x, a.y);
    const TickSet xt = ticksFor(a.x);
    const TickSet yt = isRaster(c) ? rasterRowTicks(c) : ticksFor(a.y);
    const double lh = lineHeightMm(cv.fontPt);
    double yLabelW = 0.0;
    for (const auto& l : yt.labels) yLabelW = std::max(yLabelW, textWidthMm(l, cv.fontPt));
    const double left = (c.yLabel.isEmpty() ? 0.0 : lh) + yLabelW + kTickMm + 0.5;
    const double bottom = lh + kTickMm + (c.xLabel.isEmpty() ? 0.0 : lh);
    const double right =
        xt.labels.empty() ? 1.0 : std::max(1.0, textWidthMm(xt.labels.back(), cv.fontPt) / 2);
    a.plot = QRectF(body.left() + left, body.top() + lh / 2, std::max(body.width() - left - right, 1.0),
                    std::max(body.height() - bottom - lh / 2, 1.0));

    if (isRaster(c))
        paintRaster(cv, c, a);
    else
        for (const auto& s : c.series) paintSeries(cv, s, a);

    // Spines (left, bottom) and ticks, matplotlib's despined look.
    cv.p.save();
    cv.p.setPen(cv.pen(Qt::black, kLineMm));
    cv.p.drawLine(cv.at(a.plot.bottomLeft()), cv.at(a.plot.bottomRight()));
    cv.p.drawLine(cv.at(a.plot.bottomLeft()), cv.at(a.plot.topLeft()));
    for (const double v : xt.at) {
        const double x = a.map(v, a.y.lo).x();
        cv.p.drawLine(cv.at({x, a.plot.bottom()}), cv.at({x, a.plot.bottom() + kTickMm}));
    }
    for (const double v : yt.at) {
        const double y = isRaster(c) ? a.plot.bottom() - v / a.y.hi * a.plot.height() : a.map(a.x.lo, v).y();
        cv.p.drawLine(cv.at({a.plot.left() - kTickMm, y}), cv.at({a.plot.left(), y}));
    }
    cv.p.restore();
    for (std::size_t i = 0; i < xt.at.size(); ++i) {
        const double x = a.map(xt.at[i], a.y.lo).x(), w = textWidthMm(xt.labels[i], cv.fontPt) + 1.0;
        cv.text(QRectF(x - w / 2, a.plot.bottom() + kTickMm, w, lh), Qt::AlignHCenter | Qt::AlignTop,
                xt.labels[i]);
    }
    for (std::size_t i = 0; i < yt.at.size(); ++i) {
        const double v = yt.at[i];
        const double y = isRaster(c) ? a.plot.bottom() - v / a.y.hi * a.plot.height() : a.map(a.x.lo, v).y();
        cv.text(QRectF(a.plot.left() - kTickMm - 0.3 - yLabelW - 1.0, y - lh / 2, yLabelW + 1.0, lh),
                Qt::AlignRight | Qt::AlignVCenter, yt.labels[i]);
    }
    if (!c.xLabel.isEmpty())
        cv.text(QRectF(a.plot.left(), a.plot.bottom() + kTickMm + lh, a.plot.width(), lh), Qt::AlignCenter,
                c.xLabel);
    if (!c.yLabel.isEmpty()) cv.verticalText({body.left() + lh / 2, a.plot.center().y()}, c.yLabel);
    if (!isRaster(c)) paintLegend(cv, c, a);
}

}  // namespace topospike::figure
