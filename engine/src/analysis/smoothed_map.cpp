#include "topospike/analysis/smoothed_map.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <tbb/parallel_for.h>

#include "map_numerics.hpp"

namespace topospike::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Unit {
    double x, y, value, sin, cos;
};

}  // namespace

std::vector<double> SmoothedMap::tdannImage(std::span<const double> grid) const {
    std::vector<double> out(grid.size());
    for (std::int64_t iy = 0; iy < ny; ++iy)
        for (std::int64_t ix = 0; ix < nx; ++ix)
            out[static_cast<std::size_t>((ny - 1 - iy) * nx + ix)] = grid[static_cast<std::size_t>(iy * nx + ix)];
    return out;
}

SmoothedMap smoothMap(std::span<const double> coordinates, std::span<const double> values, const SmoothedMapParams& p) {
    if (coordinates.size() != 2 * values.size())
        throw std::invalid_argument("smoothed map: " + std::to_string(values.size()) + " values for " +
                                    std::to_string(coordinates.size() / 2) + " positions");
    if (!(p.width > 0.0) || !(p.stride > 0.0)) throw std::invalid_argument("smoothed map: width and stride must be > 0 mm");
    const bool circular = p.aggregation == MapAggregation::CircularMean;
    const double period = p.tdannPeriodMinusOne ? p.period - 1.0 : p.period;
    if (circular && !(period > 0.0)) throw std::invalid_argument("smoothed map: the circular period must be > 0");

    std::vector<Unit> units;
    int maxMode = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (std::isnan(v)) continue;
        if (!std::isfinite(coordinates[2 * i]) || !std::isfinite(coordinates[2 * i + 1]))
            throw std::invalid_argument("smoothed map: non-finite position");
        if (p.aggregation == MapAggregation::Mode) {
            if (v < 0.0 || v > 65535.0 || v != std::floor(v))
                throw std::invalid_argument("smoothed map: mode needs integer values in [0, 65535]");
            maxMode = std::max(maxMode, static_cast<int>(v));
        }
        const double a = circular ? detail::circularAngle(v, period) : 0.0;
        units.push_back({coordinates[2 * i], coordinates[2 * i + 1], v, circular ? std::sin(a) : 0.0,
                         circular ? std::cos(a) : 0.0});
    }
    if (units.empty()) throw std::invalid_argument("smoothed map: no unit has a value");

    SmoothedMap m;
    m.params = p;
    m.unitsUsed = static_cast<std::int64_t>(units.size());
    double minX = units[0].x, maxX = minX, minY = units[0].y, maxY = minY;
    for (const Unit& u : units) {
        minX = std::min(minX, u.x);
        maxX = std::max(maxX, u.x);
        minY = std::min(minY, u.y);
        maxY = std::max(maxY, u.y);
    }
    m.nx = static_cast<std::int64_t>(std::floor((maxX - p.width) / p.stride));
    m.ny = static_cast<std::int64_t>(std::floor((maxY - p.width) / p.stride));
    if (m.nx < 1 || m.ny < 1)
        throw std::invalid_argument("smoothed map: the sheet (up to " + std::to_string(std::max(maxX, maxY)) +
                                    " mm) is too small for a " + std::to_string(p.width) + " mm window");
    m.xStarts = detail::linspace(minX, maxX - p.width, m.nx);
    m.yStarts = detail::linspace(minY, maxY - p.width, m.ny);
    const auto cells = static_cast<std::size_t>(m.nx * m.ny);
    m.values.assign(cells, kNaN);
    m.counts.assign(cells, 0);
    if (circular) m.circularStd.assign(cells, kNaN);

    std::sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) { return a.x < b.x; });
    tbb::parallel_for(std::int64_t{0}, m.nx, [&](std::int64_t ix) {
        const double x0 = m.xStarts[static_cast<std::size_t>(ix)], x1 = x0 + p.width;
        const auto lo = std::lower_bound(units.begin(), units.end(), x0, [](const Unit& u, double v) { return u.x < v; });
        const auto hi = std::upper_bound(lo, units.end(), x1, [](double v, const Unit& u) { return v < u.x; });
        std::vector<Unit> strip(lo, hi);
        std::sort(strip.begin(), strip.end(), [](const Unit& a, const Unit& b) { return a.y < b.y; });
        std::vector<std::int64_t> modeCounts(static_cast<std::size_t>(maxMode) + 1);
        for (std::int64_t iy = 0; iy < m.ny; ++iy) {
            const double y0 = m.yStarts[static_cast<std::size_t>(iy)], y1 = y0 + p.width;
            const auto a = std::lower_bound(strip.begin(), strip.end(), y0, [](const Unit& u, double v) { return u.y < v; });
            const auto b = std::upper_bound(a, strip.end(), y1, [](double v, const Unit& u) { return v < u.y; });
            const auto cell = static_cast<std::size_t>(iy * m.nx + ix);
            const auto n = static_cast<std::int64_t>(b - a);
            m.counts[cell] = n;
            if (n == 0) continue;
            switch (p.aggregation) {
                case MapAggregation::CircularMean: {
                    double s = 0, c = 0;
                    for (auto it = a; it != b; ++it) {
                        s += it->sin;
                        c += it->cos;
                    }
                    m.values[cell] = detail::circularMeanFromSums(s, c, period);
                    m.circularStd[cell] = detail::circularStdFromSums(s, c, static_cast<double>(n), period);
                    break;
                }
                case MapAggregation::Mean: {
                    double s = 0;
                    for (auto it = a; it != b; ++it) s += it->value;
                    m.values[cell] = s / static_cast<double>(n);
                    break;
                }
                case MapAggregation::Mode: {
                    std::fill(modeCounts.begin(), modeCounts.end(), 0);
                    for (auto it = a; it != b; ++it) ++modeCounts[static_cast<std::size_t>(it->value)];
                    m.values[cell] = static_cast<double>(std::max_element(modeCounts.begin(), modeCounts.end()) - modeCounts.begin());
                    break;
                }
            }
        }
    });
    return m;
}

}  // namespace topospike::analysis
