// Fonts and text on the figure canvas.
#include "figure/figure_canvas.hpp"

#include <QFontMetricsF>
#include <algorithm>
#include <cmath>

namespace topospike::figure {

namespace {
constexpr double kReferenceUnitsPerMm = 40.0;  // text is measured this finely, then converted to mm
}

QFont figureFont(double pt, double unitsPerMm, bool bold) {
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setStyleHint(QFont::SansSerif);
    font.setPixelSize(std::max(1, static_cast<int>(std::lround(pt * kMmPerPt * unitsPerMm))));
    font.setBold(bold);
    font.setHintingPreference(QFont::PreferNoHinting);  // the same glyph advances at every resolution
    return font;
}

double textWidthMm(const QString& text, double pt) {
    const QFontMetricsF metrics(figureFont(pt, kReferenceUnitsPerMm));
    return metrics.horizontalAdvance(text) / kReferenceUnitsPerMm;
}

QString elideMm(const QString& text, double pt, double widthMm) {
    const QFontMetricsF metrics(figureFont(pt, kReferenceUnitsPerMm));
    return metrics.elidedText(text, Qt::ElideRight, widthMm * kReferenceUnitsPerMm);
}

double lineHeightMm(double pt) {
    return pt * kMmPerPt * 1.25;
}

void Canvas::text(const QRectF& box, int flags, const QString& s, double pt, bool bold,
                  const QColor& color) const {
    if (s.isEmpty()) return;
    p.save();
    p.setFont(figureFont(pt > 0.0 ? pt : fontPt, k, bold));
    p.setPen(color);
    p.drawText(rect(box), flags, s);
    p.restore();
}

void Canvas::verticalText(const QPointF& centre, const QString& s, double pt) const {
    if (s.isEmpty()) return;
    const double size = pt > 0.0 ? pt : fontPt;
    const double w = textWidthMm(s, size) + 2.0 * lineHeightMm(size), h = lineHeightMm(size);
    p.save();
    p.translate(at(centre));
    p.rotate(-90.0);
    p.setFont(figureFont(size, k));
    p.setPen(Qt::black);
    p.drawText(QRectF(-d(w) / 2.0, -d(h) / 2.0, d(w), d(h)), Qt::AlignCenter, s);
    p.restore();
}

QPen Canvas::pen(const QColor& color, double widthMm, Qt::PenStyle style) const {
    QPen out(color, d(widthMm), style, Qt::FlatCap, Qt::MiterJoin);
    return out;
}

}  // namespace topospike::figure
