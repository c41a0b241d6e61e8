#include "topospike/analysis/patches.hpp"

#include <tbb/parallel_for.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "topospike/analysis/alpha_shape.hpp"

namespace topospike::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>;

void checkXY(std::span<const double> xy) {
    if (xy.size() % 2 != 0 || xy.empty()) throw std::invalid_argument("patches: positions must be N x 2 with N > 0");
    for (double v : xy)
        if (!std::isfinite(v)) throw std::invalid_argument("patches: positions must be finite");
}

}  // namespace

void PatchParams::validate() const {
    auto bad = [](const std::string& what) { throw std::invalid_argument("patch parameters: " + what); };
    if (!std::isfinite(threshold)) bad("the threshold must be finite");
    if (gridSize < 2 || gridSize > 4096) bad("the grid must have 2..4096 anchors per side");
    if (!(sigma > 0) || !std::isfinite(sigma)) bad("sigma must be > 0");
    if (!(unitRadius > 0) || !std::isfinite(unitRadius)) bad("the unit radius must be > 0");
    if (minComponentUnits < 1 || minUnits < 1) bad("unit minimums must be >= 1");
    if (!(hullAlpha > 0) || !std::isfinite(hullAlpha)) bad("the hull alpha must be > 0");
    if (!(minArea >= 0) || !(maxArea >= minArea)) bad("need 0 <= minimum area <= maximum area");
}

SmoothedGrid smoothOnGrid(std::span<const double> xy, std::span<const std::vector<double>> maps,
                          const PatchParams& params, const CancelToken* cancel) {
    params.validate();
    checkXY(xy);
    const auto N = static_cast<std::int64_t>(xy.size() / 2);
    for (const auto& m : maps)
        if (static_cast<std::int64_t>(m.size()) != N)
            throw std::invalid_argument("patches: a map has " + std::to_string(m.size()) + " values for " +
                                        std::to_string(N) + " units");
    const double lo = *std::min_element(xy.begin(), xy.end()), hi = *std::max_element(xy.begin(), xy.end());
    if (!(hi > lo)) throw std::invalid_argument("patches: the positions span no area");
    const int G = params.gridSize;
    SmoothedGrid out;
    out.size = G;
    out.anchors.resize(static_cast<std::size_t>(G));
    for (int i = 0; i < G; ++i)  // np.linspace(lo, hi, G)
        out.anchors[static_cast<std::size_t>(i)] = i == G - 1 ? hi : lo + (hi - lo) / (G - 1) * i;

    // Columns of the right-hand side: per map its weighted t, then one weight sum per distinct NaN pattern
    // (maps without NaN share the plain sum, block 0).
    const std::size_t M = maps.size();
    std::vector<char> hasNaN(M, 0);
    for (std::size_t m = 0; m < M; ++m)
        hasNaN[m] = std::any_of(maps[m].begin(), maps[m].end(), [](double v) { return std::isnan(v); });
    std::vector<std::size_t> denomBlock(M, M);  // block index of each map's denominator
    std::size_t blocks = M + 1;
    for (std::size_t m = 0; m < M; ++m)
        if (hasNaN[m]) denomBlock[m] = blocks++;

    const double inv2s2 = 1.0 / (2.0 * params.sigma * params.sigma);
    constexpr std::int64_t kChunk = 2048;
    const std::int64_t chunks = (N + kChunk - 1) / kChunk;
    std::vector<Matrix> partial(static_cast<std::size_t>(chunks));
    tbb::parallel_for(std::int64_t{0}, chunks, [&](std::int64_t ch) {
        if (cancel) cancel->check();
        const std::int64_t u0 = ch * kChunk, n = std::min(N, u0 + kChunk) - u0;
        Matrix gy(G, n), rhs(n, static_cast<Eigen::Index>(G * blocks));
        for (std::int64_t j = 0; j < n; ++j) {
            const double x = xy[static_cast<std::size_t>(2 * (u0 + j))], y = xy[static_cast<std::size_t>(2 * (u0 + j) + 1)];
            for (int a = 0; a < G; ++a) {
                const double dy = y - out.anchors[static_cast<std::size_t>(a)];
                gy(a, j) = std::exp(-dy * dy * inv2s2);
            }
            for (int a = 0; a < G; ++a) {
                const double dx = x - out.anchors[static_cast<std::size_t>(a)];
                rhs(j, static_cast<Eigen::Index>(M) * G + a) = std::exp(-dx * dx * inv2s2);
            }
            for (std::size_t m = 0; m < M; ++m) {
                const double t = maps[m][static_cast<std::size_t>(u0 + j)];
                const bool ok = !std::isnan(t);
                for (int a = 0; a < G; ++a) {
                    const double gx = rhs(j, static_cast<Eigen::Index>(M) * G + a);
                    rhs(j, static_cast<Eigen::Index>(m) * G + a) = ok ? t * gx : 0.0;
                    if (hasNaN[m]) rhs(j, static_cast<Eigen::Index>(denomBlock[m]) * G + a) = ok ? gx : 0.0;
                }
            }
        }
        partial[static_cast<std::size_t>(ch)].noalias() = gy * rhs;
    });
    if (cancel) cancel->check();
    Matrix total = partial[0];
    for (std::size_t c = 1; c < partial.size(); ++c) total += partial[c];  // fixed order: deterministic

    out.maps.assign(M, std::vector<double>(static_cast<std::size_t>(G) * G));
    for (std::size_t m = 0; m < M; ++m)
        for (int r = 0; r < G; ++r)
            for (int c = 0; c < G; ++c) {
                const double num = total(r, static_cast<Eigen::Index>(m) * G + c);
                const double den = total(r, static_cast<Eigen::Index>(denomBlock[m]) * G + c);
                out.maps[m][static_cast<std::size_t>(r) * G + c] = den > 0 ? num / den : kNaN;
            }
    return out;
}

