#include "common/nearest_units.hpp"

#include <algorithm>
#include <utility>

namespace topospike::app {

template <typename Real>
std::vector<std::int64_t> nearestUnits(std::span<const Real> xy, std::int64_t unit, int count) {
    const auto n = static_cast<std::int64_t>(xy.size() / 2);
    if (unit < 0 || unit >= n || count <= 0) return {};
    const Real x = xy[static_cast<std::size_t>(2 * unit)], y = xy[static_cast<std::size_t>(2 * unit + 1)];
    std::vector<std::pair<Real, std::int64_t>> d(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
        const Real dx = xy[static_cast<std::size_t>(2 * i)] - x, dy = xy[static_cast<std::size_t>(2 * i + 1)] - y;
        d[static_cast<std::size_t>(i)] = {i == unit ? Real(-1) : dx * dx + dy * dy, i};
    }
    const auto k = static_cast<std::size_t>(std::min<std::int64_t>(count, n));
    std::partial_sort(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(k), d.end());
    std::vector<std::int64_t> out(k);
    for (std::size_t i = 0; i < k; ++i) out[i] = d[i].second;
    return out;
}

template std::vector<std::int64_t> nearestUnits<float>(std::span<const float>, std::int64_t, int);
template std::vector<std::int64_t> nearestUnits<double>(std::span<const double>, std::int64_t, int);

}  // namespace topospike::app
