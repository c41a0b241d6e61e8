#pragma once
// Where sheets go in the SheetCanvas: each layer's extent in mm, the mapping of a sheet into a widget
// rectangle (aspect kept: a millimetre is as wide as it is tall), and the split of the widget into the
// focused view, its colorbar and the small multiples.

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <array>
#include <vector>

namespace topospike::gui {

/// Automatic point diameter in unit spacings: a sheet looks filled, yet a unit's centre keeps its own colour.
inline constexpr double kPointDiameterInSpacings = 1.5;

/// A layer's bounding box in mm and the mean distance between neighbouring units.
struct SheetBounds {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double spacing = 1.0;  ///< sqrt(area / units): the side of the square each unit would fill
    double width() const noexcept { return x1 - x0; }
    double height() const noexcept { return y1 - y0; }
    QPointF center() const noexcept { return {(x0 + x1) / 2, (y0 + y1) / 2}; }
};
/// Bounds of N × 2 positions (mm); empty positions give a 1 mm box at the origin.
SheetBounds sheetBounds(const std::vector<float>& xy);

/// One sheet drawn into a widget rectangle: mm x to the right, mm y upwards.
struct SheetView {
    QRectF viewport;   ///< widget pixels (device-independent)
    QPointF centerMm;  ///< the sheet point drawn at the viewport's centre
    double pixelsPerMm = 1.0;

    QPointF toWidget(double xMm, double yMm) const noexcept;
    QPointF toMm(QPointF widget) const noexcept;
    /// Column-major 3 × 3 matrix taking (x mm, y mm, 1) to clip space of a widget of size `widget`.
    std::array<float, 9> mmToClip(QSizeF widget) const noexcept;
};
/// Pixels per mm at which the whole sheet, its edge units' points included, fits `viewport`.
double fitScale(const QRectF& viewport, const SheetBounds& bounds) noexcept;
/// The view of `bounds` in `viewport` at `zoom` (1 = fits) centred on `centerMm`.
SheetView makeView(const QRectF& viewport, const SheetBounds& bounds, double zoom, QPointF centerMm) noexcept;

/// The canvas split into rectangles (widget pixels).
struct SheetLayout {
    QRectF header;                   ///< title line of the focused layer
    QRectF main;                     ///< the focused layer's sheet
    QRectF colorbar;                 ///< colorbar panel right of it (empty width when there is none)
    std::vector<QRectF> cells;       ///< small multiple i: title and sheet (empty when hidden)
    std::vector<QRectF> cellSheets;  ///< the sheet part of cell i
    /// The small multiple under `p`, or -1.
    int cellAt(QPointF p) const noexcept;
};
/// Splits a widget of `size`: small multiples (when `smallMultiples` and more than one layer) in a strip
/// along the left side (landscape) or the bottom (portrait), the focused sheet in the rest with its header
/// line of `lineHeight` and a colorbar panel `colorbarWidth` wide on its right.
SheetLayout layoutSheets(QSizeF size, int layers, bool smallMultiples, double colorbarWidth,
                         double lineHeight);

}  // namespace topospike::gui