PatchResult findPatches(std::span<const double> xy, const SmoothedGrid& smoothed, std::size_t map,
                        const PatchParams& params) {
    params.validate();
    checkXY(xy);
    if (map >= smoothed.maps.size()) throw std::invalid_argument("patches: no such smoothed map");
    const int G = smoothed.size;
    const std::vector<double>& v = smoothed.maps[map];
    const auto N = static_cast<std::int64_t>(xy.size() / 2);
    PatchResult result;
    result.params = params;
    result.unitPatch.assign(static_cast<std::size_t>(N), -1);

    // 8-connected components of the thresholded map, numbered in raster order.
    std::vector<std::int32_t> label(static_cast<std::size_t>(G) * G, 0);
    std::vector<std::int64_t> pixels{0};
    std::vector<int> stack;
    auto on = [&](int i) { return v[static_cast<std::size_t>(i)] >= params.threshold && v[static_cast<std::size_t>(i)] > 0; };
    for (int i = 0; i < G * G; ++i) {
        if (label[static_cast<std::size_t>(i)] != 0 || !on(i)) continue;
        const auto id = static_cast<std::int32_t>(pixels.size());
        pixels.push_back(0);
        label[static_cast<std::size_t>(i)] = id;
        stack.assign(1, i);
        while (!stack.empty()) {
            const int p = stack.back();
            stack.pop_back();
            ++pixels.back();
            const int r = p / G, c = p % G;
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    const int rr = r + dr, cc = c + dc;
                    if (rr < 0 || rr >= G || cc < 0 || cc >= G) continue;
                    const int q = rr * G + cc;
                    if (label[static_cast<std::size_t>(q)] == 0 && on(q)) {
                        label[static_cast<std::size_t>(q)] = id;
                        stack.push_back(q);
                    }
                }
        }
    }
    const auto components = static_cast<std::int32_t>(pixels.size() - 1);
    result.components = components;

    // Units within unitRadius of a labelled anchor.
    std::vector<std::vector<std::int64_t>> members(static_cast<std::size_t>(components) + 1);
    const double lo = smoothed.anchors.front(), step = (smoothed.anchors.back() - lo) / (G - 1);
    const double R = params.unitRadius, R2 = R * R;
    for (std::int64_t u = 0; u < N && components > 0; ++u) {
        const double x = xy[static_cast<std::size_t>(2 * u)], y = xy[static_cast<std::size_t>(2 * u + 1)];
        const int c0 = std::max(0, static_cast<int>(std::ceil((x - R - lo) / step)) - 1);
        const int c1 = std::min(G - 1, static_cast<int>(std::floor((x + R - lo) / step)) + 1);
        const int r0 = std::max(0, static_cast<int>(std::ceil((y - R - lo) / step)) - 1);
        const int r1 = std::min(G - 1, static_cast<int>(std::floor((y + R - lo) / step)) + 1);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) {
                const std::int32_t id = label[static_cast<std::size_t>(r) * G + c];
                if (id == 0) continue;
                const double dx = smoothed.anchors[static_cast<std::size_t>(c)] - x;
                const double dy = smoothed.anchors[static_cast<std::size_t>(r)] - y;
                auto& list = members[static_cast<std::size_t>(id)];
                if (dx * dx + dy * dy < R2 && (list.empty() || list.back() != u)) list.push_back(u);
            }
    }

    std::vector<double> pts;
    for (std::int32_t id = 1; id <= components; ++id) {
        auto& units = members[static_cast<std::size_t>(id)];
        if (static_cast<std::int64_t>(units.size()) < params.minComponentUnits) continue;
        ++result.candidates;
        pts.clear();
        for (auto u : units) {
            pts.push_back(xy[static_cast<std::size_t>(2 * u)]);
            pts.push_back(xy[static_cast<std::size_t>(2 * u + 1)]);
        }
        const AlphaShape hull = alphaShape(pts, params.hullAlpha);
        if (hull.area < params.minArea || hull.area > params.maxArea ||
            static_cast<std::int64_t>(units.size()) < params.minUnits)
            continue;
        Patch p;
        p.area = hull.area;
        p.centroidX = hull.centroidX;
        p.centroidY = hull.centroidY;
        p.pixels = pixels[static_cast<std::size_t>(id)];
        p.component = id;
        p.units = std::move(units);
        const auto index = static_cast<std::int32_t>(result.patches.size());
        for (auto u : p.units)
            if (result.unitPatch[static_cast<std::size_t>(u)] < 0) result.unitPatch[static_cast<std::size_t>(u)] = index;
        result.patches.push_back(std::move(p));
    }
    return result;
}

PatchResult findPatches(std::span<const double> xy, std::span<const double> t, const PatchParams& params) {
    const std::vector<std::vector<double>> maps{std::vector<double>(t.begin(), t.end())};
    return findPatches(xy, smoothOnGrid(xy, maps, params), 0, params);
}

}  // namespace topospike::analysis
