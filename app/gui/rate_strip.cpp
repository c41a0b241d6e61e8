#include "gui/rate_strip.hpp"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace topospike::gui {
namespace {
constexpr int kRowHeight = 22;
constexpr int kPad = 4;
}  // namespace

RateStrip::RateStrip(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("Population rate (fraction of units spiking) per timestep, one row per layer"));
}

void RateStrip::setRates(std::vector<std::pair<QString, std::vector<double>>> rates) {
    rates_ = std::move(rates);
    updateGeometry();
    update();
}

void RateStrip::setTimestep(int t) {
    if (t == t_) return;
    t_ = t;
    update();
}

QSize RateStrip::sizeHint() const { return {360, std::max(1, rows()) * kRowHeight + 2 * kPad}; }
QSize RateStrip::minimumSizeHint() const { return {160, std::max(1, rows()) * kRowHeight + 2 * kPad}; }

void RateStrip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const QColor text = palette().color(QPalette::WindowText);
    const QColor mid = palette().color(QPalette::Mid);
    if (rates_.empty()) {
        p.setPen(mid);
        p.drawText(rect(), Qt::AlignCenter, tr("Population rate per timestep: present a stimulus"));
        return;
    }
    int nameWidth = 0;
    for (const auto& [name, r] : rates_) nameWidth = std::max(nameWidth, fm.horizontalAdvance(name) + 2);
    nameWidth = std::min(nameWidth, width() / 3);
    const int labelWidth = fm.horizontalAdvance(QStringLiteral("max 0.000"));
    const int left = kPad + nameWidth + 2 * kPad;
    const int right = width() - kPad - labelWidth - kPad;
    if (right <= left) return;

    for (int row = 0; row < rows(); ++row) {
        const auto& [name, rate] = rates_[static_cast<std::size_t>(row)];
        const int top = kPad + row * kRowHeight;
        const QRect cell(left, top + 3, right - left, kRowHeight - 6);
        p.setPen(text);
        p.drawText(QRect(kPad, top, nameWidth, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                   fm.elidedText(name, Qt::ElideMiddle, nameWidth));
        p.setPen(mid);
        p.drawLine(cell.bottomLeft(), cell.bottomRight());
        if (rate.empty()) continue;
        double max = 0.0;
        for (double v : rate)
            if (std::isfinite(v)) max = std::max(max, v);
        const int n = static_cast<int>(rate.size());
        auto x = [&](int i) { return n == 1 ? cell.center().x() : cell.left() + cell.width() * i / double(n - 1); };
        QPainterPath line;
        for (int i = 0; i < n; ++i) {
            const double v = std::isfinite(rate[static_cast<std::size_t>(i)]) ? rate[static_cast<std::size_t>(i)] : 0.0;
            const double y = cell.bottom() - (max > 0.0 ? v / max : 0.0) * cell.height();
            if (i == 0) line.moveTo(x(i), y);
            else line.lineTo(x(i), y);
        }
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
        p.drawPath(line);
        if (n == 1) p.drawEllipse(line.currentPosition(), 2.0, 2.0);
        p.setPen(text);
        p.drawText(QRect(right + kPad, top, labelWidth, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                   QStringLiteral("max %1").arg(max, 0, 'g', 3));
        if (t_ >= 0 && t_ < n) {  // the current timestep
            p.setPen(QPen(text, 1, Qt::DashLine));
            const double xt = x(t_);
            p.drawLine(QPointF(xt, top + 1), QPointF(xt, top + kRowHeight - 1));
        }
    }
}

}  // namespace topospike::gui
