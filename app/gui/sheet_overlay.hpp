#pragma once
// What SheetCanvas paints with QPainter over its OpenGL points: the colorbar (gradient, or swatches with
// category names), the scale bar in mm, the pinned unit's ring, panel titles and the "nothing to show"
// message. Text takes the palette's text colour; where it lies over points it sits on a semi-opaque
// background box.

#include <QPalette>
#include <QPointF>
#include <QRectF>
#include <QString>

#include "common/color_modes.hpp"
#include "gui/sheet_layout.hpp"

class QFontMetricsF;
class QPainter;

namespace topospike::gui::overlay {

/// The "nice" length (1, 2 or 5 × 10^k) nearest to `target` on a log scale; `target` must be positive.
double niceLength(double target);
/// "2 mm", "0.5 mm", "20 mm".
QString lengthLabel(double mm);

/// Width the colorbar panel of `values` needs (0 when there is nothing to draw a colorbar for).
double colorbarWidth(const QFontMetricsF& metrics, const app::SheetValues& values);
void paintColorbar(QPainter& p, const QRectF& panel, const app::SheetValues& values, const QPalette& palette);
/// A bar about a fifth of the visible width long, bottom left in the view.
void paintScaleBar(QPainter& p, const SheetView& view, const QPalette& palette);
/// A ring visible on any colour (dark outside, light inside).
void paintPinRing(QPainter& p, QPointF center, double radius);
/// `text` word-wrapped in a box centred in `area`.
void paintMessage(QPainter& p, const QRectF& area, const QString& text, const QPalette& palette);
/// The header line of the focused layer: title left, source right.
void paintHeader(QPainter& p, const QRectF& header, const QString& title, const QString& source,
                 const QPalette& palette);
/// A small multiple's frame and title; the focused one is framed in the highlight colour.
void paintCell(QPainter& p, const QRectF& cell, const QString& title, bool focused, const QPalette& palette);

}  // namespace topospike::gui::overlay
