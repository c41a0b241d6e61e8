// Sheet extents, sheet-to-widget mappings and the canvas layout.

#include "gui/sheet_layout.hpp"

#include <algorithm>
#include <cmath>

namespace topospike::gui {

SheetBounds sheetBounds(const std::vector<float>& xy) {
    SheetBounds b;
    const std::size_t n = xy.size() / 2;
    if (n == 0) {
        b.x1 = b.y1 = 1.0;
        return b;
    }
    b.x0 = b.x1 = xy[0];
    b.y0 = b.y1 = xy[1];
    for (std::size_t i = 1; i < n; ++i) {
        b.x0 = std::min<double>(b.x0, xy[2 * i]);
        b.x1 = std::max<double>(b.x1, xy[2 * i]);
        b.y0 = std::min<double>(b.y0, xy[2 * i + 1]);
        b.y1 = std::max<double>(b.y1, xy[2 * i + 1]);
    }
    // The box spans unit centres, n − 1 gaps per side for a grid: sqrt(area / n) slightly underestimates the
    // pitch of small grids, which only makes their points overlap a little more.
    const double area = b.width() * b.height();
    const double extent = std::max(b.width(), b.height());
    b.spacing = area > 0     ? std::sqrt(area / static_cast<double>(n))
                : extent > 0 ? extent / static_cast<double>(n)
                             : 1.0;
    return b;
}

QPointF SheetView::toWidget(double xMm, double yMm) const noexcept {
    const QPointF c = viewport.center();
    return {c.x() + (xMm - centerMm.x()) * pixelsPerMm, c.y() - (yMm - centerMm.y()) * pixelsPerMm};
}

QPointF SheetView::toMm(QPointF widget) const noexcept {
    const QPointF c = viewport.center();
    return {centerMm.x() + (widget.x() - c.x()) / pixelsPerMm,
            centerMm.y() - (widget.y() - c.y()) / pixelsPerMm};
}

std::array<float, 9> SheetView::mmToClip(QSizeF widget) const noexcept {
    // widget x = cx + (x − mx)·s → clip = 2·widget x / W − 1; widget y flips (clip y points up).
    const QPointF c = viewport.center();
    const double sx = 2.0 * pixelsPerMm / widget.width(), sy = 2.0 * pixelsPerMm / widget.height();
    const double tx = 2.0 * c.x() / widget.width() - 1.0 - sx * centerMm.x();
    const double ty = 1.0 - 2.0 * c.y() / widget.height() - sy * centerMm.y();
    return {static_cast<float>(sx), 0.f, 0.f, 0.f, static_cast<float>(sy), 0.f, static_cast<float>(tx),
            static_cast<float>(ty), 1.f};
}

double fitScale(const QRectF& viewport, const SheetBounds& bounds) noexcept {
    const double pad = bounds.spacing * kPointDiameterInSpacings;  // edge units' points stay whole
    const double w = std::max(bounds.width() + pad, 1e-9), h = std::max(bounds.height() + pad, 1e-9);
    return std::max(std::min(viewport.width() / w, viewport.height() / h), 1e-9);
}

SheetView makeView(const QRectF& viewport, const SheetBounds& bounds, double zoom,
                   QPointF centerMm) noexcept {
    return SheetView{viewport, centerMm, fitScale(viewport, bounds) * zoom};
}

int SheetLayout::cellAt(QPointF p) const noexcept {
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i].contains(p)) return static_cast<int>(i);
    return -1;
}

namespace {

/// Lays `n` square-ish cells into `strip`, choosing the column count that makes them largest.
void layoutCells(SheetLayout& layout, const QRectF& strip, int n, double lineHeight) {
    constexpr double gap = 6.0;
    double best = -1;
    int bestCols = 1;
    for (int cols = 1; cols <= n; ++cols) {
        const int rows = (n + cols - 1) / cols;
        const double w = strip.width() / cols, h = strip.height() / rows - lineHeight;
        const double side = std::min(w, h);
        if (side > best) best = side, bestCols = cols;
    }
    const int rows = (n + bestCols - 1) / bestCols;
    const double cw = strip.width() / bestCols, ch = strip.height() / rows;
    for (int i = 0; i < n; ++i) {
        const QRectF cell(strip.left() + (i % bestCols) * cw, strip.top() + (i / bestCols) * ch, cw, ch);
        const QRectF inner = cell.adjusted(gap / 2, gap / 2, -gap / 2, -gap / 2);
        layout.cells.push_back(inner);
        layout.cellSheets.push_back(inner.adjusted(2, lineHeight, -2, -2));
    }
}

}  // namespace

SheetLayout layoutSheets(QSizeF size, int layers, bool smallMultiples, double colorbarWidth,
                         double lineHeight) {
    constexpr double margin = 8.0;
    SheetLayout layout;
    QRectF rest(QPointF(0, 0), size);
    if (smallMultiples && layers > 1) {
        QRectF strip;
        if (size.width() >= size.height()) {
            const double w = std::clamp(size.width() * 0.2, 90.0, 260.0);
            strip = QRectF(0, 0, w, size.height());
            rest.setLeft(w);
        } else {
            const double h = std::clamp(size.height() * 0.22, 90.0, 260.0);
            strip = QRectF(0, size.height() - h, size.width(), h);
            rest.setBottom(size.height() - h);
        }
        layoutCells(layout, strip.adjusted(2, 2, -2, -2), layers, lineHeight);
    }
    rest.adjust(margin, margin / 2, -margin, -margin);
    layout.header = QRectF(rest.left(), rest.top(), rest.width(), lineHeight + 4);
    const double cb = colorbarWidth > 0 ? std::min(colorbarWidth, rest.width() / 2) : 0.0;
    layout.colorbar =
        QRectF(rest.right() - cb, layout.header.bottom(), cb, rest.bottom() - layout.header.bottom());
    layout.main = QRectF(rest.left(), layout.header.bottom(), rest.width() - cb - (cb > 0 ? margin : 0),
                         rest.bottom() - layout.header.bottom());
    return layout;
}

}  // namespace topospike::gui
