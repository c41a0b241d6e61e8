// Map panels: point layer, colorbar or category legend, scale bar.
#include "figure/map_panel_painter.hpp"

#include <QImage>
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/colormaps.hpp"
#include "figure/nice_numbers.hpp"

namespace topospike::figure {

namespace {
constexpr double kGapMm = 1.0;  // plot ↔ colorbar, bar ↔ labels
constexpr double kTickMm = 0.6;
constexpr double kLineMm = 0.25;       // frames, ticks
constexpr double kSwatchMm = 1.6;      // category legend squares
constexpr double kBarFraction = 0.05;  // colorbar width / panel width (TDANN)
constexpr double kFill = 1.45;         // disc diameter / unit spacing: covers a grid's diagonal gaps (> √2)

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

bool categorical(const MapPanel& m) {
    return m.values.scale.categorical;
}

/// The sheet window shown: the zoom percentages of the units' bounding box.
QRectF sheetWindow(const MapPanel& m) {
    double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
    for (std::size_t i = 0; i + 1 < m.xy.size(); i += 2) {
        x0 = std::min(x0, double(m.xy[i])), x1 = std::max(x1, double(m.xy[i]));
        y0 = std::min(y0, double(m.xy[i + 1])), y1 = std::max(y1, double(m.xy[i + 1]));
    }
    if (!(x1 >= x0)) return {0.0, 0.0, 1.0, 1.0};
    if (m.zoomPercent) {
        const auto& z = *m.zoomPercent;
        const double w = x1 - x0, h = y1 - y0;
        x1 = x0 + w * z[1] / 100.0, x0 += w * z[0] / 100.0;
        y1 = y0 + h * z[3] / 100.0, y0 += h * z[2] / 100.0;
    } else if (m.xy.size() > 2) {  // the whole sheet: half a unit spacing of room so edge units show whole
        const double pad = std::sqrt((x1 - x0) * (y1 - y0) / double(m.xy.size() / 2)) / 2.0;
        x0 -= pad, x1 += pad, y0 -= pad, y1 += pad;
    }
    const double w = std::max(x1 - x0, 1e-9), h = std::max(y1 - y0, 1e-9);
    return {x0, y0, w, h};
}

/// Default disc diameter in sheet units: the spacing of the units inside the window, sqrt(area / count).
double defaultDiameter(const MapPanel& m, const QRectF& window) {
    std::size_t inside = 0;
    for (std::size_t i = 0; i + 1 < m.xy.size(); i += 2)
        inside += window.contains(m.xy[i], m.xy[i + 1]) ? 1 : 0;
    if (inside <= 1) return std::max(window.width(), window.height()) * 0.05;
    // Units on a grid sit on the window's edges: area per unit counts the half-spacing margin around it.
    const double n = static_cast<double>(inside);
    const double spacing = std::sqrt(window.width() * window.height() / n);
    const double side = std::sqrt(n);  // units per side of an equivalent square grid
    return spacing * side / std::max(side - 1.0, 1.0) * kFill;
}

double mmPerUnit(const MapFrame& t) {
    return t.plotMm.width() / t.window.width();
}

QColor unitColor(const MapPanel& m, const app::Colormap& cmap, float v) {
    if (std::isnan(v)) return {};
    const auto& s = m.values.scale;
    if (categorical(m)) {
        const long i = std::lround(v);
        return i >= 0 && static_cast<std::size_t>(i) < cmap.table.size()
                   ? cmap.entry(static_cast<std::size_t>(i))
                   : QColor();
    }
    const double span = s.max - s.min;
    return cmap.at(span != 0.0 ? (double(v) - s.min) / span : 0.5);
}

/// Draws the discs with `p` in device units (`k` per mm, `origin` the device point of mm (0, 0)).
void drawPoints(QPainter& p, double k, const QPointF& origin, const MapPanel& m, const MapFrame& t) {
    const app::Colormap& cmap = app::colormap(m.values.scale.colormap);
    const double base = m.pointSizeMm > 0.0 ? m.pointSizeMm : defaultDiameter(m, t.window) * mmPerUnit(t);
    const QRectF clip = t.window.adjusted(-base, -base, base, base);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    for (std::size_t i = 0; i < m.values.values.size(); ++i) {
        const double x = m.xy[2 * i], y = m.xy[2 * i + 1];
        if (!clip.contains(x, y)) continue;
        const QColor c = unitColor(m, cmap, m.values.values[i]);
        if (!c.isValid()) continue;
        const double scale = m.pointScale.empty() ? 1.0 : 0.5 + std::clamp(double(m.pointScale[i]), 0.0, 1.0);
        const double r = base * scale * k / 2.0;
        p.setBrush(c);
        p.drawEllipse(t.map(x, y) * k - origin, r, r);
    }
    p.restore();
}

void paintPoints(const Canvas& cv, const MapPanel& m, const MapFrame& t) {
    const QRectF plotDev = cv.rect(t.plotMm);
    if (!cv.rasterPoints) {
        cv.p.save();
        cv.p.setClipRect(plotDev);
        drawPoints(cv.p, cv.k, {0.0, 0.0}, m, t);
        cv.p.restore();
        return;
    }
    // Vector files: the layer as one image at the figure's dpi covering the plot (matplotlib's
    // rasterized=True).
    const double pxPerMm = cv.dpi / 25.4;
    const QSize size(std::max(1, int(std::ceil(t.plotMm.width() * pxPerMm))),
                     std::max(1, int(std::ceil(t.plotMm.height() * pxPerMm))));
    QImage layer(size, QImage::Format_ARGB32_Premultiplied);
    layer.fill(Qt::transparent);
    {
        QPainter lp(&layer);
        drawPoints(lp, pxPerMm, t.plotMm.topLeft() * pxPerMm, m, t);
    }
    cv.p.save();
    cv.p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    cv.p.drawImage(QRectF(plotDev.topLeft(), QSizeF(size) / pxPerMm * cv.k), layer);
    cv.p.restore();
}

double barWidthMm(double panelWidthMm) {
    return std::max(panelWidthMm * kBarFraction, 0.8);
}

void paintColorbar(const Canvas& cv, const MapPanel& m, const QRectF& plot, double panelWidthMm) {
    const auto& s = m.values.scale;
    const app::Colormap& cmap = app::colormap(s.colormap);
    const QRectF bar(plot.right() + kGapMm, plot.top(), barWidthMm(panelWidthMm), plot.height());
    // Gradient: a strip of the colormap's own colours (top = max), drawn without smoothing.
    QImage strip(1, 256, QImage::Format_RGB32);
    for (int i = 0; i < 256; ++i) strip.setPixelColor(0, 255 - i, cmap.at(i / 255.0));
    cv.p.save();
    cv.p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    cv.p.drawImage(cv.rect(bar), strip);
    cv.p.setRenderHint(QPainter::Antialiasing, true);
    cv.p.setPen(cv.pen(Qt::black, kLineMm));
    cv.p.setBrush(Qt::NoBrush);
    cv.p.drawRect(cv.rect(bar));
    const double tx = bar.right(), lx = bar.right() + kTickMm + 0.3;
    for (const double y : {bar.top(), bar.bottom()}) cv.p.drawLine(cv.at({tx, y}), cv.at({tx + kTickMm, y}));
    cv.p.restore();
    const double lh = lineHeightMm(cv.fontPt);
    const double labelW =
        std::max(textWidthMm(qs(s.maxLabel), cv.fontPt), textWidthMm(qs(s.minLabel), cv.fontPt));
    cv.text(QRectF(lx, bar.top() - lh / 2, labelW + 1.0, lh), Qt::AlignLeft | Qt::AlignVCenter,
            qs(s.maxLabel));
    cv.text(QRectF(lx, bar.bottom() - lh / 2, labelW + 1.0, lh), Qt::AlignLeft | Qt::AlignVCenter,
            qs(s.minLabel));
    if (!s.title.empty())
        cv.verticalText({lx + labelW + kGapMm / 2 + lh / 2, bar.center().y()},
                        elideMm(qs(s.title), cv.fontPt, bar.height() + lh));
}

void paintCategoryLegend(const Canvas& cv, const MapPanel& m, const QRectF& plot) {
    const auto& s = m.values.scale;
    const app::Colormap& cmap = app::colormap(s.colormap);
    const double lh = lineHeightMm(cv.fontPt);
    double y = plot.top();
    for (std::size_t i = 0; i < s.categoryNames.size() && i < cmap.table.size(); ++i, y += lh * 1.15) {
        const QRectF swatch(plot.right() + kGapMm, y + (lh - kSwatchMm) / 2, kSwatchMm, kSwatchMm);
        cv.p.fillRect(cv.rect(swatch), cmap.entry(i));
        cv.text(QRectF(swatch.right() + 0.6, y, 200.0, lh), Qt::AlignLeft | Qt::AlignVCenter,
                qs(s.categoryNames[i]));
    }
}

void paintScaleBar(const Canvas& cv, const MapPanel& m, const MapFrame& t) {
    const double length = m.scaleBarMm > 0.0 ? m.scaleBarMm : roundLengthBelow(t.window.width() / 5.0);
    const double w = length * mmPerUnit(t);
    if (!(w > 0.0) || w > t.plotMm.width()) return;
    const double pt = std::max(cv.fontPt - 1.0, 4.0);
    const QRectF bar(t.plotMm.right() - 1.0 - w, t.plotMm.bottom() - 1.0 - 0.5, w, 0.5);
    const double lh = lineHeightMm(pt);
    const double labelW = textWidthMm(lengthLabel(length), pt) + 1.0;
    // A translucent white box keeps bar and label readable over the points (users ask for it: napari#8612).
    const QRectF box = QRectF(std::min(bar.left(), bar.center().x() - labelW / 2), bar.top() - lh,
                              std::max(w, labelW), lh + bar.height())
                           .adjusted(-0.4, -0.2, 0.4, 0.3);
    cv.p.fillRect(cv.rect(box), QColor(255, 255, 255, 200));
    cv.p.fillRect(cv.rect(bar), Qt::black);
    cv.text(QRectF(bar.center().x() - labelW / 2, bar.top() - lh, labelW, lh), Qt::AlignCenter,
            lengthLabel(length), pt);
}
}  // namespace

double mapLegendRoomMm(const MapPanel& m, double widthMm, double fontPt) {
    if (!m.colorbar) return 0.0;
    const auto& s = m.values.scale;
    if (categorical(m)) {
        double names = 0.0;
        for (const auto& n : s.categoryNames) names = std::max(names, textWidthMm(qs(n), fontPt));
        return kGapMm + kSwatchMm + 0.6 + names;
    }
    const double labels = std::max(textWidthMm(qs(s.minLabel), fontPt), textWidthMm(qs(s.maxLabel), fontPt));
    const double title = s.title.empty() ? 0.0 : kGapMm / 2 + lineHeightMm(fontPt);
    return kGapMm + barWidthMm(widthMm) + kTickMm + 0.3 + labels + title;
}

QPointF MapFrame::map(double x, double y) const {
    return {plotMm.left() + (x - window.left()) / window.width() * plotMm.width(),
            plotMm.bottom() - (y - window.top()) / window.height() * plotMm.height()};
}

MapFrame mapFrame(const MapPanel& m, const QRectF& body, double fontPt) {
    const double room = mapLegendRoomMm(m, body.width(), fontPt);
    const double side = std::max(std::min(body.width() - room, body.height()), 1.0);
    // The window keeps its aspect inside a square: centred across, top-aligned so the title sits close.
    const QRectF window = sheetWindow(m);
    const double aspect = window.width() / window.height();
    const QSizeF plotSize = aspect >= 1.0 ? QSizeF(side, side / aspect) : QSizeF(side * aspect, side);
    const double spare = std::max(body.width() - side - room, 0.0);  // plot and legend centred as a group
    const double centreX = body.left() + spare / 2 + side / 2;
    return {QRectF(centreX - plotSize.width() / 2, body.top(), plotSize.width(), plotSize.height()), window};
}

void paintMapPanel(const Canvas& cv, const MapPanel& m, const QRectF& body) {
    const MapFrame t = mapFrame(m, body, cv.fontPt);
    paintPoints(cv, m, t);
    if (m.colorbar) {
        // Legends start right of the square the plot sits in, level with the plot.
        const double squareRight = t.plotMm.center().x() + std::max(t.plotMm.width(), t.plotMm.height()) / 2;
        const QRectF anchor(t.plotMm.topLeft(), QSizeF(squareRight - t.plotMm.left(), t.plotMm.height()));
        if (categorical(m))
            paintCategoryLegend(cv, m, anchor);
        else
            paintColorbar(cv, m, anchor, body.width());
    }
    if (m.scaleBar) paintScaleBar(cv, m, t);
}

}  // namespace topospike::figure
