#pragma once
// Where everything goes on the page, in mm: the figure title, then a grid of panels (row-major), each a title
// line above its body. Also the checks a figure must pass before anything is drawn.

#include <QRectF>
#include <QSize>
#include <vector>

#include "figure/figure.hpp"

namespace topospike::figure {

struct FigureLayout {
    double widthMm = 0.0, heightMm = 0.0;  ///< the page (heightMm resolved when the figure left it at 0)
    QRectF titleMm;                        ///< empty when the figure has no title
    std::vector<QRectF> panelTitlesMm;     ///< one per panel: its title line
    std::vector<QRectF> bodiesMm;          ///< one per panel: map or chart area below the title
    int columns = 1, rows = 1;
};

/// Throws std::invalid_argument saying what is wrong (no panels, sizes ≤ 0, dpi outside 50..2400, data of
/// mismatched sizes, a zoom window outside 0..100 %).
void validateFigure(const Figure& figure);
/// The page layout of a valid figure.
FigureLayout layoutFigure(const Figure& figure);
/// Page size in device pixels at `dpi`: round(mm / 25.4 × dpi).
QSize pixelSize(const FigureLayout& layout, double dpi);

}  // namespace topospike::figure
