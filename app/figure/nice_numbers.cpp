// Round numbers for axes and scale bars.
#include "figure/nice_numbers.hpp"

#include <algorithm>
#include <cmath>

namespace topospike::figure {

namespace {
double niceStep(double span, int target) {
    const double raw = span / std::max(1, target - 1);
    const double base = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * base * 1.0001) return m * base;
    return 10.0 * base;
}
}  // namespace

std::vector<double> niceTicks(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
    if (hi < lo) std::swap(lo, hi);
    if (hi - lo <= 0.0) return {lo};
    const double step = niceStep(hi - lo, target);
    const double eps = step * 1e-6;
    std::vector<double> out;
    for (double v = std::ceil((lo - eps) / step) * step; v <= hi + eps; v += step)
        out.push_back(std::abs(v) < eps ? 0.0 : v);
    return out;
}

double roundLengthBelow(double approx) {
    if (!(approx > 0.0) || !std::isfinite(approx)) return 1.0;
    const double base = std::pow(10.0, std::floor(std::log10(approx)));
    for (const double m : {5.0, 2.0, 1.0})
        if (m * base <= approx * 1.0001) return m * base;
    return base;
}

QString tickLabel(double v, double step) {
    const int decimals =
        step > 0.0 ? std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 8) : 3;
    QString s = QString::number(v, 'f', decimals);
    if (s.startsWith(QLatin1Char('-'))) {
        bool zero = true;
        for (const QChar c : s.mid(1)) zero = zero && (c == QLatin1Char('0') || c == QLatin1Char('.'));
        s = zero ? s.mid(1) : QStringLiteral("\u2212") + s.mid(1);
    }
    return s;
}

QString lengthLabel(double mm) {
    if (mm < 1.0) return QString::number(mm * 1000.0, 'g', 4) + QStringLiteral(" \u00b5m");
    return QString::number(mm, 'g', 4) + QStringLiteral(" mm");
}

}  // namespace topospike::figure
