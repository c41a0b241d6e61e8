// TDANN's neighborhoods: random windows, the 5th-percentile trim, random subsampling (see neighborhoods.hpp).

#include "topospike/sheet/neighborhoods.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "location_grid.hpp"
#include "sampling.hpp"

namespace topospike::sheet {

std::int64_t trimSize(std::span<const std::int64_t> sizes, const NeighborhoodTrim& trim) {
    if (!(trim.keepFraction > 0.0 && trim.keepFraction <= 1.0))
        throw std::invalid_argument("neighborhood keep fraction must be in (0, 1]");
    if (trim.minSize < 0 || trim.maxSize < 1)
        throw std::invalid_argument("neighborhood sizes: need minSize >= 0 and maxSize >= 1");
    if (sizes.empty()) return 0;
    std::vector<std::int64_t> sorted(sizes.begin(), sizes.end());
    std::sort(sorted.begin(), sorted.end());
    // scipy.stats.scoreatpercentile, interpolation 'fraction': idx = per/100·(n − 1), then the weighted mean
    // of the two neighbours with weights (j − idx, idx − i), divided by the weights' sum.
    const double per = (1.0 - trim.keepFraction) * 100.0;
    const double idx = per / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto i = static_cast<std::size_t>(idx);
    double score = 0.0;
    if (static_cast<double>(i) == idx || i + 1 >= sorted.size()) {
        score = static_cast<double>(sorted[i]);
    } else {
        const double wLow = static_cast<double>(i + 1) - idx, wHigh = idx - static_cast<double>(i);
        score = (static_cast<double>(sorted[i]) * wLow + static_cast<double>(sorted[i + 1]) * wHigh) /
                (wLow + wHigh);
    }
    const auto atPercentile = static_cast<std::int64_t>(score);  // Python's int(): towards zero
    return std::min(std::max(atPercentile, trim.minSize), trim.maxSize);
}

std::vector<std::int64_t> unitsInWindow(std::span<const double> coordinates, double xlo, double xhi, double ylo,
                                        double yhi) {
    std::vector<std::int64_t> out;
    for (std::size_t u = 0; u + 1 < coordinates.size(); u += 2) {
        const double x = coordinates[u], y = coordinates[u + 1];
        if (x >= xlo && x <= xhi && y >= ylo && y <= yhi) out.push_back(static_cast<std::int64_t>(u / 2));
    }
    return out;
}

Neighborhoods makeNeighborhoods(std::span<const double> coordinates, double width, std::int64_t count, Rng& rng,
                                const NeighborhoodTrim& trim) {
    if (!std::isfinite(width) || width <= 0.0)
        throw std::invalid_argument("neighborhood width must be a positive number of mm");
    if (count < 0) throw std::invalid_argument("neighborhood count must not be negative");
    Neighborhoods out;
    const std::size_t n = coordinates.size() / 2;
    if (n == 0 || count == 0) return out;

    double xmin = coordinates[0], xmax = xmin, ymin = coordinates[1], ymax = ymin;
    for (std::size_t u = 0; u < n; ++u) {
        xmin = std::min(xmin, coordinates[2 * u]);
        xmax = std::max(xmax, coordinates[2 * u]);
        ymin = std::min(ymin, coordinates[2 * u + 1]);
        ymax = std::max(ymax, coordinates[2 * u + 1]);
    }
    const double r = width / 2.0;
    const auto windows = static_cast<std::size_t>(count);
    std::vector<double> cx(windows), cy(windows);
    for (double& x : cx) x = rng.uniform(xmin + r, xmax - r);  // as numpy: low + (high − low)·U, all x first
    for (double& y : cy) y = rng.uniform(ymin + r, ymax - r);
    const Rng subsampling(rng.next());

    const detail::LocationGrid grid(coordinates, width / 8);
    out.windowSizes.resize(windows);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, windows, 256), [&](const auto& range) {
        for (std::size_t t = range.begin(); t != range.end(); ++t)
            out.windowSizes[t] = grid.count(cx[t] - r, cx[t] + r, cy[t] - r, cy[t] + r);
    });

    const std::int64_t q = trimSize(out.windowSizes, trim);
    std::vector<std::size_t> kept;
    for (std::size_t t = 0; t < windows; ++t)
        if (q > 0 && out.windowSizes[t] >= q) kept.push_back(t);
    if (kept.empty()) return out;
    out.count = static_cast<std::int64_t>(kept.size());
    out.size = q;
    out.indices.resize(kept.size() * static_cast<std::size_t>(q));
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, kept.size(), 64), [&](const auto& range) {
        for (std::size_t k = range.begin(); k != range.end(); ++k) {
            const std::size_t t = kept[k];
            std::vector<std::int64_t> members = grid.pointsIn(cx[t] - r, cx[t] + r, cy[t] - r, cy[t] + r);
            Rng pick = subsampling.stream(t);
            detail::sampleInPlace(members, q, pick);
            std::copy(members.begin(), members.end(), out.indices.begin() + static_cast<std::ptrdiff_t>(k * static_cast<std::size_t>(q)));
        }
    });
    return out;
}

}  // namespace topospike::sheet
