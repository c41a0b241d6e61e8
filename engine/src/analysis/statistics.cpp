#include "topospike/analysis/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace topospike::analysis {

double median(std::span<const double> values) {
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::vector<double> v(values.begin(), values.end());
    const std::size_t n = v.size(), mid = n / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = v[mid];
    if (n % 2 == 1) return upper;
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    return (lower + upper) / 2.0;
}

double scoreAtPercentile(std::span<const double> values, double percent) {
    if (!(percent >= 0.0 && percent <= 100.0)) throw std::invalid_argument("percentile must be in [0, 100]");
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::vector<double> v(values.begin(), values.end());
    const double idx = percent / 100.0 * static_cast<double>(v.size() - 1);
    const auto i = static_cast<std::size_t>(idx);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
    const double a = v[i];
    if (static_cast<double>(i) == idx) return a;
    const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, v.end());
    const double j = static_cast<double>(i + 1);
    const double w0 = j - idx, w1 = idx - static_cast<double>(i);
    return (a * w0 + b * w1) / (w0 + w1);
}

double nanMean(std::span<const double> values) {
    double sum = 0.0;
    std::size_t n = 0;
    for (double x : values)
        if (!std::isnan(x)) {
            sum += x;
            ++n;
        }
    return n == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(n);
}

double pearson(std::span<const double> a, std::span<const double> b) {
    if (a.size() != b.size()) throw std::invalid_argument("pearson: the vectors differ in length");
    const std::size_t n = a.size();
    if (n < 2) return std::numeric_limits<double>::quiet_NaN();
    double ma = 0, mb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= static_cast<double>(n);
    mb /= static_cast<double>(n);
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double da = a[i] - ma, db = b[i] - mb;
        sab += da * db;
        saa += da * da;
        sbb += db * db;
    }
    if (!(saa > 0.0) || !(sbb > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

}  // namespace topospike::analysis
