#include "topospike/analysis/alpha_shape.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include "topospike/analysis/delaunay.hpp"

namespace topospike::analysis {
namespace {

AlphaShape meanPoint(std::span<const double> xy) {
    AlphaShape s;
    const std::size_t n = xy.size() / 2;
    for (std::size_t i = 0; i < n; ++i) {
        s.centroidX += xy[2 * i] / static_cast<double>(n);
        s.centroidY += xy[2 * i + 1] / static_cast<double>(n);
    }
    return s;
}

}  // namespace

AlphaShape alphaShape(std::span<const double> xy, double alpha) {
    if (!(alpha > 0.0) || !std::isfinite(alpha)) throw std::invalid_argument("alpha shape: alpha must be > 0");
    const Triangulation tri = delaunay(xy);  // checks the coordinates
    const std::size_t n = xy.size() / 2;
    const std::size_t T = tri.triangles.size();
    auto P = [&](std::int32_t v, int c) { return xy[2 * static_cast<std::size_t>(v) + static_cast<std::size_t>(c)]; };

    std::vector<double> area(T);
    std::vector<char> kept(T), outside(T, 0);
    const double rmax = 1.0 / alpha;
    for (std::size_t t = 0; t < T; ++t) {
        const auto& v = tri.triangles[t];
        const double ax = P(v[0], 0), ay = P(v[0], 1), bx = P(v[1], 0), by = P(v[1], 1), cx = P(v[2], 0), cy = P(v[2], 1);
        area[t] = 0.5 * std::fabs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
        const double a = std::hypot(ax - bx, ay - by), b = std::hypot(bx - cx, by - cy), c = std::hypot(cx - ax, cy - ay);
        const double r = a * b * c / (4.0 * area[t]);  // inf or NaN for a flat triangle: not kept
        kept[t] = r < rmax;
    }
    if (n < 4) {  // TDANN: the convex hull
        if (T == 0) return meanPoint(xy);
        kept.assign(T, 1);
    }
    // Dropped triangles that reach the hull boundary through edges no kept triangle owns are outside.
    std::vector<std::size_t> stack;
    for (std::size_t t = 0; t < T; ++t) {
        if (kept[t]) continue;
        for (auto nb : tri.neighbours[t])
            if (nb < 0) {
                outside[t] = 1;
                stack.push_back(t);
                break;
            }
    }
    while (!stack.empty()) {
        const std::size_t t = stack.back();
        stack.pop_back();
        for (auto nb : tri.neighbours[t]) {
            if (nb < 0) continue;
            const auto u = static_cast<std::size_t>(nb);
            if (!kept[u] && !outside[u]) {
                outside[u] = 1;
                stack.push_back(u);
            }
        }
    }
    AlphaShape s;
    double mx = 0, my = 0;
    for (std::size_t t = 0; t < T; ++t) {
        if (outside[t]) continue;
        const auto& v = tri.triangles[t];
        s.area += area[t];
        mx += area[t] * (P(v[0], 0) + P(v[1], 0) + P(v[2], 0)) / 3.0;
        my += area[t] * (P(v[0], 1) + P(v[1], 1) + P(v[2], 1)) / 3.0;
        ++s.triangles;
    }
    if (s.area > 0) {
        s.centroidX = mx / s.area;
        s.centroidY = my / s.area;
    } else {
        const AlphaShape m = meanPoint(xy);
        s.centroidX = m.centroidX;
        s.centroidY = m.centroidY;
    }
    return s;
}

}  // namespace topospike::analysis
