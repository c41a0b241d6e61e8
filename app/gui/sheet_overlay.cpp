// QPainter overlays of the sheet view.

#include "gui/sheet_overlay.hpp"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "common/colormaps.hpp"

namespace topospike::gui::overlay {
namespace {

constexpr double barWidth = 14.0;
constexpr double gap = 5.0;

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString endLabel(const std::string& label, double value) {
    return label.empty() ? QString::number(value, 'g', 3) : qs(label);
}

QColor boxColor(const QPalette& palette) {
    QColor c = palette.color(QPalette::Window);
    c.setAlpha(210);
    return c;
}

bool hasColorbar(const app::SheetValues& v) {
    return !v.values.empty() && !v.scale.colormap.empty();
}

const app::Colormap* findColormap(const std::string& name) {
    try {
        return &app::colormap(name);
    } catch (const std::invalid_argument&) {
        return nullptr;
    }
}

QString categoryName(const app::SheetValues& v, std::size_t i) {
    return i < v.scale.categoryNames.size() ? qs(v.scale.categoryNames[i]) : QString::number(i);
}

}  // namespace

double niceLength(double target) {
    const double decade = std::pow(10.0, std::floor(std::log10(target)));
    double best = decade;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (std::abs(std::log(m * decade / target)) < std::abs(std::log(best / target))) best = m * decade;
    return best;
}

QString lengthLabel(double mm) {
    return QString::number(mm, 'g', 3) + " mm";
}

double colorbarWidth(const QFontMetricsF& metrics, const app::SheetValues& values) {
    if (!hasColorbar(values)) return 0.0;
    const auto* map = findColormap(values.scale.colormap);
    double labels = 0;
    if (map && map->categorical) {
        for (std::size_t i = 0; i < map->table.size(); ++i)
            labels = std::max(labels, metrics.horizontalAdvance(categoryName(values, i)));
        const double swatches = metrics.height() + gap + labels;
        return std::clamp(std::max(swatches, metrics.horizontalAdvance(qs(values.scale.title))), 50.0, 220.0);
    }
    labels = std::max(metrics.horizontalAdvance(endLabel(values.scale.minLabel, values.scale.min)),
                      metrics.horizontalAdvance(endLabel(values.scale.maxLabel, values.scale.max)));
    const double title = values.scale.title.empty() ? 0.0 : gap + metrics.height();
    return std::min(barWidth + gap + labels + title + gap, 220.0);
}

void paintColorbar(QPainter& p, const QRectF& panel, const app::SheetValues& values,
                   const QPalette& palette) {
    const auto* map = hasColorbar(values) ? findColormap(values.scale.colormap) : nullptr;
    if (!map || panel.width() <= 0) return;
    const QFontMetricsF fm(p.font());
    const QColor text = palette.color(QPalette::WindowText);
    p.save();
    p.setPen(text);
    if (map->categorical) {
        double y = panel.top();
        if (!values.scale.title.empty()) {
            p.drawText(QRectF(panel.left(), y, panel.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(qs(values.scale.title), Qt::ElideRight, panel.width()));
            y += fm.height() + gap;
        }
        const double side = fm.height() - 2;
        for (std::size_t i = 0; i < map->table.size() && y + side <= panel.bottom(); ++i) {
            p.fillRect(QRectF(panel.left(), y + 1, side, side), map->entry(i));
            p.drawRect(QRectF(panel.left(), y + 1, side, side));
            const double x = panel.left() + side + gap;
            p.drawText(QRectF(x, y, panel.right() - x, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(categoryName(values, i), Qt::ElideRight, panel.right() - x));
            y += fm.height() + 2;
        }
        p.restore();
        return;
    }
    // Gradient bar, top = the map's end (t = 1), with the end labels beside it.
    const double top = panel.top() + fm.height() / 2;
    const double height = std::max(0.0, std::min(panel.height() - fm.height(), 360.0));
    const QRectF bar(panel.left(), top, barWidth, height);
    const int n = static_cast<int>(map->table.size());
    QImage gradient(1, n, QImage::Format_RGB32);
    for (int i = 0; i < n; ++i) gradient.setPixelColor(0, n - 1 - i, map->entry(static_cast<std::size_t>(i)));
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(bar, gradient);
    p.setPen(QPen(text, 1));
    p.drawRect(bar);
    const QString maxText = endLabel(values.scale.maxLabel, values.scale.max);
    const QString minText = endLabel(values.scale.minLabel, values.scale.min);
    const double lx = bar.right() + gap;
    const double labels = std::max(fm.horizontalAdvance(maxText), fm.horizontalAdvance(minText));
    p.drawText(QRectF(lx, bar.top() - fm.height() / 2, labels + 1, fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter, maxText);
    p.drawText(QRectF(lx, bar.bottom() - fm.height() / 2, labels + 1, fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter, minText);
    if (!values.scale.title.empty()) {  // along the bar, read bottom to top, as matplotlib's colorbar label
        p.translate(lx + labels + gap, bar.bottom());
        p.rotate(-90);
        p.drawText(QRectF(0, 0, bar.height(), fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                   fm.elidedText(qs(values.scale.title), Qt::ElideRight, bar.height()));
    }
    p.restore();
}

void paintScaleBar(QPainter& p, const SheetView& view, const QPalette& palette) {
    if (view.pixelsPerMm <= 0 || view.viewport.width() < 40) return;
    const double mm = niceLength(view.viewport.width() / view.pixelsPerMm / 5.0);
    const double px = mm * view.pixelsPerMm;
    const QString label = lengthLabel(mm);
    const QFontMetricsF fm(p.font());
    const double boxW = std::max(px, fm.horizontalAdvance(label)) + 2 * gap;
    const double boxH = fm.height() + 4 + 2 * gap;
    const QRectF box(view.viewport.left() + gap, view.viewport.bottom() - gap - boxH, boxW, boxH);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(boxColor(palette));
    p.drawRoundedRect(box, 3, 3);
    const QColor text = palette.color(QPalette::WindowText);
    const double y = box.bottom() - gap - 2;
    p.fillRect(QRectF(box.left() + gap, y, px, 3), text);
    p.setPen(text);
    p.drawText(QRectF(box.left() + gap, box.top() + gap, boxW - 2 * gap, fm.height()), Qt::AlignHCenter,
               label);
    p.restore();
}

void paintPinRing(QPainter& p, QPointF center, double radius) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0, 0, 0), 4));
    p.drawEllipse(center, radius, radius);
    p.setPen(QPen(QColor(255, 255, 255), 2));
    p.drawEllipse(center, radius, radius);
    p.restore();
}

void paintMessage(QPainter& p, const QRectF& area, const QString& text, const QPalette& palette) {
    if (text.isEmpty() || area.width() < 20) return;
    const QFontMetricsF fm(p.font());
    const double width = std::min(area.width() * 0.8, 420.0);
    const QRectF bounds = fm.boundingRect(QRectF(0, 0, width, area.height()), Qt::TextWordWrap, text);
    QRectF box(0, 0, bounds.width() + 4 * gap, bounds.height() + 3 * gap);
    box.moveCenter(area.center());
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(boxColor(palette));
    p.drawRoundedRect(box, 5, 5);
    p.setPen(palette.color(QPalette::WindowText));
    p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, text);
    p.restore();
}

void paintHeader(QPainter& p, const QRectF& header, const QString& title, const QString& source,
                 const QPalette& palette) {
    const QFontMetricsF fm(p.font());
    p.save();
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette.color(QPalette::WindowText));
    const QString t = QFontMetricsF(bold).elidedText(title, Qt::ElideRight, header.width() * 0.6);
    p.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, t);
    p.restore();
    if (source.isEmpty()) return;
    p.save();
    QColor dim = palette.color(QPalette::WindowText);
    dim.setAlphaF(0.7f);
    p.setPen(dim);
    p.drawText(header, Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(source, Qt::ElideLeft, header.width() * 0.4));
    p.restore();
}

void paintCell(QPainter& p, const QRectF& cell, const QString& title, bool focused, const QPalette& palette) {
    const QFontMetricsF fm(p.font());
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(Qt::NoBrush);
    if (focused) {
        p.setPen(QPen(palette.color(QPalette::Highlight), 2));
    } else {
        QColor frame = palette.color(QPalette::WindowText);
        frame.setAlphaF(0.25f);
        p.setPen(QPen(frame, 1));
    }
    p.drawRoundedRect(cell.adjusted(1, 1, -1, -1), 3, 3);
    p.setPen(palette.color(QPalette::WindowText));
    p.drawText(QRectF(cell.left() + 3, cell.top() + 1, cell.width() - 6, fm.height()),
               Qt::AlignHCenter | Qt::AlignVCenter, fm.elidedText(title, Qt::ElideMiddle, cell.width() - 6));
    p.restore();
}

}  // namespace topospike::gui::overlay
