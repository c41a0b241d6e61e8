#pragma once
// The drawing surface every figure part paints on: a QPainter on some device (QImage, QSvgGenerator,
// QPdfWriter) plus the scale from page millimetres to device units, so one routine gives the same picture in
// every format. Text sizes are set as pixel sizes computed from millimetres, never from the device's own
// notion of DPI.

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QString>

namespace topospike::figure {

/// Millimetres per typographic point.
inline constexpr double kMmPerPt = 25.4 / 72.0;

/// A font of `pt` points as a pixel size at `unitsPerMm` device units per mm (the family: DejaVu Sans, any
/// sans).
QFont figureFont(double pt, double unitsPerMm, bool bold = false);
/// Width of `text` in mm at `pt` points (measured at a fine reference scale; the layout works in mm).
double textWidthMm(const QString& text, double pt);
/// `text` shortened with an ellipsis to fit `widthMm` at `pt` points.
QString elideMm(const QString& text, double pt, double widthMm);
/// Height of a line of text at `pt` points, in mm.
double lineHeightMm(double pt);

struct Canvas {
    QPainter& p;
    double k = 1.0;             ///< device units per mm
    double dpi = 300.0;         ///< resolution of raster parts (point layers in vector files)
    bool rasterPoints = false;  ///< draw point layers as images (vector files without vectorPoints)
    double fontPt = 7.0;        ///< the figure's base text size

    double d(double mm) const { return mm * k; }
    QPointF at(const QPointF& mm) const { return mm * k; }
    QRectF rect(const QRectF& mm) const { return {mm.topLeft() * k, mm.size() * k}; }

    /// Draws `text` in the mm rectangle `box` with Qt alignment `flags`, at `pt` points (0: fontPt).
    void text(const QRectF& box, int flags, const QString& text, double pt = 0.0, bool bold = false,
              const QColor& color = Qt::black) const;
    /// Draws `text` turned 90° anticlockwise, centred on the mm point `centre` (axis and colorbar titles).
    void verticalText(const QPointF& centre, const QString& text, double pt = 0.0) const;
    /// A solid (or dashed) pen `widthMm` wide.
    QPen pen(const QColor& color, double widthMm, Qt::PenStyle style = Qt::SolidLine) const;
};

}  // namespace topospike::figure
