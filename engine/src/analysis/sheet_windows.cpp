#include "topospike/analysis/sheet_windows.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "map_numerics.hpp"

namespace topospike::analysis {
namespace {

void checkCoordinates(std::span<const double> coordinates) {
    if (coordinates.size() % 2 != 0) throw std::invalid_argument("sheet windows: coordinates must be N x 2");
}

struct Range {
    double minX, maxX, minY, maxY;
};

Range rangeOf(std::span<const double> c) {
    Range r{c[0], c[0], c[1], c[1]};
    for (std::size_t i = 0; i < c.size(); i += 2) {
        r.minX = std::min(r.minX, c[i]);
        r.maxX = std::max(r.maxX, c[i]);
        r.minY = std::min(r.minY, c[i + 1]);
        r.maxY = std::max(r.maxY, c[i + 1]);
    }
    return r;
}

}  // namespace

std::vector<std::int64_t> unitsWithin(std::span<const double> c, double x0, double x1, double y0, double y1) {
    checkCoordinates(c);
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < c.size(); i += 2)
        if (c[i] >= x0 && c[i] <= x1 && c[i + 1] >= y0 && c[i + 1] <= y1) out.push_back(static_cast<std::int64_t>(i / 2));
    return out;
}

std::vector<SheetWindow> adjacentWindows(std::span<const double> c, const WindowParams& p) {
    checkCoordinates(c);
    if (!(p.width > 0.0)) throw std::invalid_argument("sheet windows: the window width must be > 0 mm");
    if (p.unitLimit && *p.unitLimit < 2) throw std::invalid_argument("sheet windows: the unit limit must be >= 2");
    if (p.windowLimit && *p.windowLimit < 1) throw std::invalid_argument("sheet windows: the window limit must be >= 1");
    if (p.edgeBuffer < 0) throw std::invalid_argument("sheet windows: the edge buffer must be >= 0");
    std::vector<SheetWindow> windows;
    const std::int64_t n = static_cast<std::int64_t>(c.size() / 2);
    if (n == 0) return windows;
    const Range r = rangeOf(c);
    const auto nx = static_cast<std::int64_t>(detail::pyFloorDiv(r.maxX - r.minX, p.width));
    const auto ny = static_cast<std::int64_t>(detail::pyFloorDiv(r.maxY - r.minY, p.width));
    std::vector<double> xs = detail::linspace(r.minX, r.maxX - p.width, nx);
    std::vector<double> ys = detail::linspace(r.minY, r.maxY - p.width, ny);
    for (auto& x : xs) x += p.shiftX;
    for (auto& y : ys) y += p.shiftY;
    auto trim = [&](std::vector<double>& v) {
        if (p.edgeBuffer == 0) return;
        const auto b = static_cast<std::size_t>(p.edgeBuffer);
        v = v.size() > 2 * b ? std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(b), v.end() - static_cast<std::ptrdiff_t>(b))
                             : std::vector<double>{};
    };
    trim(xs);
    trim(ys);

    // Units sorted by x: each window column is a contiguous run; within it, filter y.
    std::vector<std::int64_t> byX(static_cast<std::size_t>(n));
    std::iota(byX.begin(), byX.end(), 0);
    std::stable_sort(byX.begin(), byX.end(), [&](std::int64_t a, std::int64_t b) { return c[2 * a] < c[2 * b]; });
    const Rng root(p.seed);
    std::uint64_t windowIndex = 0;
    for (const double x0 : xs) {
        const double x1 = x0 + p.width;
        const auto lo = std::lower_bound(byX.begin(), byX.end(), x0, [&](std::int64_t u, double v) { return c[2 * u] < v; });
        const auto hi = std::upper_bound(lo, byX.end(), x1, [&](double v, std::int64_t u) { return v < c[2 * u]; });
        std::vector<std::int64_t> strip(lo, hi);
        std::sort(strip.begin(), strip.end());
        for (const double y0 : ys) {
            const double y1 = y0 + p.width;
            SheetWindow w{{}, x0, x1, y0, y1};
            for (const std::int64_t u : strip)
                if (c[2 * u + 1] >= y0 && c[2 * u + 1] <= y1) w.units.push_back(u);
            const std::uint64_t k = windowIndex++;
            if (p.unitLimit && static_cast<std::int64_t>(w.units.size()) > *p.unitLimit) {
                Rng rng = root.stream(k);
                std::vector<std::int64_t> pick = rng.sample(static_cast<std::int64_t>(w.units.size()), *p.unitLimit);
                std::vector<std::int64_t> kept;
                kept.reserve(pick.size());
                for (const std::int64_t i : pick) kept.push_back(w.units[static_cast<std::size_t>(i)]);
                std::sort(kept.begin(), kept.end());
                w.units = std::move(kept);
            }
            if (w.units.size() < 2) continue;
            windows.push_back(std::move(w));
        }
    }
    if (p.windowLimit && static_cast<std::int64_t>(windows.size()) > *p.windowLimit) {
        Rng rng = root.stream(std::uint64_t{1} << 32);
        std::vector<std::int64_t> pick = rng.sample(static_cast<std::int64_t>(windows.size()), *p.windowLimit);
        std::vector<SheetWindow> kept;
        for (const std::int64_t i : pick) kept.push_back(std::move(windows[static_cast<std::size_t>(i)]));
        windows = std::move(kept);
    }
    return windows;
}

SheetWindow randomSquare(std::span<const double> c, double width, Rng& rng) {
    checkCoordinates(c);
    if (c.empty()) throw std::invalid_argument("sheet windows: no units");
    if (!(width > 0.0)) throw std::invalid_argument("sheet windows: the square side must be > 0 mm");
    const Range r = rangeOf(c);
    const double h = width / 2.0;
    auto centre = [&](double lo, double hi) {
        return lo + h <= hi - h ? rng.uniform(lo + h, hi - h) : (lo + hi) / 2.0;
    };
    const double cx = centre(r.minX, r.maxX);
    const double cy = centre(r.minY, r.maxY);
    SheetWindow w{{}, cx - h, cx + h, cy - h, cy + h};
    w.units = unitsWithin(c, w.x0, w.x1, w.y0, w.y1);
    return w;
}

}  // namespace topospike::analysis
